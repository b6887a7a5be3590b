"""Specification of what the education service adds to the desk's report rules for the
referrals it receives: continued schooling under the district's own regulation (LT Pasal
23 in Luwu Timur, SKW Pasal 39 in Singkawang, BTG Pasal 18(2)f in Batang, nothing in
Kapuas Hulu), the expulsion rule only where LT Pasal 23(2) binds."""

import pytest

from rujukan.desk.rules import combine, desk_rules
from rujukan.errors import RuleViolation
from rujukan.rule_sets import RuleSet, load_rule_sets
from schemas.facts import SchoolingContinued, SchoolingOutcome, ServiceNote
from schemas.vocabulary import ServiceType
from services.education.domain import rules as r
from services.education.domain.policy import education_policy
from services.education.domain.schooling import schooling_rules
from tests.support.referrals import context


def policy_of(district: str):
    return education_policy(schooling_rules(load_rule_sets(district).applied(RuleSet.SCHOOLING)))


def refused(*facts, district: str = "luwu-timur") -> RuleViolation:
    with pytest.raises(RuleViolation) as error:
        combine(desk_rules(), policy_of(district))(context(ServiceType.EDUCATION, *facts))
    return error.value


def allowed(*facts, district: str = "luwu-timur") -> list[str]:
    checked = combine(desk_rules(), policy_of(district))(context(ServiceType.EDUCATION, *facts))
    return list(checked)


@pytest.mark.parametrize("outcome", list(SchoolingOutcome))
def test_every_listed_schooling_outcome_with_its_school_is_reported(outcome):
    assert allowed(SchoolingContinued(outcome=outcome, school="SMP Negeri 2 Putussibau")) == []


def test_a_note_that_amounts_to_expulsion_is_refused_citing_lt_pasal_23_2():
    error = refused(ServiceNote(summary="Siswa dikeluarkan dari sekolah"))
    assert (error.rule, error.article) == (r.NO_EXPULSION.name, "LT Pasal 23(2)")


def test_an_expulsion_hidden_in_the_school_named_is_refused_citing_lt_pasal_23_2():
    fact = SchoolingContinued(
        outcome=SchoolingOutcome.HOME_OR_ONLINE_LEARNING, school="dikembalikan ke orang tua"
    )
    assert refused(fact).article == "LT Pasal 23(2)"


@pytest.mark.parametrize("district", ["singkawang", "batang", "kapuas-hulu"])
def test_no_lt_pasal_23_expulsion_rule_where_lt_does_not_bind(district):
    """SKW 39 and BTG 18(2)f say nothing of expulsion; Kapuas Hulu binds no schooling rule."""
    assert allowed(ServiceNote(summary="Siswa dikeluarkan dari sekolah"), district=district) == []


@pytest.mark.parametrize(
    ("district", "article"),
    [
        ("luwu-timur", "LT Pasal 23(1)"),
        ("singkawang", "SKW Pasal 39(1)-(2)"),
        ("batang", "BTG Pasal 18(2)f"),
    ],
)
@pytest.mark.parametrize("outcome", [SchoolingOutcome.TRANSFERRED, SchoolingOutcome.RE_ENROLLED])
def test_a_transfer_or_re_enrolment_names_the_school_citing_the_district_article(
    outcome, district, article
):
    error = refused(SchoolingContinued(outcome=outcome), district=district)
    assert (error.rule, error.article) == (r.TRANSFER_NAMES_THE_SCHOOL.name, article)


def test_kapuas_hulu_adds_nothing_to_the_desk_rules():
    assert (
        allowed(SchoolingContinued(outcome=SchoolingOutcome.TRANSFERRED), district="kapuas-hulu")
        == []
    )


def test_continuing_at_the_same_school_needs_no_school_named():
    assert allowed(SchoolingContinued(outcome=SchoolingOutcome.CONTINUING_SAME_SCHOOL)) == []
