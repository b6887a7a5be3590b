"""The education service's section of the district's report: school reports by form,
handler, step and deadline (SKW Pasal 34(2), 37–38: the Satgas and the Dinas follow every
report's handling and deadlines; BTG Pasal 16(6), 19(7)), protected here so that a small
count never leaves the service.

Read from the service's own tables (``education_reports``: origin, handler, step and the
forms of the stored report; ``education_deadlines``: each statutory deadline and whether
it was met), never from ``education_party_identities`` or a record's free text. A report
counts in the period it was received; its deadlines with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from rujukan.disclosure import CountTable, count_table, labels, section
from rujukan.report_periods import Period
from rujukan.runtime.reports import report_router
from rujukan.runtime.service import AgencyRuntime
from schemas.school import Handler, ReportOrigin, ViolenceForm
from services.education import tables as t
from services.education.domain.deadlines import DeadlineStatus
from services.education.domain.report import ProcessStatus


def school_tables(
    reports: Sequence[Mapping[str, Any]], deadlines: Sequence[Mapping[str, Any]], period: Period
) -> list[CountTable]:
    """The tables of the reports received in ``period`` and their deadlines."""
    chosen = [r for r in reports if period.contains(r["received_on"])]
    references = {r["reference"] for r in chosen}
    handlers = ("handler", labels(Handler))
    return [
        count_table(
            "school_reports_by_step",
            "School reports, by handler and step (SKW 37–38, BTG 16)",
            handlers,
            ("step", labels(ProcessStatus)),
            ((r["handler"], r["status"]) for r in chosen),
            population="school_reports",
        ),
        count_table(
            "school_reports_by_origin",
            "School reports and TPPK findings (SKW 36(3), 41)",
            ("origin", labels(ReportOrigin)),
            ("count", ("count",)),
            ((r["origin"], "count") for r in chosen),
            population="school_reports",
        ),
        count_table(
            "school_reports_by_form",
            "Forms of violence reported, by handler (a report may name several forms)",
            ("form", labels(ViolenceForm)),
            handlers,
            ((form, r["handler"]) for r in chosen for form in r["state"].get("forms", ())),
        ),
        count_table(
            "school_deadlines",
            "Statutory deadlines of the school reports (SKW 46, 51, 58(2), 62, 64)",
            ("rule", tuple(sorted({d["rule"] for d in deadlines if d["reference"] in references}))),
            ("deadline", labels(DeadlineStatus)),
            ((d["rule"], d["status"]) for d in deadlines if d["reference"] in references),
        ),
    ]


def education_section(
    session: Session, agency_id: str, district: str, period: Period
) -> dict[str, Any]:
    """The service's protected section for ``period`` and the one before it."""
    r = t.report.c
    reports = [
        dict(row._mapping)
        for row in session.execute(
            select(r.reference, r.origin, r.handler, r.status, r.received_on, r.state)
        )
    ]
    d = t.deadline.c
    deadlines = [
        dict(row._mapping) for row in session.execute(select(d.reference, d.rule, d.status))
    ]
    previous = period.previous()
    return section(
        agency_id=agency_id,
        district=district,
        period=period.as_json(),
        previous=previous.as_json(),
        tables=school_tables(reports, deadlines, period),
        previous_tables=school_tables(reports, deadlines, previous),
    )


def router(runtime: AgencyRuntime) -> APIRouter:
    """``GET /reports/section``: this section, for the district's reporting role."""

    def build(session: Session, period: Period) -> dict[str, Any]:
        return education_section(session, runtime.agency.id, runtime.agency.district, period)

    return report_router(runtime, build)
