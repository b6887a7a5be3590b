"""Report rules of the social service (Dinas Sosial P3AP2KB, KH Lampiran I: rumah
singgah, a psychologist with the provincial DP3A, social rehabilitation and spiritual
accompaniment with partner organisations, repatriation with the provincial DP3A,
reintegration with Disnakertrans and Dinas Koperasi).

Shelter stays, psychology sessions and repatriation are desk rules shared with the
Polres, which gives temporary shelter, coordinates a psychologist and repatriates
too. The rumah singgah has no expected length in KH Lampiran I, so a long stay is not
flagged here. Social adds the programmes: rehabilitation and reintegration.
"""

from rujukan.desk.rules import ReportContext, ReportPolicy, combine, of_kind, shelter_and_care
from rujukan.rules import catalogue, input_rule
from schemas.facts import ProgrammePhase, Rehabilitation, Reintegration, ServiceFact

PROGRAMME_ENROLLED_BEFORE_COMPLETED = input_rule(
    "programme_enrolled_before_completed",
    "KH Lampiran I",
    "a programme is completed once, after the child was enrolled in it",
)
SOCIAL_RULES = catalogue(globals())
"""What the social service refuses besides the desk's rules."""


def _programme(fact: Rehabilitation | Reintegration) -> tuple[str, ...]:
    if isinstance(fact, Rehabilitation):
        return ("rehabilitation", fact.rehabilitation.value)
    return ("reintegration", fact.provider.value, fact.programme.casefold())


def _label(key: tuple[str, ...]) -> str:
    return " ".join(key)


def programmes_enrolled_before_completed(context: ReportContext) -> list[str]:
    """A rehabilitation or reintegration programme is completed only after the child
    was enrolled in it on this referral (KH Lampiran I: programmes by Dinas Sosial and
    partners, job training by Disnakertrans, empowerment by Dinas Koperasi); completing
    it twice is refused."""
    state: dict[tuple[str, ...], ProgrammePhase] = {}

    def programmes(facts: list[ServiceFact]) -> list[Rehabilitation | Reintegration]:
        return [*of_kind(facts, Rehabilitation), *of_kind(facts, Reintegration)]

    for fact in programmes(context.earlier_referral_facts()):
        state[_programme(fact)] = fact.phase
    for fact in programmes(list(context.draft.facts)):
        key = _programme(fact)
        before = state.get(key)
        if fact.phase is ProgrammePhase.COMPLETED and before is not ProgrammePhase.ENROLLED:
            what = "completed already" if before else "not enrolled on this referral"
            PROGRAMME_ENROLLED_BEFORE_COMPLETED.refuse(
                f"facts: {_label(key)} completed, but it was {what}"
            )
        if fact.phase is ProgrammePhase.ENROLLED and before is ProgrammePhase.ENROLLED:
            PROGRAMME_ENROLLED_BEFORE_COMPLETED.refuse(f"facts: {_label(key)} enrolled twice")
        state[key] = fact.phase
    return []


SOCIAL_POLICY: ReportPolicy = combine(
    shelter_and_care(),
    programmes_enrolled_before_completed,
)
"""What the social service adds to the desk's rules."""
