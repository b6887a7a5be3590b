"""Report rules of the health service (KH Lampiran I, REHABILITASI KESEHATAN: the RSUD
does the medical examination, the visum and treatment; each puskesmas the examination
and basic treatment).

The desk already refuses facts dated in the future (a visum's ``issued_on`` among
them), a did_not_attend that is not a not-delivered report, and facts that do not fit
a health referral. Health adds the order of its own facts.
"""

from rujukan.desk.rules import ReportContext, ReportPolicy, combine, of_kind
from rujukan.rules import catalogue, input_rule
from schemas.facts import MedicalExamination, Treatment, TreatmentPhase, VisumIssued

EXAMINATION_BEFORE_VISUM = input_rule(
    "examination_before_visum",
    "KH Lampiran I",
    "a visum reports a medical examination made on the referral, and is not dated before it",
)
TREATMENT_PHASES_IN_ORDER = input_rule(
    "treatment_phases_in_order",
    None,
    "treatment goes started, ongoing, completed, never back",
)
HEALTH_RULES = catalogue(globals())
"""What the health service refuses besides the desk's rules."""

TREATMENT_ORDER = (TreatmentPhase.STARTED, TreatmentPhase.ONGOING, TreatmentPhase.COMPLETED)


def examination_before_visum(context: ReportContext) -> list[str]:
    """A visum et repertum is the examining doctor's written report: the medical
    examination is reported on the referral first (or in the same report), and the
    visum is not dated before it (KH Lampiran I: pemeriksaan medis, pemeriksaan visum)."""
    examined = [f.examined_on for f in of_kind(context.referral_facts(), MedicalExamination)]
    for visum in of_kind(context.draft.facts, VisumIssued):
        if not examined:
            EXAMINATION_BEFORE_VISUM.refuse(
                "facts: visum_issued needs the medical_examination it reports, on this "
                "referral first or in the same report"
            )
        if visum.issued_on < min(examined):
            EXAMINATION_BEFORE_VISUM.refuse(
                f"facts: visum_issued.issued_on {visum.issued_on} is before the medical "
                f"examination on {min(examined)}"
            )
    return []


def treatment_phases_in_order(context: ReportContext) -> list[str]:
    """Treatment on a referral goes started → ongoing (as often as reported) →
    completed, never back; nothing follows completed (a new course of treatment is a
    new referral). Closing the referral while treatment is still running is a warning."""
    phases = [f.phase for f in of_kind(context.earlier_referral_facts(), Treatment)]
    for fact in of_kind(context.draft.facts, Treatment):
        last = phases[-1] if phases else None
        if last is TreatmentPhase.COMPLETED:
            TREATMENT_PHASES_IN_ORDER.refuse(
                f"facts: treatment {fact.phase} after the treatment was reported completed"
            )
        if last is not None and TREATMENT_ORDER.index(fact.phase) < TREATMENT_ORDER.index(last):
            TREATMENT_PHASES_IN_ORDER.refuse(
                f"facts: treatment {fact.phase} after {last}: treatment phases go "
                "started → ongoing → completed"
            )
        if fact.phase is TreatmentPhase.STARTED and last is TreatmentPhase.STARTED:
            TREATMENT_PHASES_IN_ORDER.refuse("facts: treatment started twice on the referral")
        phases.append(fact.phase)
    if context.draft.final and phases and phases[-1] is not TreatmentPhase.COMPLETED:
        return [
            f"the referral closes while treatment is {phases[-1]}: say in the report where "
            "the treatment continues"
        ]
    return []


HEALTH_POLICY: ReportPolicy = combine(examination_before_visum, treatment_phases_in_order)
"""What the health service adds to the desk's rules."""
