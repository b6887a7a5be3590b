"""The referral desk's pure core: one referral as this agency holds it, and the
decisions its staff and its inbox make about it.

Every decision takes the current :class:`DeskReferral` and returns a
:class:`Decision`: the referral's new state and the events to send to the case's hub,
in order. Status moves go through the network's one state machine
(:mod:`schemas.referral_status`) as the target (or, for cancellation and expiry, as
the referrer and its monitor). Nothing here touches a database, Kafka or HTTP.

Errors: :class:`~rujukan.errors.IllegalState` (HTTP 409) for a move the state machine
forbids, :class:`~rujukan.errors.RuleViolation` (HTTP 422) for input that breaks a
rule, each naming the rule and, where one exists, its article.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from pydantic import BaseModel, ConfigDict

from rujukan.desk.rules import (
    CANCELLED_BY_THE_REFERRER,
    CAPACITY_FOR_A_LISTED_SERVICE,
    CAPACITY_WITHIN_CAPACITY,
    DECLINE_OTHER_NEEDS_DETAIL,
    EXPIRED_BY_THE_REFERRER,
    HOLD_NEEDS_REASON,
    ONWARD_TO_ANOTHER_AGENCY,
    REFERRAL_ADDRESSED_TO_THIS_AGENCY,
    DeskReport,
    ReportContext,
    ReportDraft,
    ReportPolicy,
    desk_rules,
)
from rujukan.directory import Agency, AgencyDirectory
from rujukan.matrix import DistrictMatrix, TargetNotInMatrix, UnknownStage, check_referral_target
from rujukan.referrer import referral_issued
from rujukan.rules import REFERRAL_MATRIX, REFERRAL_STATE_MACHINE
from schemas.base import CaseEvent
from schemas.events import (
    CapacityNotice,
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralExpired,
    ReferralIssued,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    ServiceReported,
)
from schemas.facts import ReferredOn
from schemas.referral_status import (
    FINAL,
    REPORTABLE,
    IllegalTransition,
    ReferralStatus,
    Role,
    report_moves,
    transition,
)
from schemas.vocabulary import CaseCategory, DeclineReason, OutcomeStatus, ServiceType

S = ReferralStatus

INDONESIA_EAST = timezone(timedelta(hours=9), "WIT")
"""Indonesia's easternmost time zone (no daylight saving)."""

TAKES_REPORTS = REPORTABLE - {S.ON_HOLD}
"""What the contract lets a target report on (:data:`schemas.referral_status.REPORTABLE`),
but a paused service: its staff resume it first, so the hub sees it running again."""


def indonesian_today(now: datetime) -> date:
    """Today where the date changes first in Indonesia (WIT, UTC+9): a date that is
    today anywhere in the country is never taken for a future date."""
    return now.astimezone(INDONESIA_EAST).date()


class DeskReferral(BaseModel):
    """A referral addressed to this agency, as its desk holds it. The child's identity,
    when the referral carries one, is kept apart (``has_child_identity``)."""

    model_config = ConfigDict(frozen=True)

    referral_id: str
    case_id: str
    agency_id: str
    """This agency: the referral's target."""
    district: str
    stage: str
    service: ServiceType
    referrer_id: str
    hub_id: str
    """The case's hub, where every answer and report goes (ReferralIssued.outcome_hub)."""
    status: ReferralStatus
    issued_event_id: uuid.UUID
    """The ce_id of the ReferralIssued: the cause of every answer."""
    received_at: datetime
    updated_at: datetime
    duty: str | None = None
    category: CaseCategory | None = None
    note: str | None = None
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    parent_referral_id: str | None = None
    predecessor_id: str | None = None
    has_child_identity: bool = False
    decline_reason: DeclineReason | None = None
    decline_detail: str | None = None
    hold_reason: str | None = None
    closed_reason: str | None = None
    """Why the referrer cancelled it."""


@dataclass(frozen=True)
class Decision:
    """A decision's outcome: the referral's new state, the events for the case's hub
    (in order) and, for a report, the report."""

    referral: DeskReferral
    events: tuple[CaseEvent, ...] = ()
    report: DeskReport | None = None


@dataclass(frozen=True)
class OnwardDecision:
    """An onward referral: the origin's new state and its referred_on report, and the
    new referral (sent to the target and, as a copy, to the hub)."""

    origin: Decision
    issued: ReferralIssued


def _may_move(referral: DeskReferral, new: ReferralStatus, role: Role) -> None:
    """Raise IllegalState (409) unless ``role`` may move the referral to ``new``: the
    state is checked before the input, so a closed referral says so first."""
    try:
        transition(referral.status, new, role)
    except IllegalTransition as exc:
        raise REFERRAL_STATE_MACHINE.error(f"referral {referral.referral_id}: {exc}") from exc


def _move(
    referral: DeskReferral, new: ReferralStatus, role: Role, now: datetime, **changes: object
) -> DeskReferral:
    _may_move(referral, new, role)
    return referral.model_copy(update={"status": new, "updated_at": now, **changes})


# --- the inbox ----------------------------------------------------------------------


def receive(
    issued: ReferralIssued, *, agency_id: str, event_id: uuid.UUID, now: datetime
) -> Decision:
    """A referral arrived: store it (issued → received) and tell the case's hub."""
    if issued.target_id != agency_id:
        REFERRAL_ADDRESSED_TO_THIS_AGENCY.refuse(
            f"referral {issued.referral_id} is addressed to {issued.target_id}, not {agency_id}"
        )
    referral = DeskReferral(
        referral_id=issued.referral_id,
        case_id=issued.case_id,
        agency_id=agency_id,
        district=issued.district,
        stage=issued.stage,
        service=issued.service,
        referrer_id=issued.referrer_id,
        hub_id=issued.outcome_hub,
        status=S.ISSUED,
        issued_event_id=event_id,
        received_at=now,
        updated_at=now,
        duty=issued.duty,
        category=issued.category,
        note=issued.note,
        answer_due_at=issued.answer_due_at,
        outcome_due_on=issued.outcome_due_on,
        parent_referral_id=issued.parent_referral_id,
        predecessor_id=issued.predecessor_id,
        has_child_identity=issued.child is not None,
    )
    referral = _move(referral, S.RECEIVED, Role.TARGET, now)
    return Decision(referral, (_answer(ReferralReceived, referral),))


def cancel(referral: DeskReferral, event: ReferralCancelled, *, now: datetime) -> DeskReferral:
    """The referrer (or the case's hub) withdrew the referral. A cancellation that
    crossed this agency's final answer changes nothing: the referral stays final."""
    if event.referrer_id not in (referral.referrer_id, referral.hub_id):
        CANCELLED_BY_THE_REFERRER.refuse(
            f"referral {referral.referral_id} was issued by {referral.referrer_id}; "
            f"{event.referrer_id} cannot cancel it"
        )
    if referral.status in FINAL:
        return referral
    return _move(referral, S.CANCELLED, Role.REFERRER, now, closed_reason=event.reason)


def expire(referral: DeskReferral, event: ReferralExpired, *, now: datetime) -> DeskReferral:
    """Nobody answered in time (the referrer's monitor). An answer that crossed the
    expiry wins here: the referral keeps its status and the hub sees the answer."""
    if event.referrer_id not in (referral.referrer_id, referral.hub_id):
        EXPIRED_BY_THE_REFERRER.refuse(
            f"referral {referral.referral_id} was issued by {referral.referrer_id}; "
            f"{event.referrer_id} cannot expire it"
        )
    if referral.status not in (S.ISSUED, S.RECEIVED):
        return referral
    return _move(referral, S.EXPIRED, Role.MONITOR, now)


# --- staff answers --------------------------------------------------------------------


def accept(referral: DeskReferral, *, now: datetime, note: str | None = None) -> Decision:
    referral = _move(referral, S.ACCEPTED, Role.TARGET, now)
    event = _answer(ReferralAccepted, referral, accepted_at=now, note=_text(note))
    return Decision(referral, (event,))


def decline(
    referral: DeskReferral, *, reason: DeclineReason, detail: str | None, now: datetime
) -> Decision:
    """Decline with a reason from the closed list; 'other' needs a detail."""
    _may_move(referral, S.DECLINED, Role.TARGET)
    detail = _text(detail)
    if reason is DeclineReason.OTHER and detail is None:
        DECLINE_OTHER_NEEDS_DETAIL.refuse("detail: required when the reason is 'other'")
    referral = _move(
        referral, S.DECLINED, Role.TARGET, now, decline_reason=reason, decline_detail=detail
    )
    event = _answer(ReferralDeclined, referral, reason=reason, detail=detail, declined_at=now)
    return Decision(referral, (event,))


def hold(referral: DeskReferral, *, reason: str, now: datetime) -> Decision:
    """Pause an accepted or running service (e.g. the child is in hospital elsewhere)."""
    _may_move(referral, S.ON_HOLD, Role.TARGET)
    text = _text(reason)
    if text is None:
        HOLD_NEEDS_REASON.refuse("reason: say why the service is paused")
    referral = _move(referral, S.ON_HOLD, Role.TARGET, now, hold_reason=text)
    event = _answer(ReferralOnHold, referral, reason=text)
    return Decision(referral, (event,))


def resume(referral: DeskReferral, *, now: datetime) -> Decision:
    """on_hold → in_progress. (The machine also moves accepted → in_progress, but that
    is a first report's move, not a resumption.)"""
    if referral.status is not S.ON_HOLD:
        REFERRAL_STATE_MACHINE.refuse(
            f"referral {referral.referral_id} is {referral.status}: only a paused referral resumes"
        )
    referral = _move(referral, S.IN_PROGRESS, Role.TARGET, now, hold_reason=None)
    return Decision(referral, (_answer(ReferralResumed, referral),))


# --- service reports --------------------------------------------------------------------


def report(
    referral: DeskReferral,
    draft: ReportDraft,
    *,
    report_id: str,
    history: tuple[DeskReport, ...],
    policy: ReportPolicy,
    now: datetime,
    onward: bool = False,
) -> Decision:
    """Record one step or the final result of the service and report it to the hub.

    The first report moves an accepted referral to in_progress; a final one walks on
    to completed (completed or partially completed) or failed (not delivered).
    ``history`` is this agency's earlier reports on the case, oldest first; ``onward``
    for the report `refer_on` makes of the referral it sends on.
    """
    if referral.status not in TAKES_REPORTS:
        REFERRAL_STATE_MACHINE.refuse(_why_no_report(referral))
    context = ReportContext(
        referral_id=referral.referral_id,
        service=referral.service,
        status=referral.status,
        draft=draft,
        history=history,
        today=indonesian_today(now),
    )
    warnings = [*desk_rules(onward=onward)(context), *policy(context)]
    for step in report_moves(referral.status, draft.status, draft.final):
        referral = _move(referral, step, Role.TARGET, now)
    made = DeskReport(
        report_id=report_id,
        referral_id=referral.referral_id,
        case_id=referral.case_id,
        seq=len(context.referral_history()) + 1,
        status=draft.status,
        final=draft.final,
        facts=tuple(draft.facts),
        not_delivered_reason=draft.not_delivered_reason,
        document_ref=draft.document_ref,
        reported_at=now,
        warnings=tuple(dict.fromkeys(warnings)),
    )
    event = _answer(
        ServiceReported,
        referral,
        report_id=report_id,
        status=made.status,
        not_delivered_reason=made.not_delivered_reason,
        final=made.final,
        facts=list(made.facts),
        document_ref=made.document_ref,
        reported_at=now,
    )
    return Decision(referral, (event,), made)


def _why_no_report(referral: DeskReferral) -> str:
    status = referral.status
    if status in (S.ISSUED, S.RECEIVED):
        hint = "accept it first"
    elif status is S.ON_HOLD:
        hint = "resume it first"
    else:
        hint = "it is closed"
    return f"referral {referral.referral_id} is {status} and takes no report: {hint}"


# --- onward referral ----------------------------------------------------------------------


def refer_on(
    origin: DeskReferral,
    *,
    target_id: str,
    matrix: DistrictMatrix,
    directory: AgencyDirectory,
    onward_referral_id: str,
    report_id: str,
    history: tuple[DeskReport, ...],
    policy: ReportPolicy,
    now: datetime,
    note: str | None = None,
    outcome_due_on: date | None = None,
    final: bool = False,
) -> OnwardDecision:
    """Send the child on to another agency of the same stage (a puskesmas to the RSUD).

    The target must be listed for the origin's stage in the district's matrix
    (KH Lampiran I). The new referral names the case's hub and its origin, so the chain
    stays visible to the hub and the companion (LT Pasal 17(3)); the origin records a
    referred_on report (``final`` closes it as completed). The child's identity is not
    passed on: it leaves the hub only to the agency whose referral needs it.
    """
    if origin.status not in TAKES_REPORTS:
        REFERRAL_STATE_MACHINE.refuse(
            f"referral {origin.referral_id} is {origin.status}: accept it before referring on"
        )
    if target_id == origin.agency_id:
        ONWARD_TO_ANOTHER_AGENCY.refuse("target_id: an onward referral goes to another agency")
    try:
        row = check_referral_target(matrix, directory, origin.stage, target_id)
    except TargetNotInMatrix as exc:
        raise REFERRAL_MATRIX.error(f"target_id: {exc}", article=exc.source) from exc
    except UnknownStage as exc:
        raise REFERRAL_MATRIX.error(str(exc)) from exc
    issued = referral_issued(
        row,
        case_id=origin.case_id,
        referral_id=onward_referral_id,
        district=origin.district,
        referrer_id=origin.agency_id,
        target_id=target_id,
        hub_id=origin.hub_id,
        category=origin.category,
        outcome_due_on=outcome_due_on,
        parent_referral_id=origin.referral_id,
        note=note,
    )
    draft = ReportDraft(
        status=OutcomeStatus.COMPLETED,
        final=final,
        facts=[ReferredOn(to_agency=target_id, onward_referral_id=onward_referral_id)],
    )
    decision = report(
        origin, draft, report_id=report_id, history=history, policy=policy, now=now, onward=True
    )
    return OnwardDecision(decision, issued)


# --- capacity ---------------------------------------------------------------------------


def capacity_notice(
    agency: Agency,
    *,
    service: ServiceType,
    available: int,
    capacity: int | None,
    matrix: DistrictMatrix,
    now: datetime,
) -> CapacityNotice:
    """A notice of how much of a service this agency can take now, for the hubs of its
    district. Only for a service the district's matrix lists the agency for."""
    if capacity is not None and available > capacity:
        CAPACITY_WITHIN_CAPACITY.refuse(
            f"available: {available} is more than the capacity {capacity}"
        )
    listed = [row for row in matrix.rows if row.matches(agency, matrix.district)]
    if not any(row.service is service for row in listed):
        services = ", ".join(sorted({row.service.value for row in listed})) or "none"
        sources = ", ".join(dict.fromkeys(row.source for row in matrix.rows))
        CAPACITY_FOR_A_LISTED_SERVICE.refuse(
            f"service: the {matrix.district} referral matrix does not list {agency.id} for "
            f"{service} (listed for: {services})",
            article=sources,
        )
    return CapacityNotice(
        agency_id=agency.id, service=service, available=available, capacity=capacity, as_of=now
    )


# --- helpers ------------------------------------------------------------------------------


def _answer(kind: Callable[..., CaseEvent], referral: DeskReferral, **fields: object) -> CaseEvent:
    """This agency's answer ``kind`` on ``referral``, with the answer's own ``fields``."""
    return kind(
        case_id=referral.case_id,
        referral_id=referral.referral_id,
        agency_id=referral.agency_id,
        **fields,
    )


def _text(value: str | None) -> str | None:
    """Free text as the events take it: stripped, and None when blank."""
    if value is None:
        return None
    return value.strip() or None
