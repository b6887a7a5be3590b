"""Decisions of assessment (LT Pasal 15) and the intervention plan by case conference
(LT Pasal 16)."""

from __future__ import annotations

from datetime import datetime

from schemas.events.case import AssessmentCompleted, InterventionPlanAgreed
from services.intake.domain.commands import AgreeInterventionPlan, CompleteAssessment
from services.intake.domain.guards import (
    in_phase,
    matrix_row,
    open_case,
    same_district,
    text,
    valid_fields,
)
from services.intake.domain.journal import Decision
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.phases import CasePhase
from services.intake.domain.records import (
    AssessmentFindings,
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
)
from services.intake.domain.rules import (
    ASSESSMENT_AFTER_CONTRACT,
    ASSESSMENT_COVERS_CONDITIONS,
    ASSESSMENT_HAS_ANALYSIS,
    ASSESSMENT_RECOMMENDS_SERVICES,
    CASE_CONFERENCE_IS_A_MEETING,
    PLAN_AFTER_ASSESSMENT,
    PLAN_HAS_SERVICES,
    PLAN_LINES_DISTINCT,
    PLANNED_SERVICE_MATCHES_MATRIX,
)

ASSESSABLE: frozenset[CasePhase] = frozenset(
    {CasePhase.CONTRACT_AGREED, CasePhase.REASSESSMENT_NEEDED, CasePhase.CASE_CONFERENCE_NEEDED}
)
"""After the service contract (LT Pasal 7(1), 14), and again when an evaluation's case
conference needs other services (LT Pasal 19(3))."""

PLANNABLE: frozenset[CasePhase] = frozenset({CasePhase.ASSESSED, CasePhase.CASE_CONFERENCE_NEEDED})
"""After an assessment (LT Pasal 16(2)b discusses its results), and at the case
conference of a child evaluated as not yet well (LT Pasal 19(2)a)."""

MIN_CONFERENCE_PARTICIPANTS = 2
"""A case conference is a meeting with other parties and professions (LT Pasal 16(2)a)."""


def decide_complete_assessment(
    case: Case | None, command: CompleteAssessment, now: datetime, network: Network
) -> Decision:
    """Asesmen (LT Pasal 15) after the service contract: data on the physical,
    psychological, social and spiritual condition and the legal status (15(2)), the
    analysis (15(3)), and a conclusion recommending services (15(4)). Only the recommended
    services are public; the findings stay in the hub."""
    case = open_case(case)
    in_phase(case, ASSESSABLE, ASSESSMENT_AFTER_CONTRACT, "assess")
    conditions = {
        "physical_condition": command.physical_condition,
        "psychological_condition": command.psychological_condition,
        "social_condition": command.social_condition,
        "spiritual_condition": command.spiritual_condition,
        "legal_status": command.legal_status,
    }
    missing = [name for name, value in conditions.items() if text(value) is None]
    ASSESSMENT_COVERS_CONDITIONS.check(
        not missing, f"the assessment leaves out: {', '.join(missing)}"
    )
    ASSESSMENT_HAS_ANALYSIS.check(
        text(command.analysis) is not None,
        "the assessment interprets the data to find problems and needs (analysis)",
    )
    services = tuple(dict.fromkeys(command.recommended_services))
    ASSESSMENT_RECOMMENDS_SERVICES.check(
        text(command.conclusion) is not None and bool(services),
        "the conclusion recommends at least one service for the plan",
    )
    with valid_fields():
        completed = AssessmentCompleted(
            case_id=case.case_id, recommended_services=list(services), completed_at=now
        )
        findings = AssessmentFindingsRecorded(
            case_id=case.case_id,
            findings=AssessmentFindings(
                physical_condition=command.physical_condition.strip(),
                psychological_condition=command.psychological_condition.strip(),
                social_condition=command.social_condition.strip(),
                spiritual_condition=command.spiritual_condition.strip(),
                legal_status=command.legal_status.strip(),
                analysis=command.analysis.strip(),
                conclusion=command.conclusion.strip(),
            ),
        )
    return Decision.at(now, completed, findings)


def decide_agree_intervention_plan(
    case: Case | None, command: AgreeInterventionPlan, now: datetime, network: Network
) -> Decision:
    """Rencana intervensi by case conference (LT Pasal 16), after an assessment.

    Every planned line names a stage and a target the district's matrix lists for it
    (KH Lampiran I, LT Pasal 17(2)), with the service the matrix gives that row. Each
    new plan gets the next version.
    """
    case = open_case(case)
    same_district(case, network)
    in_phase(case, PLANNABLE, PLAN_AFTER_ASSESSMENT, "agree an intervention plan")
    CASE_CONFERENCE_IS_A_MEETING.check(
        len(command.participants) >= MIN_CONFERENCE_PARTICIPANTS,
        f"a case conference meets with other parties and professions: "
        f"{len(command.participants)} participant(s) given",
    )
    PLAN_HAS_SERVICES.check(bool(command.services), "the plan names at least one service")
    seen: set[tuple[str, str]] = set()
    for line in command.services:
        key = (line.stage, line.target_id)
        PLAN_LINES_DISTINCT.check(
            key not in seen, f"the plan names {line.target_id} for {line.stage} twice"
        )
        seen.add(key)
        row = matrix_row(network, line.stage, line.target_id)
        PLANNED_SERVICE_MATCHES_MATRIX.check(
            line.service is row.service,
            f"{row.source}: {line.target_id} gives {row.service} at {line.stage}, "
            f"not {line.service}",
            article=row.source,
        )
    agencies = [network.hub_id, *(p.agency_id for p in command.participants if p.agency_id)]
    version = case.plan_version + 1
    with valid_fields():
        agreed = InterventionPlanAgreed(
            case_id=case.case_id,
            plan_version=version,
            services=list(command.services),
            participants=list(dict.fromkeys(agencies)),
            agreed_at=now,
        )
        conference = CaseConferenceRecorded(
            case_id=case.case_id, plan_version=version, participants=command.participants
        )
    return Decision.at(now, agreed, conference)
