"""The hub's part of the auditor's trace (:mod:`rujukan.runtime.case_trace`):
``GET /trace/cases/{case_id}``, for the district's auditor only.

From the case journal: every entry in order — the events the hub published (with the
trace id of their outbox row), the answers and reports it recorded from the agencies,
overdue notices, escalations, deliveries to the companion and acknowledgements — and
the hub's audit records of the case. Only `SAFE_FIELDS` of an entry are shown: ids and
vocabulary values, never the child's identity (whose journal entry names its kind only).
The answer also names the agencies the case's referrals went to, for the trace to ask.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from rujukan.errors import NotFound
from rujukan.runtime.audit.trail import records
from rujukan.runtime.case_trace import (
    AgencyTrace,
    TraceEntry,
    audit_entries,
    safe_detail,
    short_event,
    trace_ids,
    trace_router,
)
from rujukan.runtime.service import AgencyRuntime
from schemas.events.referral import ReferralIssued
from services.intake import tables
from services.intake.domain.records import ChildIdentityRecorded

WIRE_TYPE_PREFIX = "id.rujukan."
"""Journal entries stored under a public event's wire type (the rest are the hub's
internal records, ``intake.record.*``)."""
HUB_ROLE = "hub"
"""A journal entry the hub's own process or staff made (their roles are in its audit)."""


def router(runtime: AgencyRuntime) -> APIRouter:
    return trace_router("The case journal, for the auditor's trace", partial(hub_trace, runtime))


def hub_trace(runtime: AgencyRuntime, case_id: str) -> AgencyTrace:
    hub = runtime.agency.id
    journal = tables.journal.c
    with runtime.read_sessions() as session:
        rows = session.execute(
            select(journal.seq, journal.at, journal.kind, journal.payload, journal.event_id)
            .where(journal.case_id == case_id)
            .order_by(journal.seq)
        ).all()
        if not rows:
            raise NotFound(f"no case {case_id!r}")
        ids = trace_ids(session, [row.event_id for row in rows if row.event_id])
        audits = list(records(session, case_id=case_id))
    entries = [_entry(hub, row, ids) for row in rows]
    targets = sorted(
        {
            str(row.payload["target_id"])
            for row in rows
            if row.kind == ReferralIssued.event_type and row.payload.get("target_id")
        }
    )
    entries += audit_entries(hub, audits)
    entries.sort(key=lambda e: (e.at, e.event))
    return AgencyTrace(agency_id=hub, case_id=case_id, entries=entries, targets=targets)


def _entry(hub: str, row: Any, ids: dict[str, str]) -> TraceEntry:
    payload: dict[str, Any] = row.payload if isinstance(row.payload, dict) else {}
    event = short_event(row.kind) if row.kind.startswith(WIRE_TYPE_PREFIX) else row.kind
    from_agency = payload.get("agency_id") not in (None, hub)
    return TraceEntry(
        at=row.at,
        agency_id=hub,
        actor_role="agency" if from_agency else HUB_ROLE,
        event=event,
        referral_id=payload.get("referral_id"),
        event_id=row.event_id,
        trace_id=ids.get(str(row.event_id)) if row.event_id else None,
        detail=safe_detail(payload) if row.kind != ChildIdentityRecorded.record_type else "",
        key=payload.get("report_id") if event == "service.reported" else None,
    )
