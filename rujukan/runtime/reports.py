"""The route every agency that counts for the district's report serves:
``GET /reports/section?from=&to=``, for the district's reporting role only.

The agency computes its own section with disclosure control applied
(:mod:`rujukan.disclosure`), so a small count never leaves it; ``rujukan report`` joins
the sections of a district's agencies. The route never returns an identity or free text.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from rujukan.report_periods import Period, report_period
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.routing import api_router
from rujukan.runtime.service import AgencyRuntime

REPORT_ROLE = "report_officer"
"""The district's reporting role (``rujukan/data/roles.csv``): counts, never identities."""
SECTION_PATH = "/reports/section"

SectionBuilder = Callable[[Session, Period], dict[str, Any]]
"""What an agency counts for a period, protected: (read session, period) → section."""


def report_router(runtime: AgencyRuntime, build: SectionBuilder) -> APIRouter:
    """The agency's ``GET /reports/section``, answered from a read-only session."""
    api = api_router(tags=["reports"])

    @api.get(SECTION_PATH, dependencies=[requires(REPORT_ROLE)])
    def report_section(
        start: Annotated[date, Query(alias="from", description="First day of the period.")],
        end: Annotated[date, Query(alias="to", description="Last day of the period.")],
    ) -> dict[str, Any]:
        """Counts of the agency's cases in a period and the one before it, with
        disclosure control applied here (``docs/reports.md``): never an identity, never
        free text."""
        period = report_period(start, end)
        with runtime.read_sessions() as session:
            return build(session, period)

    return api
