"""Referrals and desk states for the desk's and the services' specifications."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rujukan.desk import domain
from rujukan.desk.domain import DeskReferral
from rujukan.desk.rules import DeskReport, ReportContext, ReportDraft
from schemas.events import ReferralIssued
from schemas.facts import ServiceFact
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import OutcomeStatus, ServiceType

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
"""10:00 in Kapuas Hulu (WIB)."""
TODAY = date(2026, 11, 24)

STAGE_OF = {
    ServiceType.HEALTH: "REHABILITASI_KESEHATAN",
    ServiceType.IDENTIFICATION: "IDENTIFIKASI",
    ServiceType.SHELTER: "PENAMPUNGAN",
    ServiceType.PSYCHOLOGY: "REHABILITASI_SOSIAL",
    ServiceType.REPATRIATION: "PEMULANGAN",
    ServiceType.REINTEGRATION: "REINTEGRASI_SOSIAL_EKONOMI",
    ServiceType.LEGAL: "BANTUAN_HUKUM",
}


def issued(
    *,
    target: str = "kh-rsud",
    service: ServiceType = ServiceType.HEALTH,
    referral_id: str = "r-0001",
    case_id: str = "c-0001",
    **fields: Any,
) -> ReferralIssued:
    values: dict[str, Any] = {
        "case_id": case_id,
        "referral_id": referral_id,
        "district": "kapuas-hulu",
        "stage": STAGE_OF.get(service, "IDENTIFIKASI"),
        "service": service,
        "referrer_id": "kh-hub",
        "target_id": target,
    }
    return ReferralIssued(**(values | fields))


def received(
    *, target: str = "kh-rsud", service: ServiceType = ServiceType.HEALTH, **fields: Any
) -> DeskReferral:
    event = issued(target=target, service=service, **fields)
    return domain.receive(event, agency_id=target, event_id=uuid.uuid4(), now=NOW).referral


def accepted(**fields: Any) -> DeskReferral:
    return domain.accept(received(**fields), now=NOW).referral


def report_of(
    referral: DeskReferral,
    *facts: ServiceFact,
    seq: int = 1,
    status: OutcomeStatus = OutcomeStatus.COMPLETED,
    final: bool = False,
    days_ago: int = 0,
) -> DeskReport:
    """A report this agency made earlier on ``referral``."""
    return DeskReport(
        report_id=f"rep-{referral.referral_id}-{seq}",
        referral_id=referral.referral_id,
        case_id=referral.case_id,
        seq=seq,
        status=status,
        final=final,
        facts=facts,
        reported_at=NOW - timedelta(days=days_ago),
    )


def context(
    service: ServiceType,
    *facts: ServiceFact,
    history: tuple[DeskReport, ...] = (),
    referral_id: str = "r-0001",
    status: OutcomeStatus = OutcomeStatus.COMPLETED,
    final: bool = False,
    today: date = TODAY,
) -> ReportContext:
    """What a report rule sees for a report carrying ``facts``."""
    return ReportContext(
        referral_id=referral_id,
        service=service,
        status=ReferralStatus.IN_PROGRESS,
        draft=ReportDraft(status=status, final=final, facts=list(facts)),
        history=history,
        today=today,
    )
