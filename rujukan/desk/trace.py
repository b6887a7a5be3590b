"""This agency's part of the auditor's trace (:mod:`rujukan.runtime.case_trace`):
``GET /trace/cases/{case_id}``, for the district's auditor only.

From the desk's own tables: every event it sent about the case's referrals (the receipt,
each answer, each report with its status and fact kinds, onward referrals; copies to a
referrer that is not the hub are marked as copies), the hub's notices that an outcome
reached the companion or was acknowledged, a cancellation or expiry, and the agency's
audit records of the case. Ids, vocabulary values and dates only: never the child's
identity, a note or a fact's free text.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter

from rujukan.desk.domain import DeskReferral
from rujukan.desk.store import DeskRepository, QueueQuery
from rujukan.desk.usecases import Desk
from rujukan.directory import UnknownAgency
from rujukan.runtime.audit.trail import records
from rujukan.runtime.case_trace import (
    AgencyTrace,
    TraceEntry,
    audit_entries,
    short_event,
    trace_ids,
    trace_router,
)

DESK_ROLE = "desk_staff"
"""The role a line of the desk's own records names (a person of the desk acted, or its
process on their behalf)."""


def router(desk: Desk) -> APIRouter:
    summary = "This agency's records of a case, for the auditor's trace"
    return trace_router(summary, partial(agency_trace, desk))


def agency_trace(desk: Desk, case_id: str) -> AgencyTrace:
    """The desk's records of ``case_id``, oldest first (empty if it holds none of its
    referrals)."""
    agency = desk.agency.id
    entries: list[TraceEntry] = []
    with desk.read_sessions() as session:
        store = DeskRepository(session)
        referrals = store.queue(QueueQuery(case_id=case_id, limit=1000))
        sent_rows = {r.referral_id: store.sent_of(r.referral_id) for r in referrals}
        reports = {
            str(event_id): report
            for r in referrals
            for report, event_id in store.reports_of(r.referral_id)
        }
        deliveries = {r.referral_id: store.deliveries_of(r.referral_id) for r in referrals}
        onward = {r.referral_id: store.onward_of(r.referral_id) for r in referrals}
        ids = trace_ids(session, [s["event_id"] for rows in sent_rows.values() for s in rows])
        audits = list(records(session, case_id=case_id))
    for referral in referrals:
        hub_topic = _hub_topic(desk, referral)
        for sent in sent_rows[referral.referral_id]:
            event = short_event(sent["event_type"])
            report = reports.get(str(sent["event_id"]))
            copy = hub_topic is not None and sent["topic"] != hub_topic
            detail = ""
            if report is not None:
                kinds = ",".join(f.kind for f in report.facts)
                detail = (
                    f"report_id={report.report_id} status={report.status} "
                    f"final={report.final} facts={kinds}"
                )
            entries.append(
                TraceEntry(
                    at=sent["sent_at"],
                    agency_id=agency,
                    actor_role=DESK_ROLE,
                    event=f"{event}.copy" if copy else event,
                    referral_id=referral.referral_id,
                    event_id=str(sent["event_id"]),
                    trace_id=ids.get(str(sent["event_id"])),
                    detail=(detail + f" to={sent['topic']}").strip() if copy else detail,
                    key=report.report_id if report is not None else None,
                )
            )
        entries += _deliveries(agency, referral.referral_id, deliveries[referral.referral_id])
        for row in onward[referral.referral_id]:
            entries.append(
                TraceEntry(
                    at=row["issued_at"],
                    agency_id=agency,
                    actor_role=DESK_ROLE,
                    event="referral.referred_on",
                    referral_id=referral.referral_id,
                    detail=(
                        f"onward_referral_id={row['onward_referral_id']} "
                        f"target_id={row['target_id']}"
                    ),
                )
            )
        if referral.closed_reason and referral.status in ("cancelled", "expired"):
            entries.append(
                TraceEntry(
                    at=referral.updated_at,
                    agency_id=agency,
                    actor_role="system",
                    event=f"referral.{referral.status}",
                    referral_id=referral.referral_id,
                )
            )
    entries += audit_entries(agency, audits)
    entries.sort(key=lambda e: (e.at, e.event))
    return AgencyTrace(agency_id=agency, case_id=case_id, entries=entries)


def _hub_topic(desk: Desk, referral: DeskReferral) -> str | None:
    try:
        return desk.directory.get(referral.hub_id).inbox_topic
    except UnknownAgency:
        return None


def _deliveries(
    agency: str, referral_id: str, deliveries: dict[str, dict[str, Any]]
) -> list[TraceEntry]:
    """The hub's notices that an outcome reached the companion, as this agency has them."""
    found = []
    for event_id, delivery in deliveries.items():
        for name, event in (
            ("delivered_at", "outcome.delivered_to_companion"),
            ("acknowledged_at", "outcome.acknowledged"),
        ):
            at = delivery.get(name)
            if at is not None:
                found.append(
                    TraceEntry(
                        at=at,
                        agency_id=agency,
                        actor_role="system" if name == "delivered_at" else "companion",
                        event=event,
                        referral_id=referral_id,
                        detail=f"outcome_event_id={event_id}",
                    )
                )
    return found
