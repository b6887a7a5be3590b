"""Decisions on referrals (LT Pasal 10, 17; KH Pasal 1 angka 16, Lampiran I).

The hub issues, re-routes, cancels and expires referrals; the target's answers (received,
accepted, declined, on hold, resumed, service reports) arrive as commands recorded by the
hub (or by the companion for an institution that runs no software). Every status move goes
through the network's one state machine, :func:`schemas.referral_status.transition`,
with the role that makes it: the target answers, the referrer cancels, the monitor expires.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from rujukan.matrix import MatrixRow
from rujukan.referrer import referral_issued
from schemas.events.outcome import ServiceReported
from schemas.events.referral import (
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralExpired,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
)
from schemas.facts import fact_fits_service
from schemas.referral_status import (
    REROUTABLE,
    IllegalTransition,
    ReferralStatus,
    Role,
    report_moves,
)
from services.intake.domain.commands import (
    AcceptReferral,
    CancelReferral,
    DeclineReferral,
    ExpireReferral,
    IssueReferral,
    MarkReferralReceived,
    PutReferralOnHold,
    ReportService,
    RerouteReferral,
    ResumeReferral,
)
from services.intake.domain.guards import (
    known_referral,
    matrix_row,
    move,
    open_case,
    same_district,
    text,
    valid_fields,
)
from services.intake.domain.journal import Decision, PublicEvent
from services.intake.domain.model import Case, Referral
from services.intake.domain.network import Network
from services.intake.domain.records import ReferralRoutingRecorded
from services.intake.domain.return_checks import (
    consent_before_return,
    emergency_for_safety_and_health,
)
from services.intake.domain.rules import (
    ANSWER_FROM_TARGET,
    ONE_OPEN_REFERRAL_PER_TARGET,
    REFERRAL_FOLLOWS_PLAN,
    REFERRAL_ID_UNIQUE,
    REFERRAL_NEEDS_PLAN,
    REFERRAL_STATE_MACHINE,
    REPORT_FACTS_FIT_SERVICE,
    REPORT_ONCE,
    REROUTE_ONCE,
    REROUTE_ONLY_DECLINED_OR_EXPIRED,
    REROUTE_TO_ANOTHER_TARGET,
)

S = ReferralStatus


def decide_issue_referral(
    case: Case | None, command: IssueReferral, now: datetime, network: Network
) -> Decision:
    """Issue a referral (LT Pasal 17).

    A planned referral needs the agreed plan and follows it: its stage and target are a
    line of the current plan (LT Pasal 17(1)), and its outcome is due on the line's date
    unless the caller says otherwise. An emergency referral (LT Pasal 10) needs only the
    complaint. Either way the target must be listed for the stage in the district's
    matrix (KH Lampiran I, LT Pasal 17(2)).
    """
    case = open_case(case)
    same_district(case, network)
    new_referral_id(case, command.referral_id)
    outcome_due_on = command.outcome_due_on
    if not command.emergency:
        plan = case.plan
        if plan is None:
            REFERRAL_NEEDS_PLAN.refuse(
                f"case {case.case_id} has no agreed intervention plan; only an emergency "
                "referral (LT Pasal 10) may precede it"
            )
        line = plan.line_for(command.stage, command.target_id)
        if line is None:
            REFERRAL_FOLLOWS_PLAN.refuse(
                f"plan version {plan.version} does not ask {command.target_id} for "
                f"{command.stage}; agree a new plan or issue an emergency referral"
            )
        outcome_due_on = outcome_due_on or line.due_on
    row = matrix_row(network, command.stage, command.target_id)
    emergency_for_safety_and_health(command, row)
    consent_before_return(case, row, network)
    if command.parent_referral_id is not None:
        known_referral(case, command.parent_referral_id)
    no_open_duplicate(case, command.stage, command.target_id)
    return _issue(
        case,
        network,
        now,
        command,
        row=row,
        emergency=command.emergency,
        outcome_due_on=outcome_due_on,
        predecessor_id=None,
        parent_referral_id=command.parent_referral_id,
    )


def decide_reroute_referral(
    case: Case | None, command: RerouteReferral, now: datetime, network: Network
) -> Decision:
    """Re-route a declined or expired referral to another institution of the same stage
    of the district's matrix (KH Lampiran I), as a new referral naming its predecessor.
    Each attempt is re-routed at most once, so the attempts form one chain."""
    case = open_case(case)
    same_district(case, network)
    new_referral_id(case, command.referral_id)
    predecessor = known_referral(case, command.predecessor_id)
    REROUTE_ONLY_DECLINED_OR_EXPIRED.check(
        predecessor.status in REROUTABLE,
        f"referral {predecessor.referral_id} is {predecessor.status}; only a declined or "
        "expired referral is re-routed",
    )
    successor = next(
        (r for r in case.referrals.values() if r.predecessor_id == predecessor.referral_id), None
    )
    REROUTE_ONCE.check(
        successor is None,
        f"referral {predecessor.referral_id} was already re-routed as "
        f"{successor.referral_id if successor else ''}",
    )
    REROUTE_TO_ANOTHER_TARGET.check(
        command.target_id != predecessor.target_id,
        f"{command.target_id} already had referral {predecessor.referral_id}; "
        "re-route to another institution of the stage",
    )
    row = matrix_row(network, predecessor.stage, command.target_id)
    consent_before_return(case, row, network)
    no_open_duplicate(case, predecessor.stage, command.target_id)
    return _issue(
        case,
        network,
        now,
        command,
        row=row,
        emergency=predecessor.emergency,
        outcome_due_on=command.outcome_due_on or predecessor.outcome_due_on,
        predecessor_id=predecessor.referral_id,
        parent_referral_id=predecessor.parent_referral_id,
    )


def new_referral_id(case: Case, referral_id: str) -> None:
    REFERRAL_ID_UNIQUE.check(
        referral_id not in case.referrals,
        f"case {case.case_id} already has a referral {referral_id!r}",
    )


def no_open_duplicate(case: Case, stage: str, target_id: str) -> None:
    """One open referral per stage and target: a second would ask twice for one service."""
    duplicate = next(
        (r for r in case.open_referrals() if r.stage == stage and r.target_id == target_id), None
    )
    ONE_OPEN_REFERRAL_PER_TARGET.check(
        duplicate is None,
        f"referral {duplicate.referral_id if duplicate else ''} to {target_id} for {stage} "
        "is still open",
    )


def _issue(
    case: Case,
    network: Network,
    now: datetime,
    command: IssueReferral | RerouteReferral,
    *,
    row: MatrixRow,
    emergency: bool,
    outcome_due_on: date | None,
    predecessor_id: str | None,
    parent_referral_id: str | None,
) -> Decision:
    """The ReferralIssued (with the identity only when asked for) and how it travels: an
    institution that runs no software gets an offline referral (a letter), and so does a
    service the hub gives itself (LT Pasal 17(2)d, h list the Dinas PPPA): the companion
    records its answer and outcome by hand. A new referral and a re-routed one share the
    command's fields; the keywords are where they differ."""
    with valid_fields():
        issued = referral_issued(
            row,
            case_id=case.case_id,
            referral_id=command.referral_id,
            district=case.district,
            referrer_id=network.hub_id,
            target_id=command.target_id,
            identity=case.child,
            with_identity=command.include_identity,
            category=case.category or case.complaint.suspected_category,
            answer_due_at=command.answer_due_at,
            outcome_due_on=outcome_due_on,
            predecessor_id=predecessor_id,
            parent_referral_id=parent_referral_id,
            note=command.note,
        )
        routing = ReferralRoutingRecorded(
            case_id=case.case_id,
            referral_id=command.referral_id,
            emergency=emergency,
            offline=travels_by_letter(network, command.target_id),
            identity_included=issued.child is not None,
        )
    return Decision.at(now, issued, routing)


def travels_by_letter(network: Network, target_id: str) -> bool:
    """Whether a referral to ``target_id`` is offline: the institution runs no software,
    or it is the hub itself (no event is sent to one's own inbox)."""
    return target_id == network.hub_id or not network.directory.get(target_id).runs_software


# --- answers from the target (Role.TARGET) -----------------------------------------------


def answering(case: Case | None, referral_id: str, agency_id: str) -> tuple[Case, Referral]:
    """The open case and the referral an answer is for; only its target answers."""
    case = open_case(case)
    referral = known_referral(case, referral_id)
    ANSWER_FROM_TARGET.check(
        agency_id == referral.target_id,
        f"referral {referral_id} was issued to {referral.target_id}, not {agency_id}",
    )
    return case, referral


def decide_mark_referral_received(
    case: Case | None, command: MarkReferralReceived, now: datetime, network: Network
) -> Decision:
    """The target's system stored the referral: issued → received."""
    case, referral = answering(case, command.referral_id, command.agency_id)
    return _step(case, referral, S.RECEIVED, Role.TARGET, now, ReferralReceived)


def decide_accept_referral(
    case: Case | None, command: AcceptReferral, now: datetime, network: Network
) -> Decision:
    """The target accepts: received → accepted."""
    case, referral = answering(case, command.referral_id, command.agency_id)
    return _step(
        case,
        referral,
        S.ACCEPTED,
        Role.TARGET,
        now,
        ReferralAccepted,
        accepted_at=command.accepted_at or now,
        note=text(command.note),
    )


def decide_decline_referral(
    case: Case | None, command: DeclineReferral, now: datetime, network: Network
) -> Decision:
    """The target declines: received → declined (final; the hub may re-route it)."""
    case, referral = answering(case, command.referral_id, command.agency_id)
    return _step(
        case,
        referral,
        S.DECLINED,
        Role.TARGET,
        now,
        ReferralDeclined,
        reason=command.reason,
        detail=text(command.detail),
        declined_at=command.declined_at or now,
    )


def decide_put_referral_on_hold(
    case: Case | None, command: PutReferralOnHold, now: datetime, network: Network
) -> Decision:
    """The target pauses the service: accepted or in progress → on hold."""
    case, referral = answering(case, command.referral_id, command.agency_id)
    return _step(case, referral, S.ON_HOLD, Role.TARGET, now, ReferralOnHold, reason=command.reason)


def decide_resume_referral(
    case: Case | None, command: ResumeReferral, now: datetime, network: Network
) -> Decision:
    """The target resumes a paused service: on hold → in progress. (The machine also
    lets the target move accepted → in progress, but that is starting the service, which
    a service report does, not resuming it.)"""
    case, referral = answering(case, command.referral_id, command.agency_id)
    REFERRAL_STATE_MACHINE.check(
        referral.status is S.ON_HOLD,
        f"referral {referral.referral_id} is {referral.status}; only a referral on hold resumes",
    )
    return _step(case, referral, S.IN_PROGRESS, Role.TARGET, now, ReferralResumed)


def decide_report_service(
    case: Case | None, command: ReportService, now: datetime, network: Network
) -> Decision:
    """Laporan pelaksanaan pemberian layanan (LT Pasal 17(3)): the result of the service,
    for the companion. Its facts must fit the referral's service; a final report closes
    the referral (completed, or failed when not delivered), passing through in_progress
    from accepted."""
    case, referral = answering(case, command.referral_id, command.agency_id)
    REPORT_ONCE.check(
        command.report_id not in referral.report_ids,
        f"report {command.report_id} on referral {referral.referral_id} is already recorded",
    )
    for fact in command.facts:
        REPORT_FACTS_FIT_SERVICE.check(
            fact_fits_service(fact.kind, referral.service),
            f"a {fact.kind} fact does not belong to a {referral.service} referral",
        )
    try:
        report_moves(referral.status, command.status, command.final)
    except IllegalTransition as exc:
        REFERRAL_STATE_MACHINE.refuse(f"referral {referral.referral_id}: {exc}")
    with valid_fields():
        reported = ServiceReported(
            case_id=case.case_id,
            referral_id=referral.referral_id,
            agency_id=command.agency_id,
            report_id=command.report_id,
            status=command.status,
            not_delivered_reason=command.not_delivered_reason,
            final=command.final,
            facts=list(command.facts),
            document_ref=text(command.document_ref),
            reported_at=command.reported_at or now,
        )
    return Decision.at(now, reported)


# --- the referrer (Role.REFERRER) and its monitor (Role.MONITOR) -------------------------


def decide_cancel_referral(
    case: Case | None, command: CancelReferral, now: datetime, network: Network
) -> Decision:
    """The hub, as referrer, withdraws an open referral."""
    case = open_case(case)
    referral = known_referral(case, command.referral_id)
    return _step(
        case, referral, S.CANCELLED, Role.REFERRER, now, ReferralCancelled, reason=command.reason
    )


def decide_expire_referral(
    case: Case | None, command: ExpireReferral, now: datetime, network: Network
) -> Decision:
    """The deadline monitor expires a referral nobody answered (issued or received)."""
    case = open_case(case)
    referral = known_referral(case, command.referral_id)
    return _step(case, referral, S.EXPIRED, Role.MONITOR, now, ReferralExpired)


def _step(
    case: Case,
    referral: Referral,
    status: ReferralStatus,
    role: Role,
    now: datetime,
    event: Callable[..., PublicEvent],
    **fields: object,
) -> Decision:
    """One move of ``referral`` to ``status`` by ``role`` through the network's state
    machine, recorded as ``event``: the target's answers name the target (the agency that
    answered, checked by :func:`answering`), the referrer's and the monitor's steps name
    the referrer."""
    move(referral, status, role)
    if role is Role.TARGET:
        fields["agency_id"] = referral.target_id
    else:
        fields["referrer_id"] = referral.referrer_id
    with valid_fields():
        step = event(case_id=case.case_id, referral_id=referral.referral_id, **fields)
    return Decision.at(now, step)
