"""What may leave the service (SKW Pasal 33, 44(2)): never a name unless a referral needs
the child victim's identity."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import schemas.events as events
from rujukan.errors import RuleViolation
from schemas.school import Impact, PartyRole, PartyStatus, ViolenceForm
from schemas.vocabulary import ServiceType, Sex
from services.education.domain import Party, PartyIdentity, SchoolReport, referral_payload
from services.education.domain import rules as r
from tests.unit.education.builders import new_report

REPORT = new_report(forms=(ViolenceForm.SEXUAL,), impacts=(Impact.SEXUAL_VIOLENCE,))
VICTIM_ID = PartyIdentity(party_id="v1", name="Siti Rahayu", sex=Sex.FEMALE, estimated_age=12)
REPORTED_ID = PartyIdentity(party_id="p1", name="Budi Santoso", sex=Sex.MALE, estimated_age=14)


def test_referral_payload_carries_reference_forms_impacts_and_services_only() -> None:
    payload = referral_payload(REPORT)

    assert payload.model_dump(mode="json") == {
        "case_reference": "skw-2026-0001",
        "forms": ["sexual"],
        "impacts": ["sexual_violence"],
        "services": ["health", "psychology"],
        "child": None,
    }


def test_victim_identity_only_when_referral_needs_it() -> None:
    without = referral_payload(REPORT, [ServiceType.PSYCHOLOGY], victim=VICTIM_ID)
    needed = referral_payload(REPORT, [ServiceType.HEALTH], identity_needed=True, victim=VICTIM_ID)

    assert "Siti" not in without.model_dump_json()
    assert needed.child is not None
    assert needed.child.name == "Siti Rahayu"
    assert "Budi" not in needed.model_dump_json()


def test_identity_of_reported_pupil_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        referral_payload(REPORT, [ServiceType.HEALTH], identity_needed=True, victim=REPORTED_ID)

    assert refused.value.rule == r.IDENTITY_ONLY_OF_CHILD_VICTIM.name
    assert refused.value.article == "SKW Pasal 33(1)c, 44(2)"


def test_referral_needing_identity_without_it_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        referral_payload(REPORT, [ServiceType.HEALTH], identity_needed=True)

    assert refused.value.rule == r.IDENTITY_WHEN_NEEDED.name


def test_referral_names_a_service() -> None:
    with pytest.raises(RuleViolation) as refused:
        referral_payload(new_report())

    assert refused.value.rule == r.REFERRAL_NEEDS_SERVICE.name


def test_report_and_party_have_no_field_for_a_name() -> None:
    with pytest.raises(ValidationError):
        Party.model_validate(
            {"party_id": "v1", "roles": ["victim"], "status": PartyStatus.PUPIL, "name": "Siti"}
        )
    assert "name" not in SchoolReport.model_fields
    assert not any("name" in field for field in Party.model_fields)
    assert REPORT.with_role(PartyRole.VICTIM)[0].party_id == "v1"


@pytest.mark.parametrize(
    "event",
    [
        "SchoolReportReceived",
        "SchoolReportRouted",
        "SchoolNoticeIssued",
        "SchoolDeadlineMissed",
        "SchoolReferralUnroutable",
        "SchoolCopiesSent",
        "SchoolReferralHandedOver",
    ],
)
def test_the_school_journal_events_have_no_field_for_a_name_a_party_or_a_school(event) -> None:
    """The Satgas, the Dinas and auditors read the journal topic: what it may carry is
    decided by the contract itself (SKW 33(1)c, 44(2))."""
    fields = set(getattr(events, event).model_fields)
    assert not fields & {"child", "name", "identity", "party_id", "parties", "schools"}
    assert not any("name" in field for field in fields)
