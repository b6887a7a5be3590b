"""The education service of one agency as an app on its own SQLite database, migrated,
for the specifications that go through its runtime or its HTTP API."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from services.education import SERVICE
from tests.support.services import app_on_sqlite


def education_app(tmp_path_factory: pytest.TempPathFactory, agency_id: str) -> Iterator[FastAPI]:
    """The app of ``agency_id``'s education service, disposed of after the test module."""
    app = app_on_sqlite(SERVICE, agency_id, tmp_path_factory.mktemp("education") / "edu.db")
    app.state.runtime.migrate()
    try:
        yield app
    finally:
        app.state.runtime.engine.dispose()
