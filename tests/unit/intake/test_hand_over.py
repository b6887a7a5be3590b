"""Specification of a referrer's hand-over (BTG Pasal 18(6)k): a Batang school head closes
a referral of a pupil who did not receive the service and the local government's social
worker follows up. On the network that is the companion of the child's case at the hub,
who gets it like any outcome of the case's referrals (LT Pasal 17(3))."""

from __future__ import annotations

from datetime import date

from rujukan.errors import RuleViolation
from rujukan.runtime.inbox import Dispatcher, Inbound, InboundRecord
from schemas.envelope import envelope_for
from schemas.events.outcome import OutcomeAcknowledged, OutcomeDeliveredToCompanion
from schemas.events.school import SchoolReferralHandedOver
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    ComplainantType,
    ComplaintChannel,
    ServiceType,
    TerminationReason,
)
from services.intake.domain import (
    AcknowledgeOutcome,
    CasePhase,
    RecordHandOver,
    RecordOnwardReferral,
    RegisterCase,
    TerminateCase,
    fold,
    loop_closed,
    rules,
    unacknowledged,
)
from services.intake.handlers import command_for, register
from services.intake.routing import destinations
from tests.unit.intake.support import Story, assignment, complaint, story

SCHOOL = "kh-disdikbud"
CASE = "sch-kh-disdikbud-0001-1"
REPORT = "sch-kh-disdikbud-0001"
HEALTH = "REHABILITASI_KESEHATAN"
ON = date(2026, 12, 14)


def school_case(*, companion: bool = True) -> Story:
    """The Dinas Pendidikan submitted the child's case (LT Pasal 9(2)) and copied the
    school head's immediate health referral to the hub (BTG 18(4)c)."""
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    tale.case = None
    tale.journal.clear()
    tale.do(
        complaint(
            CASE,
            channel=ComplaintChannel.SCHOOL,
            complainant=ComplainantType.AGENCY,
            request_letter_ref="421/045/SMPN2/2026",
            case_information=f"School report {REPORT} (satgas): forms sexual",
            submitted_by=SCHOOL,
        )
    )
    tale.do(
        RecordOnwardReferral(
            referral_id="r-sch-0001",
            parent_referral_id=None,
            referrer_id=SCHOOL,
            hub_id="kh-hub",
            stage=HEALTH,
            target_id="kh-rsud",
            identity_included=True,
        )
    )
    tale.do(RegisterCase(case_number="KH/2026/0001", category=CaseCategory.SEXUAL_VIOLENCE))
    if companion:
        assign(tale, "comp-siti")
    return tale


def assign(tale: Story, companion_id: str) -> None:
    tale.do(assignment(companion_id, supervisor_id="sup-ani"))


def handed_over(**overrides: object) -> RecordHandOver:
    fields: dict[str, object] = {
        "referral_id": "r-sch-0001",
        "agency_id": SCHOOL,
        "school_report_id": REPORT,
        "handed_over_on": ON,
        "article": "BTG Pasal 18(6)k",
        "outcome_id": "5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10",
    }
    fields.update(overrides)
    return RecordHandOver(**fields)  # type: ignore[arg-type]


def test_a_referral_closed_without_the_service_is_handed_to_the_hub_case_companion_btg_18_6k():
    tale = school_case()

    decision = tale.do(handed_over())

    handed, delivered = decision.events
    assert isinstance(handed, SchoolReferralHandedOver)
    assert (handed.case_id, handed.referral_id, handed.agency_id) == (CASE, "r-sch-0001", SCHOOL)
    assert (handed.hub_id, handed.target_id, handed.service) == (
        "kh-hub",
        "kh-rsud",
        ServiceType.HEALTH,
    )
    assert isinstance(delivered, OutcomeDeliveredToCompanion)  # LT Pasal 17(3)
    assert delivered.companion_id == "comp-siti"
    assert delivered.outcome_type == SchoolReferralHandedOver.event_type
    assert (delivered.agency_id, delivered.final) == (SCHOOL, False)
    (outcome,) = unacknowledged(tale.current, "comp-siti")
    assert outcome.outcome_id == "5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10"  # the inbound ce_id
    assert "health not received" in outcome.summary
    assert "BTG Pasal 18(6)k" in outcome.summary
    assert tale.current.referrals["r-sch-0001"].handed_over_on == ON
    assert fold(tale.journal) == tale.current


def test_a_hand_over_neither_moves_the_referral_nor_closes_its_loop():
    """The referral's status is its target's to move; the hand-over is the referrer's
    account, for the companion to follow up."""
    tale = school_case()

    tale.do(handed_over())

    referral = tale.current.referrals["r-sch-0001"]
    assert referral.status is ReferralStatus.ISSUED
    assert not loop_closed(tale.current, referral)


def test_the_companion_acknowledges_the_hand_over_like_any_outcome_lt_pasal_17_3():
    tale = school_case()
    tale.do(handed_over())

    decision = tale.do(
        AcknowledgeOutcome(
            outcome_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10", companion_id="comp-siti"
        )
    )

    (acknowledged,) = decision.events
    assert isinstance(acknowledged, OutcomeAcknowledged)
    assert acknowledged.agency_id == SCHOOL
    assert unacknowledged(tale.current) == []


def test_a_hand_over_before_the_companion_is_assigned_waits_for_the_companion():
    tale = school_case(companion=False)

    decision = tale.do(handed_over())
    assert not any(isinstance(e, OutcomeDeliveredToCompanion) for e in decision.events)

    assign(tale, "comp-budi")
    (waiting,) = unacknowledged(tale.current)
    assert waiting.recipient_id == "comp-budi"
    assert waiting.outcome_type == SchoolReferralHandedOver.event_type


def test_only_the_referrer_hands_the_child_over():
    tale = school_case()

    error = tale.refused(handed_over(agency_id="kh-rsud"), rules.HAND_OVER_BY_THE_REFERRER)

    assert error.article == "LT Pasal 17(3); BTG Pasal 18(6)k"


def test_a_referral_is_handed_over_once():
    tale = school_case()
    tale.do(handed_over())

    tale.refused(
        handed_over(outcome_id="6c1c8f5f-3b4a-4b66-8e8f-1e4f2c4d0b21"), rules.HAND_OVER_ONCE
    )


def test_a_hand_over_of_a_referral_the_case_does_not_have_is_refused():
    tale = school_case()

    tale.refused(handed_over(referral_id="r-sch-9999"), rules.KNOWN_REFERRAL)


def test_a_hand_over_after_termination_is_refused_lt_pasal_20_1():
    tale = school_case()
    tale.do(TerminateCase(reason=TerminationReason.WHEREABOUTS_UNKNOWN))

    tale.refused(handed_over(), rules.NOTHING_AFTER_TERMINATION)


# --- where it goes, and how it comes in ----------------------------------------------------


def test_the_hand_over_stays_in_the_hub_and_its_delivery_goes_to_the_hubs_journal_only():
    """Recorded, never re-published; the proof of delivery is a desk's, and the school's
    desk received no such referral, so the school is not sent one."""
    tale = school_case()

    decision = tale.do(handed_over())
    acknowledged = tale.do(
        AcknowledgeOutcome(
            outcome_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10", companion_id="comp-siti"
        )
    )

    handed, delivered = decision.events
    assert destinations(handed, tale.current, tale.network) == []
    journal = ["rujukan.journal.kh-hub"]
    assert destinations(delivered, tale.current, tale.network) == journal
    assert destinations(acknowledged.events[0], tale.current, tale.network) == journal


def test_an_inbound_hand_over_becomes_the_referrers_command_with_its_ce_id():
    event = SchoolReferralHandedOver.model_validate(
        SchoolReferralHandedOver.model_json_schema()["examples"][0]
    )

    command = command_for(event, "5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10", SCHOOL)

    assert command == RecordHandOver(
        referral_id=event.referral_id,
        agency_id=SCHOOL,
        school_report_id="sch-kh-disdikbud-0001",
        handed_over_on=event.handed_over_on,
        article="BTG Pasal 18(6)k",
        outcome_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10",
    )


class _Hub:
    """Stands in for `IntakeHub` at the inbox: what the handler asked of it."""

    def __init__(self) -> None:
        self.recorded: list[object] = []
        self.refused: list[str] = []

    def record_inbound(self, _uow: object, _inbound: Inbound, command: object) -> None:
        self.recorded.append(command)

    def refuse_inbound(self, _uow: object, _inbound: Inbound, refused: RuleViolation) -> None:
        self.refused.append(refused.rule)


def _delivered(event: SchoolReferralHandedOver, source: str) -> _Hub:
    """``event`` through the hub's inbox handlers, sent by ``source``."""
    hub, dispatcher = _Hub(), Dispatcher()
    register(dispatcher, hub)  # type: ignore[arg-type]
    envelope = envelope_for(event, source=source)
    record = InboundRecord("rujukan.inbox.kh-hub", 0, 0, None, (), None)
    handler = dispatcher.handler_for(event)
    assert handler is not None
    handler(None, Inbound(envelope, event, record))  # type: ignore[arg-type]
    return hub


def test_a_hand_over_sent_in_another_agencys_name_is_refused_not_recorded():
    event = SchoolReferralHandedOver.model_validate(
        SchoolReferralHandedOver.model_json_schema()["examples"][0]
    )

    spoofed = _delivered(event, source="kh-rsud")
    assert spoofed.recorded == []
    assert spoofed.refused == [rules.ANSWER_SENT_BY_ITS_AGENCY.name]

    signed = _delivered(event, source=SCHOOL)
    assert [type(c) for c in signed.recorded] == [RecordHandOver]
    assert signed.refused == []
