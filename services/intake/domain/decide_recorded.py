"""Referral steps the hub records rather than receives: the answers and reports of an
institution that runs no software, recorded by the companion (they count exactly like
electronic ones), and the copy of an onward referral made by an agency that holds one of
the case's referrals (KH Pasal 1 angka 16: further service within the network)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from rujukan.referrer import referral_issued
from schemas.referral_status import ReferralStatus
from services.intake.domain.commands import (
    AcceptReferral,
    DeclineReferral,
    MarkReferralReceived,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RecordOnwardReferral,
    ReportService,
)
from services.intake.domain.decide_referrals import (
    decide_accept_referral,
    decide_decline_referral,
    decide_mark_referral_received,
    decide_report_service,
    new_referral_id,
    no_open_duplicate,
    travels_by_letter,
)
from services.intake.domain.evolve import apply
from services.intake.domain.guards import (
    known_referral,
    matrix_row,
    open_case,
    same_district,
    valid_fields,
)
from services.intake.domain.journal import Decision, Recorded
from services.intake.domain.model import Case, Referral
from services.intake.domain.network import Network
from services.intake.domain.records import ReferralRoutingRecorded
from services.intake.domain.rules import (
    DECLINE_NEEDS_REASON,
    OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL,
    ONWARD_COPY_FOR_THIS_HUB,
    ONWARD_REFERRAL_FROM_PARENT_TARGET,
    ONWARD_REFERRAL_NEEDS_OPEN_PARENT,
    REFERRAL_BY_SUBMITTING_AGENCY,
)


def _offline(case: Case | None, referral_id: str) -> tuple[Case, Referral]:
    """The open case and its offline referral; an online target answers for itself."""
    case = open_case(case)
    referral = known_referral(case, referral_id)
    OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL.check(
        referral.offline,
        f"referral {referral_id} went electronically to {referral.target_id}, which answers "
        "and reports itself; only an offline referral is answered by hand",
    )
    return case, referral


def decide_record_offline_answer(
    case: Case | None, command: RecordOfflineAnswer, now: datetime, network: Network
) -> Decision:
    """The companion records an offline institution's answer: the letter was received
    (issued → received, if not yet) and accepted or declined with a reason. The same
    events as an electronic answer, through the same state machine."""
    case, referral = _offline(case, command.referral_id)
    agency_id = referral.target_id
    entries: list[Recorded] = []
    if referral.status is ReferralStatus.ISSUED:
        received = decide_mark_referral_received(
            case,
            MarkReferralReceived(referral_id=referral.referral_id, agency_id=agency_id),
            now,
            network,
        )
        entries.extend(received.journal)
        case = apply(case, received)
    if command.accepted:
        answer = decide_accept_referral(
            case,
            AcceptReferral(
                referral_id=referral.referral_id,
                agency_id=agency_id,
                accepted_at=command.answered_at,
                note=command.note,
            ),
            now,
            network,
        )
    else:
        if command.reason is None:
            DECLINE_NEEDS_REASON.refuse(
                f"referral {referral.referral_id}: a decline needs a reason from the list"
            )
        answer = decide_decline_referral(
            case,
            DeclineReferral(
                referral_id=referral.referral_id,
                agency_id=agency_id,
                reason=command.reason,
                detail=command.detail,
                declined_at=command.answered_at,
            ),
            now,
            network,
        )
    return Decision((*entries, *answer.journal))


def decide_record_offline_report(
    case: Case | None, command: RecordOfflineReport, now: datetime, network: Network
) -> Decision:
    """The companion records an offline institution's service report (LT Pasal 17(3)),
    checked exactly like an electronic one."""
    case, referral = _offline(case, command.referral_id)
    report = {field.name: getattr(command, field.name) for field in fields(command)}
    as_sent = ReportService(**report, agency_id=referral.target_id)
    return decide_report_service(case, as_sent, now, network)


def decide_record_onward_referral(
    case: Case | None, command: RecordOnwardReferral, now: datetime, network: Network
) -> Decision:
    """Record the copy of a referral another agency made on the case: an onward referral
    (a puskesmas sending the child on to the RSUD) in the case's chain, or a referral by
    the agency that submitted the complaint (a school referring a pupil at once, BTG
    18(4)c).

    The copy names this hub as the case's hub. An onward referral names its parent,
    which must be a referral of this case that is still open, and the referring agency
    must be the parent's target (KH Pasal 1 angka 16). A referral without a parent must
    come from the agency that submitted the complaint. Either target must be listed for
    the stage in the district's matrix (KH Lampiran I, LT Pasal 17(2)). The identity it
    may carry is not kept: the hub already holds it, and records only whether it travelled.
    """
    case = open_case(case)
    parent_id = command.parent_referral_id
    ONWARD_COPY_FOR_THIS_HUB.check(
        command.hub_id == network.hub_id and command.referrer_id != network.hub_id,
        f"referral {command.referral_id} from {command.referrer_id} is not the copy of a "
        f"referral for {network.hub_id} (hub {command.hub_id}, parent {parent_id})",
    )
    same_district(case, network)
    new_referral_id(case, command.referral_id)
    parent: Referral | None = None
    if parent_id is None:
        REFERRAL_BY_SUBMITTING_AGENCY.check(
            command.referrer_id == case.complaint.submitted_by,
            f"referral {command.referral_id} from {command.referrer_id} continues no referral "
            f"of case {case.case_id}, and {command.referrer_id} did not submit its complaint",
        )
    else:
        parent = known_referral(case, parent_id)
        ONWARD_REFERRAL_NEEDS_OPEN_PARENT.check(
            parent.open,
            f"referral {parent.referral_id} is {parent.status}; only an open referral is "
            "referred on",
        )
        ONWARD_REFERRAL_FROM_PARENT_TARGET.check(
            command.referrer_id == parent.target_id,
            f"referral {parent.referral_id} was issued to {parent.target_id}, not "
            f"{command.referrer_id}; only its target refers the child on",
        )
    row = matrix_row(network, command.stage, command.target_id)
    no_open_duplicate(case, row.stage, command.target_id)
    with valid_fields():
        issued = referral_issued(
            row,
            case_id=case.case_id,
            referral_id=command.referral_id,
            district=case.district,
            referrer_id=command.referrer_id,
            target_id=command.target_id,
            hub_id=network.hub_id,
            category=case.category or case.complaint.suspected_category,
            answer_due_at=command.answer_due_at,
            outcome_due_on=command.outcome_due_on,
            parent_referral_id=parent.referral_id if parent is not None else None,
            note=command.note,
        )
        routing = ReferralRoutingRecorded(
            case_id=case.case_id,
            referral_id=command.referral_id,
            emergency=parent.emergency if parent is not None else False,
            offline=travels_by_letter(network, command.target_id),
            identity_included=command.identity_included,
        )
    return Decision.at(now, issued, routing)
