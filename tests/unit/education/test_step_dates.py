"""The education service bounds every date a step claims by today in its district's own
time zone, from its own clock (SKW Pasal 46, 51, 62, 64): a report or a step dated after
the local today is refused before any rule counts from it."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI

from rujukan.errors import RuleViolation
from schemas.school import PartyRole, ReportChannel
from services.education import school_service
from services.education.domain import SchoolReport
from services.education.domain import rules as r
from services.education.domain.commands import RequestStatement
from services.education.repository import SchoolRepository
from services.education.usecases import SchoolService
from services.education.usecases.opening import Opening
from tests.unit.education.apps import education_app
from tests.unit.education.builders import VICTIM, pupil

LATE_EVENING_UTC = datetime(2026, 3, 9, 18, 30, tzinfo=UTC)
"""Monday 9 March 2026 in UTC, already Tuesday 10 March (01:30) in Singkawang (WIB)."""
LOCAL_TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    yield from education_app(tmp_path_factory, "skw-disdik")


@pytest.fixture
def service(app: FastAPI) -> SchoolService:
    """Singkawang's service on a clock at 18:30 UTC on 9 March, 10 March at home."""
    return school_service(app.state.runtime, clock=lambda: LATE_EVENING_UTC)


def opened(service: SchoolService, on: date | None) -> SchoolReport:
    return service.open_report(
        Opening(ReportChannel.LETTER, ["sd-1"], [VICTIM, pupil("r1", PartyRole.REPORTED)], on=on)
    )


def test_today_is_the_district_date_not_the_utc_date(service: SchoolService) -> None:
    assert service.today() == LOCAL_TODAY
    assert opened(service, None).received_on == LOCAL_TODAY


def test_a_report_dated_after_the_local_today_is_refused_skw_46(service: SchoolService) -> None:
    with pytest.raises(RuleViolation) as refused:
        opened(service, date(2026, 3, 11))

    assert (refused.value.rule, refused.value.article) == (
        r.STEP_NOT_AFTER_TODAY.name,
        "SKW Pasal 46, 51, 62, 64",
    )
    assert "after today (2026-03-10)" in str(refused.value)


def test_a_step_dated_after_the_local_today_is_refused_and_not_recorded(
    service: SchoolService,
) -> None:
    report = opened(service, date(2026, 3, 9))

    with pytest.raises(RuleViolation) as refused:
        service.run(report.reference, RequestStatement(party_id="v1", on=date(2030, 1, 2)))

    assert refused.value.rule == r.STEP_NOT_AFTER_TODAY.name
    with service.read_sessions() as session:
        assert SchoolRepository(session).load(report.reference).statement_requests == ()


def test_a_step_dated_the_local_today_is_accepted_though_utc_is_a_day_behind(
    service: SchoolService,
) -> None:
    report = opened(service, date(2026, 3, 9))

    after = service.run(report.reference, RequestStatement(party_id="v1", on=LOCAL_TODAY))

    assert [s.on for s in after.statement_requests] == [LOCAL_TODAY]
