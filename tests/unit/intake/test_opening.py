"""Specification of the initial process and identification (LT Pasal 8–14): complaint,
emergency handling, registration, assignment, initial contact, service contract."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.events.case import (
    CaseRegistered,
    CompanionAssigned,
    ComplaintReceived,
    EmergencyHandled,
    ServiceContractAgreed,
)
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
)
from services.intake.domain import (
    AgreeServiceContract,
    CasePhase,
    ChildIdentityRecorded,
    MakeInitialContact,
    ReassignCompanion,
    RecordEmergencyHandling,
    RegisterCase,
    age_on,
    rules,
)
from tests.unit.intake.support import (
    COMPANION,
    KH,
    Story,
    assignment,
    child,
    complaint,
    network,
    story,
)


def new_story() -> Story:
    return Story(network(KH))


def companion(companion_id: str = COMPANION, letter: str | None = "800/1/DINSOS/2026"):
    return assignment(companion_id, letter=letter)


def emergency() -> RecordEmergencyHandling:
    return RecordEmergencyHandling(
        action="Child moved to a safe place with the family's consent",
        handled_by="comp-siti",
        handler_role=CompanionRole.SOCIAL_WORKER,
    )


# --- complaint (LT Pasal 8a, 9; Pasal 1 angka 5) ---------------------------------------


def test_a_complaint_opens_the_case_without_the_childs_identity_in_the_public_event() -> None:
    tale = new_story()
    decision = tale.do(complaint("c-kh-0001"))

    (received,) = decision.events
    assert isinstance(received, ComplaintReceived)
    assert received.district == KH
    assert received.received_at == tale.current.complaint.received_at
    assert "child" not in received.model_dump()
    assert "(name)" not in received.model_dump_json()
    (identity,) = decision.records
    assert isinstance(identity, ChildIdentityRecorded)
    assert tale.current.child == child()
    assert tale.phase() is CasePhase.COMPLAINT_RECEIVED


@pytest.mark.parametrize(
    ("channel", "letter"),
    [(ComplaintChannel.AGENCY_LETTER, None), (ComplaintChannel.SCHOOL, "  ")],
    ids=["agency-letter-without-one", "school-with-a-blank-one"],
)
def test_an_agency_report_by_any_channel_needs_the_request_letter_citing_pasal_9_2(
    channel: ComplaintChannel, letter: str | None
) -> None:
    tale = new_story()
    command = complaint(
        channel=channel,
        complainant=ComplainantType.AGENCY,
        request_letter_ref=letter,
        case_information="Reported by the school's TPPK",
    )
    tale.refused(command, rules.AGENCY_REPORT_NEEDS_REQUEST_LETTER)


def test_an_agency_report_needs_the_case_information_citing_pasal_9_2() -> None:
    tale = new_story()
    command = complaint(
        channel=ComplaintChannel.AGENCY_LETTER,
        complainant=ComplainantType.AGENCY,
        request_letter_ref="421/045/SMPN2/2026",
    )
    tale.refused(command, rules.AGENCY_REPORT_NEEDS_CASE_INFORMATION)


def test_an_agency_report_with_its_letter_is_received_and_the_letter_recorded() -> None:
    tale = new_story()
    tale.do(
        complaint(
            channel=ComplaintChannel.AGENCY_LETTER,
            complainant=ComplainantType.AGENCY,
            request_letter_ref="421/045/SMPN2/2026",
            case_information="Reported by the school's TPPK",
        )
    )
    assert tale.current.complaint.request_letter_ref == "421/045/SMPN2/2026"
    assert tale.current.case_information == "Reported by the school's TPPK"


def test_a_person_of_18_on_the_complaint_date_is_refused_citing_pasal_1_angka_5() -> None:
    tale = new_story()
    eighteen_today = date(tale.now.year - 18, tale.now.month, tale.now.day)
    tale.refused(complaint(child=child(date_of_birth=eighteen_today)), rules.CHILD_UNDER_18)


def test_a_child_one_day_before_turning_18_is_received() -> None:
    tale = new_story()
    tomorrow_18 = date(tale.now.year - 18, tale.now.month, tale.now.day + 1)
    tale.do(complaint(child=child(date_of_birth=tomorrow_18)))
    assert tale.phase() is CasePhase.COMPLAINT_RECEIVED


def test_an_estimated_age_stands_in_for_an_unknown_date_of_birth() -> None:
    tale = new_story()
    tale.do(complaint(child=child(date_of_birth=None, estimated_age=15)))
    assert tale.current.child is not None
    assert tale.current.child.estimated_age == 15


def test_a_complaint_without_date_of_birth_or_estimated_age_is_refused() -> None:
    tale = new_story()
    tale.refused(
        complaint(child=child(date_of_birth=None, estimated_age=None)), rules.CHILD_AGE_KNOWN
    )


def test_an_unborn_child_is_a_child_under_pasal_1_angka_5() -> None:
    tale = new_story()
    tale.do(complaint(child=child(date_of_birth=date(2027, 3, 1))))
    assert tale.phase() is CasePhase.COMPLAINT_RECEIVED


def test_a_child_born_on_29_february_turns_18_on_1_march_in_a_common_year() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_second_complaint_for_the_same_case_is_refused() -> None:
    tale = story()
    tale.refused(complaint(tale.current.case_id), rules.ONE_COMPLAINT_PER_CASE)


# --- emergency handling (LT Pasal 10) -----------------------------------------------------


def test_emergency_handling_is_recorded_before_registration_citing_pasal_10() -> None:
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    decision = tale.do(emergency())

    assert isinstance(decision.events[0], EmergencyHandled)
    (action,) = tale.current.emergency_actions
    assert action.handler_role is CompanionRole.SOCIAL_WORKER
    assert action.handled_by == "comp-siti"
    assert tale.phase() is CasePhase.COMPLAINT_RECEIVED


def test_emergency_handling_is_allowed_at_any_phase_until_termination() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(emergency())
    assert len(tale.current.emergency_actions) == 1
    assert tale.phase() is CasePhase.PLAN_AGREED


def test_emergency_handling_needs_a_complaint() -> None:
    Story(network(KH)).refused(emergency(), rules.CASE_STARTS_WITH_COMPLAINT)


# --- registration (LT Pasal 11) -------------------------------------------------------


def test_registration_gives_the_case_number_and_category_citing_pasal_11() -> None:
    tale = story()
    decision = tale.do(RegisterCase(case_number="KH/2026/0001", category=CaseCategory.CHILD_LABOUR))

    (registered,) = decision.events
    assert isinstance(registered, CaseRegistered)
    assert tale.current.case_number == "KH/2026/0001"
    assert tale.current.category is CaseCategory.CHILD_LABOUR
    assert tale.phase() is CasePhase.REGISTERED


def test_registration_before_a_complaint_is_refused_citing_pasal_11() -> None:
    command = RegisterCase(case_number="KH/2026/0001", category=CaseCategory.TRAFFICKING)
    new_story().refused(command, rules.REGISTRATION_ONCE_AFTER_COMPLAINT)


def test_a_case_is_registered_only_once() -> None:
    tale = story(until=CasePhase.REGISTERED)
    command = RegisterCase(case_number="KH/2026/0002", category=CaseCategory.TRAFFICKING)
    tale.refused(command, rules.REGISTRATION_ONCE_AFTER_COMPLAINT)


def test_registration_without_a_case_number_is_refused() -> None:
    command = RegisterCase(case_number=" ", category=CaseCategory.TRAFFICKING)
    story().refused(command, rules.CASE_NUMBER_GIVEN)


# --- the companion (LT Pasal 7(2)-(4), 12) ---------------------------------------------


def test_companion_is_assigned_after_registration_with_the_assignment_letter() -> None:
    tale = story(until=CasePhase.REGISTERED)
    decision = tale.do(companion())

    (assigned,) = decision.events
    assert isinstance(assigned, CompanionAssigned)
    assert assigned.assignment_letter_ref == "800/1/DINSOS/2026"
    assert tale.current.companion is not None
    assert tale.current.companion.companion_id == COMPANION
    assert tale.phase() is CasePhase.COMPANION_ASSIGNED


def test_companion_before_registration_is_refused_citing_pasal_12() -> None:
    story().refused(companion(), rules.COMPANION_AFTER_REGISTRATION)


def test_second_active_companion_is_refused_citing_pasal_7_3() -> None:
    tale = story(until=CasePhase.INITIAL_CONTACT_MADE)
    error = tale.refused(companion("comp-budi"), rules.ONE_COMPANION_PER_CASE)
    assert error.article == "LT Pasal 7(3)"
    assert error.status == 409


def test_assignment_without_a_letter_is_refused_citing_pasal_7_4() -> None:
    tale = story(until=CasePhase.REGISTERED)
    tale.refused(companion(letter=None), rules.ASSIGNMENT_LETTER_REQUIRED)
    tale.refused(companion(letter="   "), rules.ASSIGNMENT_LETTER_REQUIRED)


def test_supervisor_is_kept_by_the_hub_not_in_the_public_event() -> None:
    tale = story(until=CasePhase.COMPANION_ASSIGNED)
    assert tale.current.companion is not None
    assert tale.current.companion.supervisor_id == "sup-ani"
    assigned = [e.item for e in tale.journal if isinstance(e.item, CompanionAssigned)]
    assert "supervisor" not in assigned[0].model_dump_json()


def reassign(new: str = "comp-budi", replaces: str = COMPANION) -> ReassignCompanion:
    return ReassignCompanion(
        companion_id=new,
        role=CompanionRole.SOCIAL_WELFARE_WORKER,
        assignment_letter_ref="800/2/DINSOS/2026",
        replaces_companion_id=replaces,
    )


def test_reassignment_replaces_the_companion_and_keeps_the_history() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    decision = tale.do(reassign())

    (assigned,) = decision.events
    assert isinstance(assigned, CompanionAssigned)
    assert assigned.replaces_companion_id == COMPANION
    case = tale.current
    assert case.companion is not None
    assert case.companion.companion_id == "comp-budi"
    (former,) = case.companion_history
    assert former.companion_id == COMPANION
    assert not former.active
    assert case.phase is CasePhase.CONTRACT_AGREED


def test_reassignment_naming_someone_else_than_the_active_companion_is_refused() -> None:
    tale = story(until=CasePhase.COMPANION_ASSIGNED)
    tale.refused(reassign(replaces="comp-old"), rules.REASSIGNMENT_NAMES_ACTIVE_COMPANION)


def test_reassignment_without_an_active_companion_is_refused() -> None:
    tale = story(until=CasePhase.REGISTERED)
    tale.refused(reassign(), rules.REASSIGNMENT_NAMES_ACTIVE_COMPANION)


def test_reassignment_to_the_same_companion_is_refused() -> None:
    tale = story(until=CasePhase.COMPANION_ASSIGNED)
    tale.refused(reassign(new=COMPANION), rules.REASSIGNMENT_TO_ANOTHER_PERSON)


# --- initial contact (LT Pasal 13) and service contract (LT Pasal 14) --------------------


def test_initial_contact_without_a_companion_is_refused_citing_pasal_13() -> None:
    tale = story(until=CasePhase.REGISTERED)
    tale.refused(MakeInitialContact(), rules.INITIAL_CONTACT_AFTER_ASSIGNMENT)


def test_service_contract_before_initial_contact_is_refused_citing_pasal_14() -> None:
    tale = story(until=CasePhase.COMPANION_ASSIGNED)
    command = AgreeServiceContract(agreed_by=ContractParty.GUARDIAN)
    tale.refused(command, rules.CONTRACT_AFTER_INITIAL_CONTACT)


def test_service_contract_records_who_agreed() -> None:
    tale = story(until=CasePhase.INITIAL_CONTACT_MADE)
    decision = tale.do(AgreeServiceContract(agreed_by=ContractParty.GUARDIAN))
    (agreed,) = decision.events
    assert isinstance(agreed, ServiceContractAgreed)
    assert tale.current.contract is not None
    assert tale.current.contract.agreed_by is ContractParty.GUARDIAN
    assert tale.phase() is CasePhase.CONTRACT_AGREED
