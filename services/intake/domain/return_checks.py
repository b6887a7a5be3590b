"""The checks a referral passes before it leaves: an emergency is for the child's safety
or health (LT Pasal 10), a return waits for the consent where the district adopts it
(BLU Pasal 1 angka 8). Each is its own function, called by the referral decisions."""

from __future__ import annotations

from rujukan.matrix import MatrixRow
from schemas.vocabulary import ServiceType
from services.intake.domain.commands import IssueReferral
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.rules import EMERGENCY_ONLY_FOR_SAFETY_AND_HEALTH, RETURN_NEEDS_CONSENT

EMERGENCY_SERVICES = frozenset({ServiceType.HEALTH, ServiceType.SHELTER, ServiceType.PSYCHOLOGY})
"""The child's safety and mental or physical health (LT Pasal 10)."""

RETURN_SERVICES = frozenset({ServiceType.REPATRIATION, ServiceType.REINTEGRATION})
"""Pemulangan and reintegrasi (BLU Pasal 1 angka 8, 18-19)."""


def emergency_for_safety_and_health(command: IssueReferral, row: MatrixRow) -> None:
    """An emergency referral only for health, shelter or psychology (LT Pasal 10)."""
    if command.emergency:
        EMERGENCY_ONLY_FOR_SAFETY_AND_HEALTH.check(
            row.service in EMERGENCY_SERVICES,
            f"an emergency referral is for the child's safety or health "
            f"({', '.join(sorted(EMERGENCY_SERVICES))}); {row.service} waits for the plan",
        )


def consent_before_return(case: Case, row: MatrixRow, network: Network) -> None:
    """A repatriation or reintegration referral waits for the consent where the
    district adopts the rule (BLU Pasal 1 angka 8, or the article the data cites)."""
    article = network.return_consent
    if article is None or row.service not in RETURN_SERVICES:
        return
    RETURN_NEEDS_CONSENT.check(
        bool(case.return_consents),
        f"case {case.case_id}: {row.service} waits for the recorded consent of the victim "
        "or witness",
        article=article,
    )
