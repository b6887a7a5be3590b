"""Where a case's criminal process stands at this agency, from its reports."""

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from rujukan.desk.rules import DeskReport
from schemas.facts import CriminalProcess, CriminalStage, PoliceReportRegistered
from services.legal.domain.policy import CRIMINAL_ORDER


class Milestone(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: CriminalStage
    document_ref: str | None = None
    referral_id: str
    report_id: str
    reported_at: datetime


class CriminalProcessView(BaseModel):
    """The police report numbers and milestones reported on a case, and the next
    milestone the order allows."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    police_reports: list[str]
    milestones: list[Milestone]
    next_stage: CriminalStage | None


def criminal_process(case_id: str, reports: Iterable[DeskReport]) -> CriminalProcessView:
    police_reports: list[str] = []
    milestones: list[Milestone] = []
    for report in reports:
        for fact in report.facts:
            if isinstance(fact, PoliceReportRegistered):
                police_reports.append(fact.report_number)
            elif isinstance(fact, CriminalProcess):
                milestones.append(
                    Milestone(
                        stage=fact.stage,
                        document_ref=fact.document_ref,
                        referral_id=report.referral_id,
                        report_id=report.report_id,
                        reported_at=report.reported_at,
                    )
                )
    last = max((CRIMINAL_ORDER.index(m.stage) for m in milestones), default=-1)
    following = CRIMINAL_ORDER[last + 1 :]
    return CriminalProcessView(
        case_id=case_id,
        police_reports=police_reports,
        milestones=milestones,
        next_stage=following[0] if following else None,
    )
