"""The education service of one agency as an app on its own SQLite database, migrated,
for the specifications that go through its runtime or its HTTP API."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from rujukan.runtime.http import create_app
from rujukan.runtime.settings import AgencySettings
from services.education import SERVICE
from tests.support.keys import shared_keys


def education_app(tmp_path_factory: pytest.TempPathFactory, agency_id: str) -> Iterator[FastAPI]:
    """The app of ``agency_id``'s education service, disposed of after the test module."""
    path = tmp_path_factory.mktemp("education") / "edu.db"
    settings = AgencySettings(
        agency_id=agency_id,
        database_url=f"sqlite:///{path}",
        **shared_keys().settings(agency_id),
    )
    app = create_app(SERVICE, settings, manage_runtime=False)
    app.state.runtime.migrate()
    try:
        yield app
    finally:
        app.state.runtime.engine.dispose()
