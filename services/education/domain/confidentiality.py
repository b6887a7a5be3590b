"""What may leave the education service about a report (SKW Pasal 33, 44(2), 66; BTG 13(6)e).

The TPPK and the Satgas keep the identities of victims, witnesses and reported pupils
confidential (SKW 44(2)) and may not spread identities or case information (33(1)c,
33(2)b, 33(3)b). A referral to another agency therefore carries only the case reference,
the forms of violence, the impacts and the services needed — and the identity of the child
victim the referral is for, only when that service cannot be given without it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from schemas.events.case import ChildIdentity
from schemas.school import Impact, PartyRole, ViolenceForm
from schemas.vocabulary import ServiceType
from services.education.domain import rules
from services.education.domain.batang import services_needed
from services.education.domain.parties import LocalId, PartyIdentity
from services.education.domain.report import SchoolReport


class SchoolReferralPayload(BaseModel):
    """The cross-agency content of a referral from a school. Nothing else may be added:
    no party ids, no schools, no roles, no names unless ``child`` is needed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_reference: LocalId
    forms: tuple[ViolenceForm, ...]
    impacts: tuple[Impact, ...]
    services: tuple[ServiceType, ...]
    child: ChildIdentity | None = None


def referral_payload(
    report: SchoolReport,
    services: Iterable[ServiceType] | None = None,
    *,
    identity_needed: bool = False,
    victim: PartyIdentity | None = None,
) -> SchoolReferralPayload:
    """Build what a referral may tell another agency about ``report``.

    ``services`` defaults to those the impacts need (BTG 18(4)c). ``victim`` is the
    identity of the child victim the referral is for; it is carried only when
    ``identity_needed`` and dropped otherwise. An identity of anyone but a child victim of
    this report is refused (SKW 33(1)c, 44(2)), and so is a referral that needs the
    identity but has none.
    """
    wanted = tuple(services) if services is not None else services_needed(report)
    rules.REFERRAL_NEEDS_SERVICE.check(bool(wanted), "no service named or needed")
    if victim is not None:
        party = report.party(victim.party_id)
        rules.IDENTITY_ONLY_OF_CHILD_VICTIM.check(
            party.has(PartyRole.VICTIM) and party.child,
            f"party {party.party_id} is not a child victim of this report",
        )
    if identity_needed:
        rules.IDENTITY_WHEN_NEEDED.check(victim is not None, "no victim identity given")
    return SchoolReferralPayload(
        case_reference=report.reference,
        forms=tuple(form for form in ViolenceForm if form in report.forms),
        impacts=tuple(impact for impact in Impact if impact in report.impacts),
        services=tuple(dict.fromkeys(wanted)),
        child=victim.as_child_identity() if (identity_needed and victim is not None) else None,
    )
