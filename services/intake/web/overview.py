"""What the companion app shows, as typed values: the JSON API answers them and the pages
render them, so both always say the same thing.

- `Overview` ("my cases"): overdue referrals first (unacknowledged overdue notices, and
  referrals whose due time passed), then the other unacknowledged outcomes, then the
  companion's cases with their open loops. Outcomes delivered to the companion on cases
  that are not theirs (a supervisor's escalated notices) are listed, marked as such.
- `CaseDetail`: one timeline per referral — issued → answered → in progress → outcome →
  acknowledged — with times and the agency, overdue marks, and the outcomes to
  acknowledge. Never the child's identity: the case number and category only.

Each carries a ``version`` (a digest of everything else), which the page polls to know
when to reload.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from rujukan.directory import AgencyDirectory
from schemas.events import (
    ReferralAccepted,
    ReferralDeclined,
    SchoolReferralHandedOver,
    ServiceReported,
)
from schemas.events.referral import ReferralOverdue
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import CaseCategory, Escalation, ServiceType
from services.intake.domain import Case, CasePhase, Referral, StatusChange, loop_closed
from services.intake.domain.loop import pending_milestones
from services.intake.domain.overdue import DueNotice
from services.intake.repository import CaseSummary, InboxItem
from services.intake.usecases import IntakeHub
from services.intake.views import View, view_of

S = ReferralStatus
OutcomeKind = Literal["accepted", "declined", "reported", "overdue", "not_received", "other"]
StepName = Literal["issued", "answered", "in_progress", "outcome", "acknowledged"]
StepState = Literal["done", "current", "pending", "skipped"]

KINDS: dict[str, OutcomeKind] = {
    ReferralAccepted.event_type: "accepted",
    ReferralDeclined.event_type: "declined",
    ServiceReported.event_type: "reported",
    ReferralOverdue.event_type: "overdue",
    SchoolReferralHandedOver.event_type: "not_received",
}
"""How the app names each outcome; ``not_received`` is a referrer's hand-over of a child
who did not receive the service (BTG Pasal 18(6)k): the companion follows up."""


def outcome_kind(outcome_type: str) -> OutcomeKind:
    return KINDS.get(outcome_type, "other")


# --- "my cases" ---------------------------------------------------------------------------


class OverdueEntry(View):
    """An overdue referral: a notice to acknowledge, or a due time that has passed."""

    case_id: str
    case_number: str | None
    referral_id: str
    agency_id: str
    agency_name: str
    milestone: str | None = Field(description="answer, first_report or outcome, when known.")
    due_at: datetime | None
    notified_at: datetime | None = Field(description="When the overdue notice reached you.")
    escalated: bool = Field(description="A notice escalated to the companion's supervisor.")
    outcome_id: str | None = Field(description="The notice to acknowledge, if any.")
    own_case: bool = Field(description="False for a supervisor's notice on another's case.")


class InboxEntry(View):
    """An unacknowledged answer or report."""

    outcome_id: str
    case_id: str
    case_number: str | None
    referral_id: str
    kind: OutcomeKind
    agency_id: str
    agency_name: str
    final: bool
    recorded_at: datetime
    handed_over_from: str | None
    own_case: bool


class CaseEntry(View):
    case_id: str
    case_number: str | None
    category: str | None
    phase: str
    open_loops: int
    overdue: int
    unacknowledged: int
    updated_at: datetime


class Overview(View):
    companion_id: str
    overdue: list[OverdueEntry]
    inbox: list[InboxEntry]
    cases: list[CaseEntry]
    version: str = ""


def overview(hub: IntakeHub, companion_id: str) -> Overview:
    """The "my cases" page of ``companion_id``, as of the hub's clock."""
    now = hub.clock()
    with hub.reading() as repository:
        mine = repository.cases(companion_id=companion_id, limit=1000)
        inbox = repository.inbox(companion_id)
        own = sorted(c.case_id for c in mine)
        due = repository.overdue(own, now)
        others = sorted({i.case_id for i in inbox} - set(own))
        numbers = {c.case_id: c.case_number for c in mine}
        if others:
            rows = repository.cases(case_ids=others, limit=len(others))
            numbers.update({c.case_id: c.case_number for c in rows})
        overdue_cases = [repository.load(case_id).case for case_id in {n.case_id for n in due}]
    targets = {
        (case.case_id, r.referral_id): r.target_id
        for case in overdue_cases
        if case is not None
        for r in case.referrals.values()
    }
    return overview_of(companion_id, mine, inbox, due, numbers, targets, hub.directory, now)


def overview_of(
    companion_id: str,
    mine: Sequence[CaseSummary],
    inbox: Sequence[InboxItem],
    due: Sequence[DueNotice],
    numbers: Mapping[str, str | None],
    targets: Mapping[tuple[str, str], str],
    directory: AgencyDirectory,
    now: datetime,
) -> Overview:
    """The overview from what the hub's tables hold: the companion's cases, their inbox,
    the overdue due notices of their cases, case numbers, and the target of each referral
    (case id, referral id) with a due notice."""
    own = {c.case_id for c in mine}
    notices = [i for i in inbox if outcome_kind(i.outcome_type) == "overdue"]
    noticed = {(i.case_id, i.referral_id) for i in notices}
    first_due: dict[tuple[str, str], DueNotice] = {}
    for notice in due:
        first_due.setdefault((notice.case_id, notice.referral_id), notice)
    overdue = [
        _notice_entry(
            item, first_due.get((item.case_id, item.referral_id)), numbers, own, directory
        )
        for item in notices
    ]
    overdue += [
        OverdueEntry(
            case_id=notice.case_id,
            case_number=numbers.get(notice.case_id),
            referral_id=notice.referral_id,
            agency_id=targets.get(key, ""),
            agency_name=_name(directory, targets.get(key, "")),
            milestone=notice.milestone,
            due_at=notice.due_at,
            notified_at=None,
            escalated=False,
            outcome_id=None,
            own_case=True,
        )
        for key, notice in first_due.items()
        if key not in noticed
    ]
    overdue.sort(key=lambda e: (e.due_at or e.notified_at or now, e.case_id))
    entries = [
        view_of(
            InboxEntry,
            i,
            case_number=numbers.get(i.case_id),
            kind=outcome_kind(i.outcome_type),
            agency_name=_name(directory, i.agency_id),
            own_case=i.case_id in own,
        )
        for i in inbox
        if outcome_kind(i.outcome_type) != "overdue"
    ]
    view = Overview(
        companion_id=companion_id,
        overdue=overdue,
        inbox=entries,
        cases=_case_entries(mine, overdue, entries),
    )
    return view.model_copy(update={"version": _version(view)})


def _notice_entry(
    item: InboxItem,
    due: DueNotice | None,
    numbers: Mapping[str, str | None],
    own: set[str],
    directory: AgencyDirectory,
) -> OverdueEntry:
    return view_of(
        OverdueEntry,
        item,
        case_number=numbers.get(item.case_id),
        agency_name=_name(directory, item.agency_id),
        milestone=due.milestone if due else None,
        due_at=due.due_at if due else None,
        notified_at=item.delivered_at or item.recorded_at,
        escalated=item.escalation == Escalation.SUPERVISOR.value,
        own_case=item.case_id in own,
    )


def _case_entries(
    mine: Sequence[CaseSummary], overdue: Sequence[OverdueEntry], inbox: Sequence[InboxEntry]
) -> list[CaseEntry]:
    entries = [
        view_of(
            CaseEntry,
            c,
            overdue=len({e.referral_id for e in overdue if e.case_id == c.case_id}),
            unacknowledged=sum(1 for e in inbox if e.case_id == c.case_id),
        )
        for c in mine
        if c.phase != CasePhase.TERMINATED.value or c.open_loops
    ]
    entries.sort(key=lambda e: (not e.overdue, not e.open_loops))
    return entries


# --- one case -------------------------------------------------------------------------------


class StepView(View):
    """One step of a referral's timeline."""

    step: StepName
    state: StepState
    at: datetime | None
    agency_name: str | None
    result: str | None = Field(
        description="How the step went: accepted, declined, completed, expired..."
    )
    by: str | None = Field(default=None, description="Who acknowledged the outcome.")


class OutcomeLine(View):
    outcome_id: str
    kind: OutcomeKind
    agency_id: str
    agency_name: str
    final: bool
    recorded_at: datetime
    escalation: Escalation
    recipient_id: str | None
    acknowledged_at: datetime | None
    mine: bool = Field(description="Delivered to you: you acknowledge it.")


class OverdueMark(View):
    milestone: str
    due_at: datetime | None
    escalated: bool


class ReferralTimeline(View):
    referral_id: str
    stage: str
    service: ServiceType
    target_id: str
    target_name: str
    status: ReferralStatus
    offline: bool
    emergency: bool
    issued_at: datetime
    loop_closed: bool
    overdue: list[OverdueMark]
    steps: list[StepView]
    outcomes: list[OutcomeLine]
    unacknowledged: int = Field(description="Outcomes delivered to you, not yet acknowledged.")
    record_answer: bool = Field(description="An offline institution's answer may be recorded.")
    record_report: bool = Field(description="An offline institution's report may be recorded.")


class CaseDetail(View):
    """One case as its companion sees it, without the child's identity."""

    case_id: str
    case_number: str | None
    category: CaseCategory | None
    phase: CasePhase
    district: str
    open_loops: int
    referrals: list[ReferralTimeline]
    version: str = ""


def case_detail(hub: IntakeHub, case: Case, companion_id: str) -> CaseDetail:
    """``case`` as ``companion_id`` (its current companion) sees it now."""
    with hub.reading() as repository:
        due = repository.overdue([case.case_id], hub.clock())
    return detail_of(case, due, companion_id, hub.directory)


def detail_of(
    case: Case, due: Sequence[DueNotice], companion_id: str, directory: AgencyDirectory
) -> CaseDetail:
    """The case page from the case and its overdue due notices."""
    timelines = [
        _timeline(
            case, r, [d for d in due if d.referral_id == r.referral_id], companion_id, directory
        )
        for r in case.referrals.values()
    ]
    timelines.sort(key=lambda t: (not t.overdue, not t.unacknowledged, t.loop_closed, t.issued_at))
    view = view_of(
        CaseDetail,
        case,
        open_loops=sum(1 for t in timelines if not t.loop_closed),
        referrals=timelines,
    )
    return view.model_copy(update={"version": _version(view)})


def _timeline(
    case: Case,
    referral: Referral,
    due: Sequence[DueNotice],
    companion_id: str,
    directory: AgencyDirectory,
) -> ReferralTimeline:
    target = _name(directory, referral.target_id)
    outcomes = [
        view_of(
            OutcomeLine,
            o,
            kind=outcome_kind(o.outcome_type),
            agency_name=_name(directory, o.agency_id),
            mine=o.recipient_id == companion_id,
        )
        for o in case.outcomes.values()
        if o.referral_id == referral.referral_id
    ]
    open_case = not case.terminated
    return view_of(
        ReferralTimeline,
        referral,
        target_name=target,
        loop_closed=loop_closed(case, referral),
        overdue=_overdue_marks(referral, due),
        steps=_steps(case, referral, target),
        outcomes=outcomes,
        unacknowledged=sum(1 for o in outcomes if o.mine and o.acknowledged_at is None),
        record_answer=open_case and referral.offline and referral.status in (S.ISSUED, S.RECEIVED),
        record_report=open_case
        and referral.offline
        and referral.status in (S.ACCEPTED, S.IN_PROGRESS),
    )


def _overdue_marks(referral: Referral, due: Sequence[DueNotice]) -> list[OverdueMark]:
    """The milestones still pending whose due time passed or that a notice was sent for."""
    pending = pending_milestones(referral)
    noticed = {m for m, _escalation in referral.overdue_notices}
    escalated = {m for m, e in referral.overdue_notices if e is Escalation.SUPERVISOR}
    due_at = {d.milestone: d.due_at for d in due}
    return [
        OverdueMark(milestone=m, due_at=due_at.get(m), escalated=m in escalated)
        for m in pending
        if m in due_at or m in noticed
    ]


def _steps(case: Case, referral: Referral, target: str) -> list[StepView]:
    """issued → answered → in progress → outcome → acknowledged."""
    answer = _first(referral, S.ACCEPTED, S.DECLINED)
    started = _first(referral, S.IN_PROGRESS)
    report = next((r for r in reversed(referral.reports) if r.final), None)
    ended = _first(referral, S.COMPLETED, S.FAILED, S.EXPIRED, S.CANCELLED)
    closed = not referral.open
    steps: list[StepView] = [
        StepView(
            step="issued", state="done", at=referral.issued_at, agency_name=target, result=None
        )
    ]
    if answer is not None:
        steps.append(_done("answered", answer.at, target, answer.status.value))
    elif closed:
        steps.append(_skipped("answered"))
    else:
        received = "received" if referral.status is S.RECEIVED else None
        steps.append(_pending("answered", received))
    if started is not None:
        on_hold = "on_hold" if referral.status is S.ON_HOLD else None
        steps.append(_done("in_progress", started.at, target, on_hold))
    elif closed:
        steps.append(_skipped("in_progress"))
    else:
        steps.append(_pending("in_progress"))
    if report is not None:
        steps.append(_done("outcome", report.reported_at, target, report.status.value))
    elif ended is not None:
        steps.append(_done("outcome", ended.at, target, ended.status.value))
    elif closed:
        steps.append(_skipped("outcome"))
    else:
        steps.append(_pending("outcome"))
    finals = [
        o for o in case.outcomes.values() if o.referral_id == referral.referral_id and o.final
    ]
    if referral.status is S.CANCELLED:
        steps.append(_skipped("acknowledged"))
    elif loop_closed(case, referral):
        last = max(finals, key=lambda o: o.acknowledged_at or referral.issued_at)
        steps.append(
            StepView(
                step="acknowledged",
                state="done",
                at=last.acknowledged_at,
                agency_name=None,
                result=None,
                by=last.acknowledged_by,
            )
        )
    else:
        steps.append(_pending("acknowledged"))
    for index, step in enumerate(steps):
        if step.state == "pending":
            steps[index] = step.model_copy(update={"state": "current"})
            break
    return steps


def _first(referral: Referral, *statuses: ReferralStatus) -> StatusChange | None:
    return next((c for c in referral.history if c.status in statuses), None)


def _done(step: StepName, at: datetime, agency: str, result: str | None) -> StepView:
    return StepView(step=step, state="done", at=at, agency_name=agency, result=result)


def _pending(step: StepName, result: str | None = None) -> StepView:
    return StepView(step=step, state="pending", at=None, agency_name=None, result=result)


def _skipped(step: StepName) -> StepView:
    return StepView(step=step, state="skipped", at=None, agency_name=None, result=None)


def _name(directory: AgencyDirectory, agency_id: str) -> str:
    return directory.get(agency_id).name if agency_id in directory else agency_id


def _version(view: BaseModel) -> str:
    """A digest of everything the view shows: it changes when the page would."""
    body = view.model_dump_json(exclude={"version"})
    return hashlib.sha256(body.encode()).hexdigest()[:16]
