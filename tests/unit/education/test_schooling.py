"""Schooling continues under the district's own regulation: an outcome amounting to
expulsion is refused citing LT Pasal 23(2) where it binds; SKW Pasal 39 and BTG Pasal
18(2)f guarantee schooling, cited on an unknown outcome, and forbid nothing by name."""

from __future__ import annotations

import pytest

from rujukan.errors import RuleViolation
from rujukan.rule_sets import RuleSet, load_rule_sets
from schemas.facts import SchoolingOutcome
from schemas.school import (
    PartyRole,
)
from services.education.domain import (
    SchoolingRules,
    amounts_to_expulsion,
    schooling_outcome,
    schooling_rules,
)
from services.education.domain import rules as r
from services.education.domain.commands import (
    RecordSchooling,
    ReportCounselling,
    StartAtNewSchool,
)
from tests.unit.education.builders import (
    REPORTED,
    VICTIM,
    day,
    decided,
    new_report,
    refused_by,
    run,
    staff,
    transferred,
)


def of_district(district: str) -> SchoolingRules | None:
    return schooling_rules(load_rule_sets(district).applied(RuleSet.SCHOOLING))


LUWU_TIMUR = of_district("luwu-timur")

EXPULSIONS = [
    "dikeluarkan dari sekolah",
    "Siswa DIKELUARKAN",
    "sekolah mengeluarkan siswa",
    "dikembalikan kepada orang tua",
    "di-DO",
    "drop out",
    "Drop-out by the school",
    "expelled",
    "expel",
    "expulsion",
    "pemberhentian sebagai peserta didik",
    "putus sekolah",
    "removed from the school",
]


@pytest.mark.parametrize("outcome", EXPULSIONS)
def test_expulsion_outcome_is_refused_citing_lt_pasal_23(outcome: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        schooling_outcome(outcome, LUWU_TIMUR)

    assert refused.value.status == 422
    assert refused.value.rule == r.NO_EXPULSION.name
    assert refused.value.article == "LT Pasal 23(2)"


@pytest.mark.parametrize("outcome", list(SchoolingOutcome))
def test_every_schooling_outcome_is_allowed(outcome: SchoolingOutcome) -> None:
    assert schooling_outcome(outcome, LUWU_TIMUR) is outcome
    assert schooling_outcome(outcome.value.upper(), None) is outcome


def test_there_is_no_expelled_outcome_to_choose() -> None:
    assert not any(
        amounts_to_expulsion(outcome.value.replace("_", " ")) for outcome in SchoolingOutcome
    )


def test_unknown_outcome_is_refused_as_unknown() -> None:
    with pytest.raises(RuleViolation) as refused:
        schooling_outcome("belajar di rumah nenek", LUWU_TIMUR)

    assert refused.value.rule == r.SCHOOLING_OUTCOME_KNOWN.name
    assert refused.value.article == "LT Pasal 23(1)"


@pytest.mark.parametrize(
    ("district", "article"),
    [("singkawang", "SKW Pasal 39(1)-(2)"), ("batang", "BTG Pasal 18(2)f")],
)
def test_expulsion_is_refused_as_no_expulsion_only_where_lt_pasal_23_binds(
    district: str, article: str
) -> None:
    """SKW 39 and BTG 18(2)f guarantee continued schooling and forbid nothing by name: an
    expulsion there is merely no recorded outcome, citing the district's own article."""
    with pytest.raises(RuleViolation) as refused:
        schooling_outcome("dikeluarkan dari sekolah", of_district(district))

    assert refused.value.rule == r.SCHOOLING_OUTCOME_KNOWN.name
    assert refused.value.article == article
    assert "LT Pasal 23" not in str(refused.value)


def test_schooling_recorded_in_a_school_report_takes_only_a_recorded_outcome() -> None:
    report = run(new_report(), RecordSchooling(party_id="v1", outcome="continuing_same_school"))
    assert report.schooling[0].outcome is SchoolingOutcome.CONTINUING_SAME_SCHOOL

    refused_by(
        r.SCHOOLING_OUTCOME_KNOWN,
        new_report(),
        RecordSchooling(party_id="p1", outcome="dikeluarkan"),
    )


def test_schooling_is_recorded_for_pupils_only() -> None:
    report = new_report(VICTIM, REPORTED, staff("t1", PartyRole.WITNESS))

    refused_by(
        r.SCHOOLING_FOR_PUPILS,
        report,
        RecordSchooling(party_id="t1", outcome=SchoolingOutcome.TRANSFERRED),
    )


def test_transfer_start_needs_a_transfer_sanction() -> None:
    refused_by(r.TRANSFER_NEEDS_TRANSFER_SANCTION, decided(), StartAtNewSchool(party_id="p1"))


def test_a_transferred_pupil_completes_counselling_before_the_new_school_skw_57_1() -> None:
    refused_by(
        r.COUNSELLING_BEFORE_NEW_SCHOOL, transferred(), StartAtNewSchool(party_id="p1", on=day(20))
    )

    counselled = run(
        transferred(),
        ReportCounselling(party_id="p1", institution="UPTD PPA", on=day(10)),
        ReportCounselling(party_id="p1", institution="UPTD PPA", completed=True, on=day(17)),
        StartAtNewSchool(party_id="p1", on=day(20)),
    )

    assert [c.completed for c in counselled.counselling] == [False, True]  # SKW 57(5)-(6)
    assert counselled.transfers[0].on == day(20)


def test_counselling_reports_are_for_a_transferred_pupil_until_completed_skw_57_5() -> None:
    refused_by(
        r.COUNSELLING_FOR_A_TRANSFERRED_PUPIL,
        decided(),
        ReportCounselling(party_id="p1", institution="UPTD PPA", on=day(10)),
    )
