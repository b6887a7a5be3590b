"""The hub's section of the district's report (KH Pasal 4(c)–(d), BLU Pasal 13, 18(d), 19,
BTG Pasal 16(6)): cases, referrals, deadlines, escalations and acknowledgements counted
from the case journals, protected here so that a small count never leaves the hub.

Built from what the hub durably records: every case of the district is folded from its
journal (``intake_journal``); the child's identity record is skipped, so the identity
table is never read. Only closed vocabularies, stages and agency ids become rows and
columns; no free text (a decline's detail, an outcome's summary) is read into a figure.
A case counts in the period it was opened (its complaint received) or closed; a
referral in the period it was issued; an outcome in the period it was recorded. Times
and dates are the district's (its time zone, its working days from `rujukan.calendar`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from rujukan.calendar import WorkingDayCalendar
from rujukan.disclosure import CountTable, Measure, count_table, labels, section
from rujukan.referral_deadlines import district_timezone, load_referral_deadlines
from rujukan.report_html import district_name, html, join, page_policy
from rujukan.report_periods import Period, report_period, semester
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.reports import REPORT_ROLE, report_router
from rujukan.runtime.service import AgencyRuntime
from rujukan.stamps import aware
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    ComplaintChannel,
    DeclineReason,
    Escalation,
    OverdueKind,
    ServiceType,
    TerminationReason,
)
from services.intake import tables
from services.intake.domain import Case, Recorded, fold
from services.intake.domain.journal import journal_item
from services.intake.domain.loop import ANSWER, OUTCOME
from services.intake.domain.model import Referral
from services.intake.domain.overdue import _deadline as deadline_of
from services.intake.domain.records import ChildIdentityRecorded
from services.intake.web.pages import LOGIN

PAGE_PATH = "/companion/reports"
"""The report page, under the companion app so that its sign-in session reaches it."""

UNREGISTERED = "unregistered"
"""The category of a case not (yet) registered with one."""
SKIPPED_KINDS = frozenset({ChildIdentityRecorded.record_type})
"""Journal entries a report never reads: the child's identity."""
TRAFFICKING_SERVICES = (ServiceType.REPATRIATION, ServiceType.REINTEGRATION)
DEADLINE_COLUMNS = ("met", "missed", "open")
NO_OUTCOME_OWED = frozenset({ReferralStatus.DECLINED, ReferralStatus.EXPIRED})
"""A referral in these was never taken on: no outcome was owed."""


def district_cases(session: Session, district: str) -> Iterator[Case]:
    """Every case of ``district`` folded from its journal, the identity left out."""
    c, j = tables.cases.c, tables.journal.c
    rows = session.execute(
        select(j.case_id, j.at, j.kind, j.payload)
        .join(tables.cases, c.case_id == j.case_id)
        .where(c.district == district, j.kind.not_in(SKIPPED_KINDS))
        .order_by(j.case_id, j.seq)
    )
    current: str | None = None
    entries: list[Recorded] = []
    for case_id, at, kind, payload in rows:
        if case_id != current:
            yield from _folded(entries)
            current, entries = case_id, []
        entries.append(Recorded(aware(at), journal_item(kind, payload)))
    yield from _folded(entries)


def _folded(entries: list[Recorded]) -> Iterator[Case]:
    case = fold(entries) if entries else None
    if case is not None:
        yield case


class Counting:
    """The figures of one period from the district's cases."""

    def __init__(self, district: str, period: Period, as_of: datetime) -> None:
        self.period = period
        self.zone = district_timezone(district)
        self.calendar = WorkingDayCalendar.for_district(district)
        self.rules = load_referral_deadlines()
        self.as_of = min(as_of, datetime.combine(period.end, datetime.max.time(), self.zone))

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def within(self, moment: datetime | None) -> bool:
        return moment is not None and self.period.contains(self.day(moment))

    def working_days(self, start: datetime, end: datetime) -> int:
        first, last = self.day(start), self.day(end)
        return self.calendar.working_days_between(first, last) if last >= first else 0

    def tables(self, cases: Sequence[Case]) -> list[CountTable]:
        pairs = [
            (case, r) for case in cases for r in case.referrals.values() if self.within(r.issued_at)
        ]
        referrals = [r for _case, r in pairs]
        return [
            *self.case_tables(cases),
            *self.referral_tables(referrals),
            *self.deadline_tables(pairs),
            self.escalations(referrals),
            *self.turns(referrals),
            self.acknowledgements(cases),
            self.trafficking(cases),
        ]

    def case_tables(self, cases: Sequence[Case]) -> list[CountTable]:
        opened = [c for c in cases if self.within(c.complaint.received_at)]
        closed = [c for c in cases if c.termination and self.within(c.termination.terminated_at)]
        return [
            count_table(
                "cases_opened",
                "Cases opened, by category and channel (LT Pasal 9, 11)",
                ("category", labels(CaseCategory, UNREGISTERED)),
                ("channel", labels(ComplaintChannel)),
                ((_category(c), c.complaint.channel.value) for c in opened),
            ),
            count_table(
                "cases_closed",
                "Cases closed, by category and reason (LT Pasal 20)",
                ("category", labels(CaseCategory, UNREGISTERED)),
                ("reason", labels(TerminationReason)),
                ((_category(c), c.termination.reason.value) for c in closed if c.termination),
            ),
        ]

    def referral_tables(self, referrals: Sequence[Referral]) -> list[CountTable]:
        stages = tuple(sorted({r.stage for r in referrals}))
        agencies = tuple(sorted({r.target_id for r in referrals}))
        return [
            count_table(
                "referrals_by_stage",
                "Referrals issued, by stage and service (KH Lampiran I)",
                ("stage", stages),
                ("service", labels(ServiceType)),
                ((r.stage, r.service.value) for r in referrals),
                population="referrals",
            ),
            count_table(
                "referrals_by_agency",
                "Referrals issued, by agency and status",
                ("agency", agencies),
                ("status", labels(ReferralStatus)),
                ((r.target_id, r.status.value) for r in referrals),
                population="referrals",
            ),
        ]

    def deadline_tables(self, pairs: Sequence[tuple[Case, Referral]]) -> list[CountTable]:
        """Each referral's answer and outcome against the network's service standards
        (``rujukan/data/referral_deadlines.csv``) or the due date it was issued with, as
        the hub's deadline monitor reckons them."""
        services = labels(ServiceType)
        live = [(c, r) for c, r in pairs if r.status is not ReferralStatus.CANCELLED]
        return [
            count_table(
                "answer_deadlines",
                "Answers due, met and missed (LT Pasal 17(3))",
                ("service", services),
                ("deadline", DEADLINE_COLUMNS),
                self.states(live, ANSWER, lambda r: r.answered_at),
            ),
            count_table(
                "outcome_deadlines",
                "Final outcomes due, met and missed",
                ("service", services),
                ("deadline", DEADLINE_COLUMNS),
                self.states(
                    [(c, r) for c, r in live if r.status not in NO_OUTCOME_OWED],
                    OUTCOME,
                    _final_report_at,
                ),
            ),
        ]

    def states(
        self,
        pairs: Sequence[tuple[Case, Referral]],
        milestone: str,
        done_at: Callable[[Referral], datetime | None],
    ) -> Iterator[tuple[str, str]]:
        """(service, met|missed|open) of every referral with a deadline for ``milestone``."""
        for case, r in pairs:
            due = deadline_of(case, r, milestone, self.rules)
            if due is None:
                continue
            done = done_at(r)
            if done is not None:
                yield r.service.value, "met" if done <= due.due_at else "missed"
            else:
                yield r.service.value, "missed" if self.as_of > due.due_at else "open"

    def escalations(self, referrals: Sequence[Referral]) -> CountTable:
        return count_table(
            "escalations",
            "Overdue notices, by milestone and to whom",
            ("milestone", labels(OverdueKind)),
            ("escalation", labels(Escalation)),
            ((milestone, level.value) for r in referrals for milestone, level in r.overdue_notices),
        )

    def turns(self, referrals: Sequence[Referral]) -> list[CountTable]:
        return [
            count_table(
                "declines",
                "Referrals declined, by reason",
                ("reason", labels(DeclineReason)),
                ("count", ("count",)),
                ((r.decline_reason.value, "count") for r in referrals if r.decline_reason),
            ),
            count_table(
                "reroutings",
                "Referrals re-routed to another agency of the stage, by service",
                ("service", labels(ServiceType)),
                ("count", ("count",)),
                ((r.service.value, "count") for r in referrals if r.predecessor_id),
            ),
        ]

    def acknowledgements(self, cases: Sequence[Case]) -> CountTable:
        outcomes = [o for c in cases for o in c.outcomes.values() if self.within(o.recorded_at)]
        return count_table(
            "outcomes_acknowledged",
            "Outcomes delivered to companions and acknowledged (LT Pasal 17(3))",
            ("agency", tuple(sorted({o.agency_id for o in outcomes}))),
            ("acknowledged", ("acknowledged", "waiting")),
            ((o.agency_id, "acknowledged" if o.acknowledged_at else "waiting") for o in outcomes),
        )

    def trafficking(self, cases: Sequence[Case]) -> CountTable:
        """Repatriations and reintegrations of trafficking victims, with whether the
        child's or guardian's consent (the service contract, LT Pasal 14) is recorded
        (KH Pasal 4(c)–(d), BLU Pasal 13)."""
        found = (
            (r.service.value, "consent_recorded" if c.contract else "no_consent_recorded")
            for c in cases
            if c.category is CaseCategory.TRAFFICKING
            for r in c.referrals.values()
            if r.service in TRAFFICKING_SERVICES and self.within(r.issued_at)
        )
        return count_table(
            "trafficking_returns",
            "Trafficking victims: repatriations and reintegrations, consent recorded",
            ("service", tuple(s.value for s in TRAFFICKING_SERVICES)),
            ("consent", ("consent_recorded", "no_consent_recorded")),
            found,
        )

    def measures(self, cases: Sequence[Case]) -> list[Measure]:
        answers: dict[str, list[float]] = {}
        outcomes: dict[str, list[float]] = {}
        for case in cases:
            for r in case.referrals.values():
                if not self.within(r.issued_at):
                    continue
                if r.answered_at is not None:
                    answers.setdefault(r.service.value, []).append(
                        self.working_days(r.issued_at, r.answered_at)
                    )
                final = _final_report_at(r)
                if final is not None:
                    outcomes.setdefault(r.service.value, []).append(
                        self.working_days(r.issued_at, final)
                    )
        return [
            Measure("answer_days", "Median time to answer, by service", "working days", answers),
            Measure(
                "outcome_days",
                "Median time to the final outcome, by service",
                "working days",
                outcomes,
            ),
        ]


def _final_report_at(r: Referral) -> datetime | None:
    finals = [report.reported_at for report in r.reports if report.final]
    return min(finals) if finals else None


def _category(case: Case) -> str:
    category = case.category or case.complaint.suspected_category
    return category.value if category else UNREGISTERED


def hub_section(
    session: Session, agency_id: str, district: str, period: Period, now: datetime
) -> dict[str, Any]:
    """The hub's protected section for ``period`` and the period before it."""
    cases = list(district_cases(session, district))
    current, previous = Counting(district, period, now), Counting(district, period.previous(), now)
    return section(
        agency_id=agency_id,
        district=district,
        period=period.as_json(),
        previous=period.previous().as_json(),
        tables=current.tables(cases),
        previous_tables=previous.tables(cases),
        measures=current.measures(cases),
    )


def router(runtime: AgencyRuntime) -> APIRouter:
    """``GET /reports/section`` (JSON) and ``GET /companion/reports`` (the page, signed
    in at the companion app's sign-in): this section, for the district's reporting role."""

    def build(session: Session, period: Period) -> dict[str, Any]:
        agency = runtime.agency
        return hub_section(session, agency.id, agency.district, period, datetime.now(UTC))

    api = report_router(runtime, build)

    @api.get(
        PAGE_PATH,
        response_class=HTMLResponse,
        dependencies=[requires(REPORT_ROLE, sign_in=LOGIN)],
        summary="The report page of the district's reporting role",
        include_in_schema=False,
    )
    def report_page(
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="to")] = None,
    ) -> HTMLResponse:
        """This hub's section as a page, with charts; by default the current semester
        (BTG Pasal 16(6)). The district's whole report is ``rujukan report``."""
        today = datetime.now(district_timezone(runtime.agency.district)).date()
        period = (
            semester(today.year, 1 if today.month <= 6 else 2)
            if start is None or end is None
            else report_period(start, end)
        )
        with runtime.read_sessions() as session:
            counted = build(session, period)
        district = runtime.agency.district
        generated = datetime.now(UTC).replace(microsecond=0).isoformat()
        report = join(district, district_name(district) or district, generated, [counted])
        return HTMLResponse(
            html(report, form=True), headers={"Content-Security-Policy": page_policy()}
        )

    return api
