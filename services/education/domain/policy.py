"""Report rules of the education service for the referrals it receives: keeping a child
in school under the district's schooling rule set (LT Pasal 17(2)b, 23 in Luwu Timur; SKW
Pasal 39 in Singkawang; BTG Pasal 18(2)f in Batang).

The desk already refuses facts that do not fit an education referral. Education adds
the rules of continued schooling, each citing the district's own article: a transfer or a
re-enrolment names the school where the child continues, so the companion can check that
schooling really goes on; and where the binding regulation forbids expelling the child
(LT Pasal 23(2)), nothing reported may amount to it.
"""

from rujukan.desk.rules import ReportContext, ReportPolicy, combine, no_policy, of_kind
from schemas.facts import SchoolingContinued, SchoolingOutcome, ServiceNote
from services.education.domain import rules
from services.education.domain.schooling import SchoolingRules, amounts_to_expulsion

NAMES_A_SCHOOL = frozenset({SchoolingOutcome.TRANSFERRED, SchoolingOutcome.RE_ENROLLED})
"""Outcomes that move the child to a school, which must be named."""


def no_expulsion(forbidding: str) -> ReportPolicy:
    """A school may not expel a child victim (``forbidding``: LT Pasal 23(2)): the closed
    list of schooling outcomes has no "expelled", so an expulsion can only hide in free
    text — the school named in a schooling fact or a note. Either is refused."""

    def check(context: ReportContext) -> list[str]:
        facts = list(context.draft.facts)
        texts = [f.school for f in of_kind(facts, SchoolingContinued) if f.school]
        texts += [f.summary for f in of_kind(facts, ServiceNote)]
        for text in texts:
            if amounts_to_expulsion(text):
                rules.NO_EXPULSION.refuse(
                    f"facts: {text!r} amounts to expelling the child", article=forbidding
                )
        return []

    return check


def transfer_names_the_school(continued_schooling: str) -> ReportPolicy:
    """A child transferred or re-enrolled continues at a school the report names (the
    district's article on continued schooling)."""

    def check(context: ReportContext) -> list[str]:
        for fact in of_kind(list(context.draft.facts), SchoolingContinued):
            if fact.outcome in NAMES_A_SCHOOL and not fact.school:
                rules.TRANSFER_NAMES_THE_SCHOOL.refuse(
                    f"facts: schooling {fact.outcome} needs the school",
                    article=continued_schooling,
                )
        return []

    return check


def education_policy(schooling: SchoolingRules | None) -> ReportPolicy:
    """The report rules of the district's schooling rule set; a district bound by none
    adds nothing to the desk's own rules (Kapuas Hulu, Belu), and the expulsion rule
    applies only where the binding regulation has one."""
    if schooling is None:
        return no_policy
    named = transfer_names_the_school(schooling.continued_schooling)
    if schooling.no_expulsion is None:
        return named
    return combine(no_expulsion(schooling.no_expulsion), named)
