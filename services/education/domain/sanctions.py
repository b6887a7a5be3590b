"""Administrative sanctions as recorded outcomes (SKW Pasal 53–59).

Which sanctions exist depends on who the reported person is: a pupil (56), a teacher or
staff member outside the civil service (55), or a civil servant, whose sanction follows
civil-service law (54). Anyone else answers under other laws (60). Heavy sanctions have
conditions: a pupil's transfer is a last resort (56(4)); a dismissal needs grave harm or
repetition (55(4)). Mitigating and aggravating factors (59(4)–(6)) are recorded with each
sanction; those the report itself shows are added by :func:`derived_factors`.
"""

from __future__ import annotations

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
from services.education.domain import rules
from services.education.domain.deadlines import default_rules
from services.education.domain.report import SchoolReport
from services.education.domain.values import Sanction

GRAVE_HARMS: frozenset[Impact] = frozenset(
    {
        Impact.SEVERE_PHYSICAL_INJURY,
        Impact.PERMANENT_PHYSICAL_DAMAGE,
        Impact.DEATH,
        Impact.SEVERE_PSYCHOLOGICAL_TRAUMA,
    }
)
"""Luka fisik berat, kerusakan fisik permanen, kematian, trauma psikologis berat
(SKW 55(4)a, 56(4)a)."""

MODERATE_OR_SEVERE_IMPACTS: frozenset[Impact] = GRAVE_HARMS | {
    Impact.FAIRLY_SERIOUS_INJURY,
    Impact.PHYSICAL_DISABILITY,
}
"""Impacts that are "sedang atau berat" (SKW 59(6)a)."""

PUPIL_SANCTIONS: dict[SanctionTier, frozenset[PupilSanction]] = {
    SanctionTier.LIGHT: frozenset({PupilSanction.WRITTEN_REPRIMAND}),
    SanctionTier.MEDIUM: frozenset({PupilSanction.EDUCATIONAL_ACTION}),
    SanctionTier.HEAVY: frozenset({PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL}),
}
"""SKW 56(1)–(3)."""

STAFF_SANCTIONS: dict[SanctionTier, frozenset[StaffSanction]] = {
    SanctionTier.LIGHT: frozenset(
        {StaffSanction.WRITTEN_REPRIMAND, StaffSanction.PUBLISHED_WRITTEN_APOLOGY}
    ),
    SanctionTier.MEDIUM: frozenset(
        {StaffSanction.REDUCTION_OF_RIGHTS, StaffSanction.TEMPORARY_SUSPENSION}
    ),
    SanctionTier.HEAVY: frozenset({StaffSanction.TERMINATION_OF_EMPLOYMENT}),
}
"""SKW 55(1)–(3), for non-ASN teachers and staff (and non-ASN school heads, who are
teachers given the task of heading the school)."""

TIER_RANK: dict[SanctionTier, int] = {
    SanctionTier.LIGHT: 1,
    SanctionTier.MEDIUM: 2,
    SanctionTier.HEAVY: 3,
}


def medium_sanction_bounds() -> tuple[int, int]:
    """The least and most school days of a pupil's educational action (SKW 56(2)), read
    from the deadline rules data (``medium_sanction_min``/``_max``)."""
    data = default_rules()
    return data["medium_sanction_min"].amount, data["medium_sanction_max"].amount


def derived_factors(
    report: SchoolReport, party_id: str
) -> tuple[frozenset[MitigatingFactor], frozenset[AggravatingFactor]]:
    """The factors of SKW 59(5)–(6) the report itself shows for this perpetrator.

    Mitigating: d (a pupil with a disability), e (a child). Aggravating: a (moderate or
    severe impact), c (more than one victim), d (a victim with a disability), e (a TPPK
    member, school head, teacher or staff). Forgiveness (59(5)b), paying for treatment
    (59(5)c), light impact (59(5)a) and repetition (59(6)b) are for the decider to record.
    """
    party = report.party(party_id)
    victims = report.with_role(PartyRole.VICTIM)
    mitigating: set[MitigatingFactor] = set()
    aggravating: set[AggravatingFactor] = set()
    if party.is_pupil and party.disability:
        mitigating.add(MitigatingFactor.PERPETRATOR_PUPIL_WITH_DISABILITY)
    if party.child:
        mitigating.add(MitigatingFactor.PERPETRATOR_IS_CHILD)
    if report.impacts & MODERATE_OR_SEVERE_IMPACTS:
        aggravating.add(AggravatingFactor.MODERATE_OR_SEVERE_IMPACT)
    if len(victims) > 1:
        aggravating.add(AggravatingFactor.MORE_THAN_ONE_VICTIM)
    if any(victim.disability for victim in victims):
        aggravating.add(AggravatingFactor.VICTIM_WITH_DISABILITY)
    if party.is_staff or party.tppk_member:
        aggravating.add(AggravatingFactor.PERPETRATOR_IN_POSITION)
    return frozenset(mitigating), frozenset(aggravating)


def check_sanction(report: SchoolReport, sanction: Sanction) -> Sanction:
    """Check one sanction against SKW 52–59 and return it with the derived factors added.

    Raises :class:`~rujukan.errors.RuleViolation` (422) naming the broken rule.
    """
    party = report.party(sanction.party_id)
    rules.SANCTION_ONLY_FOR_REPORTED.check(
        party.has(PartyRole.REPORTED), f"party {party.party_id} is not a reported person"
    )
    if party.status is PartyStatus.OTHER:
        rules.NO_SKW_SANCTION_FOR_OTHERS.refuse(
            f"party {party.party_id} is neither pupil nor staff"
        )
    if party.is_civil_servant:
        _check_civil_servant(sanction)
    elif party.is_pupil:
        _check_pupil(report, sanction)
    else:
        _check_non_civil_servant_staff(report, sanction)
    mitigating, aggravating = derived_factors(report, sanction.party_id)
    enriched = sanction.model_copy(
        update={
            "mitigating": sanction.mitigating | mitigating,
            "aggravating": sanction.aggravating | aggravating,
        }
    )
    rules.FACTORS_CONSISTENT.check(
        not (
            MitigatingFactor.LIGHT_IMPACT in enriched.mitigating
            and AggravatingFactor.MODERATE_OR_SEVERE_IMPACT in enriched.aggravating
        ),
        "light impact recorded while the impact is moderate or severe",
    )
    return enriched


def _check_civil_servant(sanction: Sanction) -> None:
    rules.CIVIL_SERVANT_SANCTION_BY_LAW.check(
        sanction.civil_service_law
        and sanction.tier is None
        and sanction.pupil_sanction is None
        and sanction.staff_sanction is None
        and sanction.school_days is None,
        "record the sanction as imposed under civil-service law, without an SKW tier",
    )


def _check_pupil(report: SchoolReport, sanction: Sanction) -> None:
    fits = (
        not sanction.civil_service_law
        and sanction.staff_sanction is None
        and sanction.tier is not None
        and sanction.pupil_sanction in PUPIL_SANCTIONS[sanction.tier]
    )
    rules.SANCTION_FITS_TIER.check(
        fits, f"a pupil's {sanction.tier} sanction is one of SKW 56 for that tier"
    )
    if sanction.pupil_sanction is PupilSanction.EDUCATIONAL_ACTION:
        least, most = medium_sanction_bounds()
        days = sanction.school_days
        rules.MEDIUM_PUPIL_SANCTION_LENGTH.check(
            days is not None and least <= days <= most,
            f"{days} school days is outside {least}-{most}",
        )
    else:
        rules.SANCTION_FITS_TIER.check(
            sanction.school_days is None, "only an educational action has a length"
        )
    if sanction.pupil_sanction is PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL:
        rules.TRANSFER_LAST_RESORT.check(
            bool(report.impacts & GRAVE_HARMS),
            "the victim suffered none of severe injury, permanent damage, death or severe "
            "psychological trauma (56(4)a)",
        )
        rules.TRANSFER_LAST_RESORT.check(
            sanction.transfer_recommended_by in (Handler.SATGAS, Handler.DINAS),
            "no recommendation from the Satgas or the Dinas (56(4)b)",
        )


def _check_non_civil_servant_staff(report: SchoolReport, sanction: Sanction) -> None:
    fits = (
        not sanction.civil_service_law
        and sanction.pupil_sanction is None
        and sanction.school_days is None
        and sanction.tier is not None
        and sanction.staff_sanction in STAFF_SANCTIONS[sanction.tier]
    )
    rules.SANCTION_FITS_TIER.check(
        fits, f"a non-ASN staff member's {sanction.tier} sanction is one of SKW 55 for that tier"
    )
    if sanction.staff_sanction is StaffSanction.TERMINATION_OF_EMPLOYMENT:
        rules.TERMINATION_CONDITIONS.check(
            bool(report.impacts & GRAVE_HARMS) or sanction.proven_incidents_in_office >= 3,
            "neither grave harm (55(4)a) nor three proven acts in office (55(4)b)",
        )
