"""Specification of what the education service adds to the desk's report rules for the
referrals it receives: continued schooling (LT Pasal 23, SKW Pasal 39)."""

import pytest

from rujukan.desk.rules import combine, desk_rules
from rujukan.errors import RuleViolation
from schemas.facts import SchoolingContinued, SchoolingOutcome, ServiceNote
from schemas.vocabulary import ServiceType
from services.education.domain import rules as r
from services.education.domain.policy import EDUCATION_POLICY
from tests.support.referrals import context


def refused(*facts) -> RuleViolation:
    with pytest.raises(RuleViolation) as error:
        combine(desk_rules(), EDUCATION_POLICY)(context(ServiceType.EDUCATION, *facts))
    return error.value


def allowed(*facts) -> list[str]:
    return list(combine(desk_rules(), EDUCATION_POLICY)(context(ServiceType.EDUCATION, *facts)))


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


@pytest.mark.parametrize("outcome", [SchoolingOutcome.TRANSFERRED, SchoolingOutcome.RE_ENROLLED])
def test_a_transfer_or_re_enrolment_names_the_school_where_schooling_continues(outcome):
    error = refused(SchoolingContinued(outcome=outcome))
    assert (error.rule, error.article) == (
        r.TRANSFER_NAMES_THE_SCHOOL.name,
        r.TRANSFER_NAMES_THE_SCHOOL.article,
    )
    assert "LT Pasal 23(1)" in (r.TRANSFER_NAMES_THE_SCHOOL.article or "")


def test_continuing_at_the_same_school_needs_no_school_named():
    assert allowed(SchoolingContinued(outcome=SchoolingOutcome.CONTINUING_SAME_SCHOOL)) == []
