"""The events a school report causes, built from the pure domain's own values: what the
Satgas PPK, the Dinas and auditors read on the journal topic, and the complaint that
opens a child's case at the intake hub. Each carries roles, vocabulary and agency ids,
never a name, a party's id or a school's (SKW 33, 44(2)); only the complaint carries the
child's identity, to the hub alone (LT Pasal 9(2))."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from schemas.events import (
    ComplaintSubmitted,
    SchoolCopiesSent,
    SchoolNoticeIssued,
    SchoolReferralUnroutable,
    SchoolReportReceived,
    SchoolReportRouted,
)
from schemas.school import Impact, SchoolNoticeKind, ViolenceForm
from schemas.vocabulary import ComplainantType, ComplaintChannel
from services.education.domain.copies import DocumentCopies
from services.education.domain.outbound import PlannedNotice, UnroutableReferral, case_category
from services.education.domain.parties import PartyIdentity
from services.education.domain.records import HandlerAssigned, Record
from services.education.domain.report import SchoolReport


def received(report: SchoolReport, agency_id: str) -> SchoolReportReceived:
    """A report or finding was received and routed (SKW 36–38, 41)."""
    return SchoolReportReceived(
        case_id=report.reference,
        agency_id=agency_id,
        origin=report.origin,
        channel=report.channel,
        received_on=report.received_on,
        handler=report.handler,
        satgas_reasons=list(report.satgas_reasons),
        forms=[f for f in ViolenceForm if f in report.forms],
        impacts=[i for i in Impact if i in report.impacts],
    )


def routed(reference: str, agency_id: str, records: Iterable[Record]) -> list[SchoolReportRouted]:
    """Each change of handler a command caused (SKW 37(3), 38(1))."""
    return [
        SchoolReportRouted(
            case_id=reference,
            agency_id=agency_id,
            handler=record.handler,
            satgas_reasons=list(record.reasons),
            routed_on=record.on,
        )
        for record in records
        if isinstance(record, HandlerAssigned)
    ]


def copies_sent(
    reference: str, agency_id: str, copies_id: str, document: DocumentCopies, now: datetime
) -> SchoolCopiesSent:
    """A document of the handling left for its recipients, named by kind (SKW 47(2), 52)."""
    return SchoolCopiesSent(
        case_id=reference,
        agency_id=agency_id,
        copies_id=copies_id,
        document=document.document,
        recipients=list(document.recipients),
        copies=len(document.copies),
        article=document.article,
        issued_on=document.issued_on,
        sent_at=now,
    )


def notice_issued(
    reference: str,
    agency_id: str,
    notice_id: str,
    notice: PlannedNotice,
    referral_ids: list[str],
    now: datetime,
) -> SchoolNoticeIssued:
    """A notice BTG 18 owes; the parents' names the referrals made for their child."""
    return SchoolNoticeIssued(
        case_id=reference,
        agency_id=agency_id,
        notice_id=notice_id,
        kind=notice.kind,
        about=list(notice.about),
        article=notice.article,
        by_letter=notice.by_letter,
        services=list(notice.services),
        referral_ids=referral_ids if notice.kind is SchoolNoticeKind.PARENTS else [],
        issued_at=now,
    )


def unroutable(
    reference: str, agency_id: str, missing: UnroutableReferral, now: datetime
) -> SchoolReferralUnroutable:
    """A referral owed at once that no institution online can take (BTG 18(4)c, 18(2)j),
    with the pupil's roles only."""
    return SchoolReferralUnroutable(
        case_id=reference,
        agency_id=agency_id,
        service=missing.service,
        article=missing.article,
        about=list(missing.about),
        police_report=missing.police_report,
        detected_at=now,
    )


def hub_complaint(
    report: SchoolReport, case_id: str, identity: PartyIdentity, request_letter_ref: str | None
) -> ComplaintSubmitted:
    """What opens the child's case at the intake hub (LT Pasal 9(2): an agency's report
    with its request letter and the case information; BTG 18(6)c: the school head's
    referral request letter)."""
    forms = ", ".join(sorted(f.value for f in report.forms)) or "unstated"
    impacts = ", ".join(sorted(i.value for i in report.impacts)) or "unstated"
    return ComplaintSubmitted(
        case_id=case_id,
        channel=ComplaintChannel.SCHOOL,
        complainant=ComplainantType.AGENCY,
        request_letter_ref=request_letter_ref or f"{report.reference}/BTG-18-6c",
        suspected_category=case_category(report),
        child=identity.as_child_identity(),
        summary=(
            f"School report {report.reference} ({report.handler.value}): "
            f"forms {forms}; impacts {impacts}"
        )[:500],
    )
