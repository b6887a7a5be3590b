"""Retention settings: minutes (for a soak) override days, and an inbox that would
forget events its senders may still re-publish is refused."""

from datetime import timedelta

import pytest
from pydantic import ValidationError

from rujukan.runtime.settings import AgencySettings


def test_retention_in_minutes_overrides_the_days() -> None:
    settings = AgencySettings(
        agency_id="kh-rsud", outbox_retention_minutes=5, inbox_retention_minutes=10
    )
    assert settings.outbox_retention() == timedelta(minutes=5)
    assert settings.inbox_retention() == timedelta(minutes=10)


def test_the_defaults_keep_inbox_rows_longer_than_outbox_rows() -> None:
    settings = AgencySettings(agency_id="kh-rsud")
    assert settings.outbox_retention() == timedelta(days=7)
    assert settings.inbox_retention() == timedelta(days=30)


def test_an_inbox_retention_shorter_than_the_outbox_retention_is_refused() -> None:
    with pytest.raises(ValidationError, match="inbox retention"):
        AgencySettings(agency_id="kh-rsud", outbox_retention_days=7, inbox_retention_minutes=60)
