"""Administrative sanctions (SKW Pasal 53–59): tiers, last resorts, factors."""

from __future__ import annotations

import pytest

from rujukan.errors import RuleViolation
from schemas.school import (
    AggravatingFactor,
    Handler,
    Impact,
    MitigatingFactor,
    PartyRole,
    PartyStatus,
    PupilSanction,
    SanctionTier,
    StaffSanction,
)
from services.education.domain import Party, Sanction, check_sanction, derived_factors
from services.education.domain import rules as r
from tests.unit.education.builders import VICTIM, WITNESS, new_report, pupil, staff

PUPIL_REPORT = new_report()
GRAVE = new_report(impacts=(Impact.SEVERE_PHYSICAL_INJURY,))


def _refused(report, sanction: Sanction) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        check_sanction(report, sanction)
    assert refused.value.status == 422
    return refused.value


def test_pupil_sanction_must_fit_its_tier() -> None:
    wrong = Sanction(
        party_id="p1", tier=SanctionTier.HEAVY, pupil_sanction=PupilSanction.WRITTEN_REPRIMAND
    )

    assert _refused(PUPIL_REPORT, wrong).rule == r.SANCTION_FITS_TIER.name


def test_staff_sanction_is_not_given_to_a_pupil() -> None:
    wrong = Sanction(
        party_id="p1", tier=SanctionTier.LIGHT, staff_sanction=StaffSanction.WRITTEN_REPRIMAND
    )

    assert _refused(PUPIL_REPORT, wrong).rule == r.SANCTION_FITS_TIER.name


@pytest.mark.parametrize(("days", "allowed"), [(4, False), (5, True), (10, True), (11, False)])
def test_educational_action_lasts_5_to_10_school_days(days: int, allowed: bool) -> None:
    sanction = Sanction(
        party_id="p1",
        tier=SanctionTier.MEDIUM,
        pupil_sanction=PupilSanction.EDUCATIONAL_ACTION,
        school_days=days,
    )
    if allowed:
        assert check_sanction(PUPIL_REPORT, sanction).school_days == days
    else:
        refused = _refused(PUPIL_REPORT, sanction)
        assert refused.rule == r.MEDIUM_PUPIL_SANCTION_LENGTH.name
        assert refused.article == "SKW Pasal 56(2)"


def _transfer(by: Handler | None) -> Sanction:
    return Sanction(
        party_id="p1",
        tier=SanctionTier.HEAVY,
        pupil_sanction=PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL,
        transfer_recommended_by=by,
    )


def test_transfer_without_grave_harm_is_refused() -> None:
    refused = _refused(PUPIL_REPORT, _transfer(Handler.SATGAS))

    assert refused.rule == r.TRANSFER_LAST_RESORT.name
    assert refused.article == "SKW Pasal 56(4)"


@pytest.mark.parametrize("by", [None, Handler.TPPK])
def test_transfer_without_satgas_or_dinas_recommendation_is_refused(by: Handler | None) -> None:
    assert _refused(GRAVE, _transfer(by)).rule == r.TRANSFER_LAST_RESORT.name


@pytest.mark.parametrize("by", [Handler.SATGAS, Handler.DINAS])
def test_transfer_with_grave_harm_and_a_recommendation_is_allowed(by: Handler) -> None:
    assert check_sanction(GRAVE, _transfer(by)).pupil_sanction is (
        PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL
    )


def test_civil_servant_staff_sanction_follows_civil_service_law() -> None:
    report = new_report(VICTIM, staff("t1", PartyRole.REPORTED, civil_servant=True))
    skw = Sanction(
        party_id="t1", tier=SanctionTier.LIGHT, staff_sanction=StaffSanction.WRITTEN_REPRIMAND
    )

    refused = _refused(report, skw)
    assert refused.rule == r.CIVIL_SERVANT_SANCTION_BY_LAW.name
    assert refused.article == "SKW Pasal 54"
    assert check_sanction(report, Sanction(party_id="t1", civil_service_law=True)).tier is None


def test_non_civil_servant_teacher_gets_skw_55_sanctions() -> None:
    report = new_report(VICTIM, staff("t1", PartyRole.REPORTED))
    apology = Sanction(
        party_id="t1",
        tier=SanctionTier.LIGHT,
        staff_sanction=StaffSanction.PUBLISHED_WRITTEN_APOLOGY,
    )
    suspension_as_light = apology.model_copy(
        update={"staff_sanction": StaffSanction.TEMPORARY_SUSPENSION}
    )

    assert check_sanction(report, apology).staff_sanction is StaffSanction.PUBLISHED_WRITTEN_APOLOGY
    assert _refused(report, suspension_as_light).rule == r.SANCTION_FITS_TIER.name


def test_dismissal_needs_grave_harm_or_three_proven_acts() -> None:
    teacher = staff("t1", PartyRole.REPORTED)
    dismissal = Sanction(
        party_id="t1",
        tier=SanctionTier.HEAVY,
        staff_sanction=StaffSanction.TERMINATION_OF_EMPLOYMENT,
    )

    refused = _refused(new_report(VICTIM, teacher), dismissal)
    assert refused.rule == r.TERMINATION_CONDITIONS.name
    assert refused.article == "SKW Pasal 55(4)"
    repeated = dismissal.model_copy(update={"proven_incidents_in_office": 3})
    assert check_sanction(new_report(VICTIM, teacher), repeated).tier is SanctionTier.HEAVY
    grave = new_report(VICTIM, teacher, impacts=(Impact.DEATH,))
    assert check_sanction(grave, dismissal).tier is SanctionTier.HEAVY


def test_sanction_only_for_reported_person() -> None:
    reprimand = Sanction(
        party_id="w1", tier=SanctionTier.LIGHT, pupil_sanction=PupilSanction.WRITTEN_REPRIMAND
    )

    refused = _refused(PUPIL_REPORT, reprimand)
    assert refused.rule == r.SANCTION_ONLY_FOR_REPORTED.name
    assert refused.article == "SKW Pasal 52(1)a"


def test_someone_outside_pupils_and_staff_gets_no_skw_sanction() -> None:
    outsider = Party(party_id="x1", roles=frozenset({PartyRole.REPORTED}), status=PartyStatus.OTHER)
    report = new_report(VICTIM, outsider)

    refused = _refused(report, Sanction(party_id="x1", tier=SanctionTier.LIGHT))
    assert refused.rule == r.NO_SKW_SANCTION_FOR_OTHERS.name


def test_derived_factors_for_child_pupil_and_teacher() -> None:
    victims = (VICTIM, pupil("v2", PartyRole.VICTIM, disability=True))
    teacher = staff("t1", PartyRole.REPORTED)
    report = new_report(*victims, pupil("p1", PartyRole.REPORTED), teacher, WITNESS)

    child_mitigating, child_aggravating = derived_factors(report, "p1")
    assert child_mitigating == {MitigatingFactor.PERPETRATOR_IS_CHILD}
    assert child_aggravating == {
        AggravatingFactor.MORE_THAN_ONE_VICTIM,
        AggravatingFactor.VICTIM_WITH_DISABILITY,
    }
    _, teacher_aggravating = derived_factors(report, "t1")
    assert AggravatingFactor.PERPETRATOR_IN_POSITION in teacher_aggravating


def test_checked_sanction_records_derived_factors() -> None:
    reprimand = Sanction(
        party_id="p1", tier=SanctionTier.LIGHT, pupil_sanction=PupilSanction.WRITTEN_REPRIMAND
    )

    checked = check_sanction(PUPIL_REPORT, reprimand)
    assert MitigatingFactor.PERPETRATOR_IS_CHILD in checked.mitigating


def test_light_impact_cannot_be_mitigating_when_impact_is_severe() -> None:
    light = Sanction(
        party_id="p1",
        tier=SanctionTier.LIGHT,
        pupil_sanction=PupilSanction.WRITTEN_REPRIMAND,
        mitigating=frozenset({MitigatingFactor.LIGHT_IMPACT}),
    )

    refused = _refused(GRAVE, light)
    assert refused.rule == r.FACTORS_CONSISTENT.name
    assert check_sanction(PUPIL_REPORT, light).mitigating >= {MitigatingFactor.LIGHT_IMPACT}
