"""What staff read of the reports (the listing, one report's detail, its identities,
referrals and deadlines) and what a victim or reporter may learn of their own process
(SKW Pasal 66(1)a): read sessions only, each view typed."""

from dataclasses import asdict

from rujukan.errors import NotFound
from schemas.school import Handler, PartyRole
from services.education.domain import SchoolReport
from services.education.repository import DeadlineRow, ReferralRow, SchoolRepository
from services.education.usecases.school import ReportFilter, ReportGuard, School, anyone, everything
from services.education.views import (
    DeadlineView,
    DecisionOutcome,
    IdentityList,
    ProcessView,
    ReferralView,
    ReportDetail,
    ReportSummary,
)

IDENTITIES_READ = "education.report.identities.read"
IDENTITIES_PURPOSE = "examination of a school report (SKW 33, 44(2); UU 27/2022)"
"""Why the TPPK or Satgas that examines is shown who the parties are."""


def summary(report: SchoolReport) -> ReportSummary:
    """A report as a list shows it: no parties, no school, no records."""
    return ReportSummary.model_validate(report)


def reports(
    school: School, handler: Handler | None = None, visible: ReportFilter = everything
) -> list[ReportSummary]:
    with school.read_sessions() as session:
        found = school.repository(session).reports(handler.value if handler else None)
    return [summary(r) for r in found if visible(r)]


def detail(school: School, reference: str, guard: ReportGuard = anyone) -> ReportDetail:
    with school.read_sessions() as session:
        repo = school.repository(session)
        report = repo.load(reference)
        guard(report)
        return ReportDetail(
            report=report,
            steps_reached=list(report.steps_reached),
            hub_cases=repo.hub_cases(reference),
            referrals=referral_views(repo, repo.referrals_of(reference)),
            notices=repo.notices_of(reference),
            deadlines=[deadline_view(r) for r in repo.deadlines(reference)],
            records=repo.records_of(reference),
            unroutable=repo.unroutable_of(reference),
            copies=repo.copies_of(reference),
        )


def identities(school: School, reference: str, guard: ReportGuard = anyone) -> IdentityList:
    """Who the parties are, recorded in the audit trail before it is returned."""
    with school.read_sessions() as session:
        repo = school.repository(session)
        guard(repo.load(reference))
        found = repo.identities(reference)
    if found:
        school.audit.identity_read(IDENTITIES_READ, IDENTITIES_PURPOSE, report_ref=reference)
    return IdentityList(reference=reference, identities=list(found.values()))


def referral_view(school: School, referral_id: str, guard: ReportGuard = anyone) -> ReferralView:
    with school.read_sessions() as session:
        repo = school.repository(session)
        row = repo.referral(referral_id)
        guard(repo.load(row.reference))
        return referral_views(repo, [row])[0]


def deadlines(
    school: School, *, missed_only: bool = False, visible: ReportFilter = everything
) -> list[DeadlineView]:
    with school.read_sessions() as session:
        repo = school.repository(session)
        rows = repo.deadlines(missed_only=missed_only)
        seen = {r.reference for r in repo.reports() if visible(r)}
    return [deadline_view(r) for r in rows if r.reference in seen]


def process(
    school: School, reference: str, party_id: str, guard: ReportGuard = anyone
) -> ProcessView:
    """SKW Pasal 66(1)a for a victim or reporter of the report; anyone else learns
    nothing, not even that the report exists (404)."""
    with school.read_sessions() as session:
        repo = school.repository(session)
        try:
            report = repo.load(reference)
            guard(report)
            party = report.party(party_id)
        except NotFound:
            raise NotFound(f"no school report {reference!r} for {party_id!r}") from None
        if not (party.has(PartyRole.VICTIM) or party.has(PartyRole.REPORTER)):
            raise NotFound(f"no school report {reference!r} for {party_id!r}")
        own = [r for r in repo.referrals_of(reference) if r.party_id == party_id]
        referrals = referral_views(repo, own)
        rows = repo.deadlines(reference)
    decision = report.decision
    recovery = next((r.on for r in report.recoveries if r.party_id == party_id), None)
    return ProcessView(
        reference=reference,
        handler=report.handler,
        satgas_reasons=list(report.satgas_reasons),
        status=report.status,
        steps_reached=list(report.steps_reached),
        stops=[stop.reason for stop in report.stops],
        conclusion=report.conclusion.finding if report.conclusion else None,
        decision=None
        if decision is None
        else DecisionOutcome.model_validate(
            dict(decision) | {"sanctions": report.effective_sanctions}
        ),
        objection_outcome=report.objection_ruling.outcome if report.objection_ruling else None,
        recovery_started_on=recovery,
        referrals=referrals,
        deadlines=[deadline_view(r, named=False) for r in rows if r.party_id in ("", party_id)],
    )


def referral_views(repo: SchoolRepository, rows: list[ReferralRow]) -> list[ReferralView]:
    """Referrals as they stand in ``repo``'s session, each with its outcomes."""
    outcomes = repo.outcomes_of([r.referral_id for r in rows])
    return [
        ReferralView.model_validate(row).model_copy(update={"outcomes": outcomes[row.referral_id]})
        for row in rows
    ]


def deadline_view(row: DeadlineRow, *, named: bool = True) -> DeadlineView:
    """A deadline as shown; ``named=False`` leaves out whose it is (a victim or reporter
    sees their own and the report's)."""
    return DeadlineView.model_validate(
        asdict(row)
        | {
            "party_id": (row.party_id or None) if named else None,
            "missed_announced_at": row.missed_notified_at,
        }
    )
