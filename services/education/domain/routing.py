"""Who handles a report: the school's TPPK, or the city Satgas (SKW Pasal 37–38).

The TPPK handles (37(1)) unless one of the conditions of Pasal 38(1) holds; then the Satgas
handles and the reasons are recorded. Condition d — the TPPK does not act — needs a Satgas
warning first (37(2)–(3)); it is recorded by an explicit escalation, never inferred.
A report never goes back from the Satgas to the TPPK.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas.school import Handler, PartyRole, PartyStatus, SatgasReason
from services.education.domain.parties import Party
from services.education.domain.report import SchoolReport

_INVOLVED_ROLES = frozenset({PartyRole.VICTIM, PartyRole.WITNESS, PartyRole.REPORTED})
"""Roles that involve a person in the violence itself (38(1)c); a TPPK member who only
reports it is doing the TPPK's job."""


def satgas_reasons(
    parties: Iterable[Party], schools: Iterable[str], *, escalated: bool
) -> tuple[SatgasReason, ...]:
    """The SKW 38(1) conditions that hold, in the order of the article."""
    parties = tuple(parties)
    schools_involved = set(schools) | {p.school_id for p in parties if p.school_id is not None}
    found: list[SatgasReason] = []
    if any(p.has(PartyRole.REPORTED) and p.status is PartyStatus.SCHOOL_HEAD for p in parties):
        found.append(SatgasReason.REPORTED_IS_SCHOOL_HEAD)
    if len(schools_involved) > 1:
        found.append(SatgasReason.MORE_THAN_ONE_SCHOOL)
    if any(p.tppk_member and p.roles & _INVOLVED_ROLES for p in parties):
        found.append(SatgasReason.TPPK_MEMBER_INVOLVED)
    if escalated:
        found.append(SatgasReason.TPPK_DID_NOT_ACT)
    return tuple(found)


def who_handles(report: SchoolReport) -> tuple[Handler, tuple[SatgasReason, ...]]:
    """``(TPPK, ())`` unless a Pasal 38(1) condition holds: then ``(SATGAS, reasons)``.

    Reasons already recorded are kept, so a report the Satgas took over stays with it.
    """
    reasons = satgas_reasons(
        report.parties, report.schools, escalated=report.escalated_on is not None
    )
    merged = tuple(r for r in SatgasReason if r in set(reasons) | set(report.satgas_reasons))
    return (Handler.SATGAS if merged else Handler.TPPK), merged
