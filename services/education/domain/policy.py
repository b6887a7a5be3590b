"""Report rules of the education service for the referrals it receives: keeping a child
in school (LT Pasal 17(2)b, 23; SKW Pasal 39).

The desk already refuses facts that do not fit an education referral. Education adds
the rules of continued schooling: nothing it reports may amount to expelling the child
(LT Pasal 23(2)), and a transfer or a re-enrolment names the school where the child
continues, so the companion can check that schooling really goes on.
"""

from rujukan.desk.rules import ReportContext, ReportPolicy, combine, no_policy, of_kind
from rujukan.rule_sets import Binding
from schemas.facts import SchoolingContinued, SchoolingOutcome, ServiceNote
from services.education.domain import rules
from services.education.domain.schooling import amounts_to_expulsion

NAMES_A_SCHOOL = frozenset({SchoolingOutcome.TRANSFERRED, SchoolingOutcome.RE_ENROLLED})
"""Outcomes that move the child to a school, which must be named."""


def no_expulsion(context: ReportContext) -> list[str]:
    """A school may not expel a child victim (LT Pasal 23(2)): the closed list of
    schooling outcomes has no "expelled", so an expulsion can only hide in free text —
    the school named in a schooling fact or a note. Either is refused."""
    facts = list(context.draft.facts)
    texts = [f.school for f in of_kind(facts, SchoolingContinued) if f.school]
    texts += [f.summary for f in of_kind(facts, ServiceNote)]
    for text in texts:
        if amounts_to_expulsion(text):
            rules.NO_EXPULSION.refuse(f"facts: {text!r} amounts to expelling the child")
    return []


def transfer_names_the_school(context: ReportContext) -> list[str]:
    """A child transferred or re-enrolled continues at a school the report names
    (LT Pasal 23(1); SKW Pasal 39)."""
    for fact in of_kind(list(context.draft.facts), SchoolingContinued):
        if fact.outcome in NAMES_A_SCHOOL and not fact.school:
            rules.TRANSFER_NAMES_THE_SCHOOL.refuse(
                f"facts: schooling {fact.outcome} needs the school"
            )
    return []


EDUCATION_POLICY: ReportPolicy = combine(no_expulsion, transfer_names_the_school)
"""What the education service adds to the desk's rules where a schooling rule binds."""


def education_policy(schooling: Binding | None) -> ReportPolicy:
    """The report rules of the district's schooling rule set (LT Pasal 23 in Luwu Timur,
    SKW 39 in Singkawang, BTG 18(2)f in Batang); a district bound by none adds nothing
    to the desk's own rules (Kapuas Hulu, Belu)."""
    return EDUCATION_POLICY if schooling is not None else no_policy
