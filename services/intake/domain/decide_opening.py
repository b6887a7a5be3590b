"""Decisions of the initial process and identification (LT Pasal 8–14): complaint,
emergency handling, registration, assignment, initial contact, service contract."""

from __future__ import annotations

from datetime import datetime

from schemas.events.case import (
    CaseRegistered,
    CompanionAssigned,
    ComplaintReceived,
    EmergencyHandled,
    InitialContactMade,
    ServiceContractAgreed,
)
from schemas.vocabulary import ComplainantType, ComplaintChannel
from services.intake.domain.child import ADULT_AGE, age_of
from services.intake.domain.commands import (
    AgreeServiceContract,
    AssignCompanion,
    MakeInitialContact,
    ReassignCompanion,
    ReceiveComplaint,
    RecordEmergencyHandling,
    RegisterCase,
)
from services.intake.domain.guards import (
    in_phase,
    not_terminated,
    open_case,
    required_text,
    text,
    valid_fields,
)
from services.intake.domain.journal import Decision, JournalItem
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.phases import CasePhase
from services.intake.domain.records import (
    ChildIdentityRecorded,
    EmergencyHandlerRecorded,
    SupervisorRecorded,
)
from services.intake.domain.rules import (
    AGENCY_REPORT_NEEDS_CASE_INFORMATION,
    AGENCY_REPORT_NEEDS_REQUEST_LETTER,
    ASSIGNMENT_LETTER_REQUIRED,
    CASE_NUMBER_GIVEN,
    CHILD_AGE_KNOWN,
    CHILD_UNDER_18,
    COMPANION_AFTER_REGISTRATION,
    CONTRACT_AFTER_INITIAL_CONTACT,
    INITIAL_CONTACT_AFTER_ASSIGNMENT,
    ONE_COMPANION_PER_CASE,
    ONE_COMPLAINT_PER_CASE,
    REASSIGNMENT_NAMES_ACTIVE_COMPANION,
    REASSIGNMENT_TO_ANOTHER_PERSON,
    REGISTRATION_ONCE_AFTER_COMPLAINT,
)


def is_agency_report(command: ReceiveComplaint) -> bool:
    """A report from another agency (instansi lainnya, LT Pasal 9(1)-(2)): by complainant,
    whatever channel it came by, or by a letter from an agency."""
    return (
        command.complainant is ComplainantType.AGENCY
        or command.channel is ComplaintChannel.AGENCY_LETTER
    )


def decide_receive_complaint(
    case: Case | None, command: ReceiveComplaint, now: datetime, network: Network
) -> Decision:
    """Penerimaan pengaduan (LT Pasal 8a, 9) opens the case.

    An agency's report needs its request letter and the case information (LT Pasal 9(2)).
    The case is a child's: under 18 on the complaint date, from the date of birth or the
    estimated age (LT Pasal 1 angka 5). The identity goes to an internal record, never to
    the public ComplaintReceived.
    """
    not_terminated(case)
    ONE_COMPLAINT_PER_CASE.check(
        case is None, f"case {command.case_id} already has its complaint; it is received once"
    )
    if is_agency_report(command):
        AGENCY_REPORT_NEEDS_REQUEST_LETTER.check(
            text(command.request_letter_ref) is not None,
            "a report from another agency needs its request letter to the Kepala Dinas",
        )
        AGENCY_REPORT_NEEDS_CASE_INFORMATION.check(
            text(command.case_information) is not None,
            "a report from another agency needs the case information",
        )
    complaint_date = now.date()
    age = age_of(command.child, complaint_date)
    CHILD_AGE_KNOWN.check(
        age is not None, "the date of birth or an estimated age is needed to know it is a child"
    )
    CHILD_UNDER_18.check(
        age is not None and age < ADULT_AGE,
        f"the person is {age} on the complaint date {complaint_date}; a child is under 18",
    )
    with valid_fields():
        received = ComplaintReceived(
            case_id=command.case_id,
            district=network.district,
            channel=command.channel,
            complainant=command.complainant,
            received_at=now,
            request_letter_ref=text(command.request_letter_ref),
            suspected_category=command.suspected_category,
            submitted_by=command.submitted_by,
        )
        identity = ChildIdentityRecorded(
            case_id=command.case_id,
            child=command.child,
            case_information=text(command.case_information),
        )
    return Decision.at(now, received, identity)


def decide_record_emergency_handling(
    case: Case | None, command: RecordEmergencyHandling, now: datetime, network: Network
) -> Decision:
    """Penanganan kedaruratan (LT Pasal 10): allowed before registration, assignment,
    initial contact and contract, and at any time until termination."""
    case = open_case(case)
    with valid_fields():
        handled = EmergencyHandled(case_id=case.case_id, action=command.action, handled_at=now)
        handler = EmergencyHandlerRecorded(
            case_id=case.case_id, handled_by=command.handled_by, role=command.handler_role
        )
    return Decision.at(now, handled, handler)


def decide_register_case(
    case: Case | None, command: RegisterCase, now: datetime, network: Network
) -> Decision:
    """Registrasi (LT Pasal 11) documents the complaint: once, after it; the number comes
    from the caller and the category from LT Pasal 4(1) (plus trafficking)."""
    case = open_case(case, REGISTRATION_ONCE_AFTER_COMPLAINT)
    in_phase(case, {CasePhase.COMPLAINT_RECEIVED}, REGISTRATION_ONCE_AFTER_COMPLAINT, "register")
    case_number = required_text(
        command.case_number, CASE_NUMBER_GIVEN, "registration gives the case a number"
    )
    with valid_fields():
        registered = CaseRegistered(
            case_id=case.case_id,
            case_number=case_number,
            category=command.category,
            district=case.district,
            registered_at=now,
        )
    return Decision.at(now, registered)


def decide_assign_companion(
    case: Case | None, command: AssignCompanion, now: datetime, network: Network
) -> Decision:
    """Penugasan (LT Pasal 12) after registration: exactly one companion per case
    (LT Pasal 7(3)), with an assignment letter from their institution (LT Pasal 7(4))."""
    case = open_case(case, COMPANION_AFTER_REGISTRATION)
    if case.companion is not None:
        ONE_COMPANION_PER_CASE.refuse(
            f"case {case.case_id} already has companion {case.companion.companion_id}; "
            "reassign explicitly to replace them"
        )
    in_phase(case, {CasePhase.REGISTERED}, COMPANION_AFTER_REGISTRATION, "assign a companion")
    return _assigned(case, now, command, replaces=None)


def decide_reassign_companion(
    case: Case | None, command: ReassignCompanion, now: datetime, network: Network
) -> Decision:
    """Replace the active companion (LT Pasal 7(3): one at a time). The command names the
    companion it replaces, so a request made against a stale view is refused; the
    history keeps the replaced companion."""
    case = open_case(case, COMPANION_AFTER_REGISTRATION)
    active = case.companion
    REASSIGNMENT_NAMES_ACTIVE_COMPANION.check(
        active is not None and active.companion_id == command.replaces_companion_id,
        f"case {case.case_id}'s active companion is "
        f"{active.companion_id if active else 'nobody'}, not {command.replaces_companion_id}",
    )
    REASSIGNMENT_TO_ANOTHER_PERSON.check(
        command.companion_id != command.replaces_companion_id,
        f"{command.companion_id} is already the companion",
    )
    return _assigned(case, now, command, replaces=command.replaces_companion_id)


def _assigned(
    case: Case, now: datetime, command: AssignCompanion | ReassignCompanion, replaces: str | None
) -> Decision:
    """The assignment with its letter (LT Pasal 7(4)); the supervisor stays internal."""
    letter_ref = required_text(
        command.assignment_letter_ref,
        ASSIGNMENT_LETTER_REQUIRED,
        "the companion's assignment needs the surat tugas of their institution",
    )
    items: list[JournalItem] = []
    with valid_fields():
        items.append(
            CompanionAssigned(
                case_id=case.case_id,
                companion_id=command.companion_id,
                role=command.role,
                assignment_letter_ref=letter_ref,
                assigned_at=now,
                replaces_companion_id=replaces,
            )
        )
        supervisor = text(command.supervisor_id)
        if supervisor is not None:
            items.append(
                SupervisorRecorded(
                    case_id=case.case_id,
                    companion_id=command.companion_id,
                    supervisor_id=supervisor,
                )
            )
    return Decision.at(now, *items)


def decide_make_initial_contact(
    case: Case | None, command: MakeInitialContact, now: datetime, network: Network
) -> Decision:
    """Kontak awal (LT Pasal 13) by the assigned companion, once, after the assignment."""
    case = open_case(case)
    in_phase(
        case,
        {CasePhase.COMPANION_ASSIGNED},
        INITIAL_CONTACT_AFTER_ASSIGNMENT,
        "make initial contact",
    )
    with valid_fields():
        contact = InitialContactMade(case_id=case.case_id, contacted_at=now)
    return Decision.at(now, contact)


def decide_agree_service_contract(
    case: Case | None, command: AgreeServiceContract, now: datetime, network: Network
) -> Decision:
    """Kontrak layanan (LT Pasal 14) with the child and/or the family, after the initial
    contact; records who agreed."""
    case = open_case(case)
    in_phase(
        case,
        {CasePhase.INITIAL_CONTACT_MADE},
        CONTRACT_AFTER_INITIAL_CONTACT,
        "agree the service contract",
    )
    with valid_fields():
        agreed = ServiceContractAgreed(
            case_id=case.case_id, agreed_by=command.agreed_by, agreed_at=now
        )
    return Decision.at(now, agreed)
