"""Emergencies before the plan are for the child's safety and health (LT Pasal 10), and
a return waits for the consent of the victim or witness where the district's data adopts
it (BLU Pasal 1 angka 8: Belu; Kapuas Hulu's data says it did not)."""

from __future__ import annotations

from datetime import date

from rujukan.matrix import load_matrix
from rujukan.rule_sets import RuleSet, load_rule_sets
from schemas.events.case import ConsentOf, ReturnConsentRecorded, ReturnConsentWithdrawn
from schemas.events.referral import ReferralCancelled
from schemas.vocabulary import (
    CaseCategory,
    ContractParty,
    ServiceType,
)
from services.intake.domain import (
    AgreeInterventionPlan,
    AgreeServiceContract,
    CasePhase,
    IssueReferral,
    MakeInitialContact,
    Network,
    RegisterCase,
    rules,
)
from services.intake.domain.commands import RecordReturnConsent, WithdrawReturnConsent
from services.intake.domain.records import ConferenceParticipant
from services.intake.views import case_view
from tests.unit.intake.support import (
    KH,
    Story,
    assessment,
    assignment,
    complaint,
    directory,
    line,
    plan,
    story,
)

BELU = "belu"


def belu_network() -> Network:
    consent = load_rule_sets(BELU).applied(RuleSet.RETURN_CONSENT)
    assert consent is not None
    return Network.of(load_matrix(BELU, directory()), directory(), return_consent=consent.source)


BELU_PLAN = (
    line("REHABILITASI_KESEHATAN", ServiceType.HEALTH, "blu-dinkes", date(2026, 12, 1)),
    line("PEMULANGAN", ServiceType.REPATRIATION, "blu-dinsos", date(2026, 12, 10)),
    line("REINTEGRASI_SOSIAL", ServiceType.REINTEGRATION, "blu-dinsos", date(2026, 12, 20)),
)


def belu_planned() -> Story:
    """A trafficking case at Belu's clearing house with an agreed plan to return her."""
    tale = Story(belu_network())
    tale.do(complaint("c-blu-0001"))
    tale.do(RegisterCase(case_number="BLU/2026/0001", category=CaseCategory.TRAFFICKING))
    tale.do(assignment(letter="800/1/DP3A/2026", supervisor_id="sup-ani"))
    tale.do(MakeInitialContact())
    tale.do(AgreeServiceContract(agreed_by=ContractParty.CHILD_AND_GUARDIAN))
    tale.do(assessment((ServiceType.HEALTH, ServiceType.REPATRIATION)))
    participants = (
        ConferenceParticipant(name="Maria", profession="social worker", agency_id="blu-hub"),
        ConferenceParticipant(name="Yohanes", profession="social worker", agency_id="blu-dinsos"),
    )
    tale.do(AgreeInterventionPlan(participants=participants, services=BELU_PLAN))
    assert tale.phase() is CasePhase.PLAN_AGREED
    return tale


HOME = IssueReferral(referral_id="r-home", stage="PEMULANGAN", target_id="blu-dinsos")
REINTEGRATE = IssueReferral(
    referral_id="r-reint", stage="REINTEGRASI_SOSIAL", target_id="blu-dinsos"
)


def test_a_belu_repatriation_waits_for_the_consent_of_the_victim_blu_pasal_1_angka_8() -> None:
    tale = belu_planned()

    error = tale.refused(HOME, rules.RETURN_NEEDS_CONSENT)

    assert error.article == "BLU Pasal 1 angka 8"
    recorded = tale.do(
        RecordReturnConsent(consent_of=ConsentOf.VICTIM, parent_or_guardian_present=True)
    )
    (event,) = recorded.events
    assert isinstance(event, ReturnConsentRecorded)
    assert (event.consent_of, event.article) == (ConsentOf.VICTIM, "BLU Pasal 1 angka 8")
    tale.do(HOME)
    assert "r-home" in tale.current.referrals


def test_a_withdrawn_consent_cancels_each_open_return_referral_for_its_target() -> None:
    tale = belu_planned()
    tale.do(RecordReturnConsent(consent_of=ConsentOf.VICTIM))
    tale.do(HOME)
    tale.do(REINTEGRATE)
    tale.do(
        IssueReferral(
            referral_id="r-health", stage="REHABILITASI_KESEHATAN", target_id="blu-dinkes"
        )
    )

    withdrawn = tale.do(WithdrawReturnConsent(consent_of=ConsentOf.VICTIM))

    assert isinstance(withdrawn.events[0], ReturnConsentWithdrawn)
    cancelled = [e for e in withdrawn.events if isinstance(e, ReferralCancelled)]
    assert {e.referral_id for e in cancelled} == {"r-home", "r-reint"}
    assert all("BLU Pasal 1 angka 8" in (e.reason or "") for e in cancelled)
    assert tale.status("r-health") == "issued"
    tale.refused(
        IssueReferral(referral_id="r-home-2", stage="PEMULANGAN", target_id="blu-dinsos"),
        rules.RETURN_NEEDS_CONSENT,
    )


def test_only_a_given_consent_is_withdrawn() -> None:
    tale = belu_planned()

    tale.refused(
        WithdrawReturnConsent(consent_of=ConsentOf.WITNESS), rules.WITHDRAW_ONLY_GIVEN_CONSENT
    )


def test_kapuas_hulu_did_not_adopt_the_consent_so_its_repatriation_goes_as_planned() -> None:
    """KH Lampiran I does not condition PEMULANGAN on consent and the district's data says
    it did not adopt BLU Pasal 1 angka 8: no consent is asked, none is recorded."""
    tale = story(KH, until=CasePhase.ASSESSED)
    tale.do(plan((line("PEMULANGAN", ServiceType.REPATRIATION, "kh-dinsos", date(2026, 12, 1)),)))

    tale.refused(RecordReturnConsent(consent_of=ConsentOf.VICTIM), rules.CONSENT_ONLY_WHERE_ADOPTED)
    tale.do(IssueReferral(referral_id="r-home", stage="PEMULANGAN", target_id="kh-dinsos"))
    assert tale.status("r-home") == "issued"


def test_an_emergency_referral_before_the_plan_is_only_for_safety_and_health_lt_pasal_10() -> None:
    """Right after the complaint: an emergency health referral goes; an emergency
    reintegration referral waits for the plan."""
    tale = story(KH)

    tale.refused(
        IssueReferral(
            referral_id="r-1",
            stage="REINTEGRASI_SOSIAL_EKONOMI",
            target_id="kh-dinsos",
            emergency=True,
        ),
        rules.EMERGENCY_ONLY_FOR_SAFETY_AND_HEALTH,
    )
    tale.do(
        IssueReferral(
            referral_id="r-2", stage="REHABILITASI_KESEHATAN", target_id="kh-rsud", emergency=True
        )
    )
    tale.do(
        IssueReferral(referral_id="r-3", stage="PENAMPUNGAN", target_id="kh-dinsos", emergency=True)
    )
    assert set(tale.current.referrals) == {"r-2", "r-3"}


def test_the_case_view_shows_each_consent_to_return_and_its_withdrawal_blu_pasal_1_angka_8() -> (
    None
):
    """The companion sees on the case who consented, with a parent or guardian present or
    not, under which article, and when it was withdrawn — not only as journal events."""
    tale = belu_planned()
    assert case_view(tale.current, (), directory()).return_consents == []

    tale.do(RecordReturnConsent(consent_of=ConsentOf.VICTIM, parent_or_guardian_present=True))
    (given,) = case_view(tale.current, (), directory()).return_consents
    assert (given.consent_of, given.parent_or_guardian_present, given.in_force) == (
        ConsentOf.VICTIM,
        True,
        True,
    )
    assert (given.article, given.withdrawn_at) == ("BLU Pasal 1 angka 8", None)

    tale.do(WithdrawReturnConsent(consent_of=ConsentOf.VICTIM))
    tale.do(RecordReturnConsent(consent_of=ConsentOf.WITNESS))
    withdrawn, witness = case_view(tale.current, (), directory()).return_consents
    assert (withdrawn.consent_of, withdrawn.in_force) == (ConsentOf.VICTIM, False)
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.recorded_at == given.recorded_at
    assert (witness.consent_of, witness.in_force) == (ConsentOf.WITNESS, True)
    assert tale.current.return_consents == {ConsentOf.WITNESS}
