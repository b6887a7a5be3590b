"""The phases of a case and the moves between them (LT Pasal 7(1), 8, 15–20).

LT Pasal 7(1) lists the steps of integrated case handling: initial process and
identification (a; its own steps are LT Pasal 8 a–f), assessment (b), the intervention
plan (c), intervention (d), monitoring and evaluation (e) and termination (f). A case
moves forward through them; the only way back is the loop of LT Pasal 19(2)a and 19(3):
a child not yet well goes back to a case conference, and when more services are needed,
to a new assessment and a new plan.

Emergency handling (LT Pasal 8b, 10) is not a phase: it may happen at any time, even
before registration, so it never moves the case.
"""

from enum import StrEnum


class CasePhase(StrEnum):
    """Where a case stands in the lifecycle of LT Pasal 7(1)."""

    COMPLAINT_RECEIVED = "complaint_received"
    """Penerimaan pengaduan (LT Pasal 8a, 9)."""
    REGISTERED = "registered"
    """Registrasi (LT Pasal 8c, 11)."""
    COMPANION_ASSIGNED = "companion_assigned"
    """Penugasan with a surat tugas (LT Pasal 7(3)-(4), 8d, 12)."""
    INITIAL_CONTACT_MADE = "initial_contact_made"
    """Kontak awal (LT Pasal 8e, 13)."""
    CONTRACT_AGREED = "contract_agreed"
    """Kontrak layanan (LT Pasal 8f, 14)."""
    ASSESSED = "assessed"
    """Asesmen (LT Pasal 7(1)b, 15)."""
    PLAN_AGREED = "plan_agreed"
    """Rencana intervensi by case conference (LT Pasal 7(1)c, 16); intervention and
    monitoring (LT Pasal 17–18) happen in this phase."""
    CASE_CONFERENCE_NEEDED = "case_conference_needed"
    """Evaluated as not yet physically and mentally well: a case conference is due
    (LT Pasal 19(2)a)."""
    REASSESSMENT_NEEDED = "reassessment_needed"
    """The case conference needs other services: assess and plan again (LT Pasal 19(3))."""
    TERMINATION_PREPARED = "termination_prepared"
    """Evaluated as well: termination is prepared (LT Pasal 19(2)b)."""
    TERMINATED = "terminated"
    """Terminasi kasus (LT Pasal 7(1)f, 20)."""


P = CasePhase

RANK: dict[CasePhase, int] = {
    P.COMPLAINT_RECEIVED: 0,
    P.REGISTERED: 1,
    P.COMPANION_ASSIGNED: 2,
    P.INITIAL_CONTACT_MADE: 3,
    P.CONTRACT_AGREED: 4,
    P.ASSESSED: 5,
    P.PLAN_AGREED: 6,
    P.CASE_CONFERENCE_NEEDED: 7,
    P.REASSESSMENT_NEEDED: 7,
    P.TERMINATION_PREPARED: 8,
    P.TERMINATED: 9,
}
"""The order of LT Pasal 7(1): a later step has a higher rank."""

TERMINABLE_ANY_TIME: frozenset[CasePhase] = frozenset(
    phase for phase, rank in RANK.items() if RANK[P.REGISTERED] <= rank < RANK[P.TERMINATED]
)
"""Phases from which LT Pasal 20(2) b–d (death, whereabouts unknown, referred
elsewhere) end a registered case."""

LOOPS_BACK: frozenset[tuple[CasePhase, CasePhase]] = frozenset(
    {
        (P.CASE_CONFERENCE_NEEDED, P.PLAN_AGREED),
        (P.CASE_CONFERENCE_NEEDED, P.ASSESSED),
        (P.REASSESSMENT_NEEDED, P.ASSESSED),
    }
)
"""The only backward moves: after an evaluation, a case conference agrees a new plan
(LT Pasal 19(2)a), or the case is assessed again because more services are needed
(LT Pasal 19(3))."""

PHASE_MOVES: frozenset[tuple[CasePhase, CasePhase]] = frozenset(
    {
        (P.COMPLAINT_RECEIVED, P.REGISTERED),
        (P.REGISTERED, P.COMPANION_ASSIGNED),
        (P.COMPANION_ASSIGNED, P.INITIAL_CONTACT_MADE),
        (P.INITIAL_CONTACT_MADE, P.CONTRACT_AGREED),
        (P.CONTRACT_AGREED, P.ASSESSED),
        (P.ASSESSED, P.PLAN_AGREED),
        (P.PLAN_AGREED, P.CASE_CONFERENCE_NEEDED),
        (P.PLAN_AGREED, P.REASSESSMENT_NEEDED),
        (P.PLAN_AGREED, P.TERMINATION_PREPARED),
        *LOOPS_BACK,
        *((phase, P.TERMINATED) for phase in TERMINABLE_ANY_TIME),
    }
)
"""Every phase change the lifecycle allows."""


def may_move(old: CasePhase, new: CasePhase) -> bool:
    """Whether a case may go from ``old`` to ``new`` (staying put is always allowed)."""
    return old is new or (old, new) in PHASE_MOVES
