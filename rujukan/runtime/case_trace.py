"""The auditor's trace of a case across agencies: what each agency reports from its own
records, and how the records are joined into one timeline.

Each agency answers ``GET /trace/cases/{case_id}`` (auditor role only) with an
`AgencyTrace`: entries from its own database — what it recorded or sent about the case's
referrals, and its audit records of the case — each with its time, agency, the actor's
role, the event, and the OpenTelemetry trace id under which the event was published
(read from the outbox row's ``traceparent``). Entries carry ids, vocabulary values and
dates only (`SAFE_FIELDS`), never a child's identity or free text.

`join` merges the hub's trace (the case journal) with the agencies' and reports where
they disagree: an answer or report an agency sent that the hub never recorded, and an
answer or report the hub recorded for an agency that the agency never sent.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from rujukan.directory import AgencyDirectory
from rujukan.runtime import tables
from rujukan.runtime.accounts import Principal
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.audit.chain import Record
from rujukan.runtime.routing import api_router
from rujukan.stamps import aware

AUDITOR = "auditor"
"""The role that reaches every agency's trace: the district's auditor."""
TRACE_PATH = "/trace/cases/{case_id}"
ANSWERS = frozenset(
    {
        "referral.received",
        "referral.accepted",
        "referral.declined",
        "referral.on_hold",
        "referral.resumed",
        "service.reported",
    }
)
"""What an agency sends the case's hub about a referral it received."""
SAFE_FIELDS = (
    "target_id",
    "agency_id",
    "stage",
    "service",
    "status",
    "final",
    "report_id",
    "reason",
    "milestone",
    "outcome_id",
    "phase",
    "category",
)
"""The only fields of an event a trace line shows: ids and vocabulary values."""


class TraceEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: datetime
    agency_id: str
    actor_role: str = Field(description="The role that acted (or 'system' for a process).")
    event: str = Field(description="e.g. referral.accepted, service.reported, audit:…")
    referral_id: str | None = None
    event_id: str | None = None
    trace_id: str | None = None
    detail: str = ""
    key: str | None = Field(
        default=None, description="What the other side's record of the same event shares."
    )

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """SQLite gives naive times: every stored time is UTC; a line shows it in UTC."""
        return aware(value).astimezone(UTC)


class AgencyTrace(BaseModel):
    model_config = ConfigDict(frozen=True)

    agency_id: str
    case_id: str
    entries: list[TraceEntry]
    targets: list[str] = Field(
        default_factory=list,
        description="The hub's only: the agencies its referrals of the case went to.",
    )


class Disagreement(BaseModel):
    model_config = ConfigDict(frozen=True)

    referral_id: str
    agency_id: str
    event: str
    kind: str = Field(description="not_received_by_hub | not_sent_by_agency | not_reachable")
    key: str | None = None


class Timeline(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_id: str
    lines: list[TraceEntry]
    disagreements: list[Disagreement]
    asked: list[str]
    unreachable: list[str] = Field(default_factory=list)


def short_event(event_type: str) -> str:
    """``id.rujukan.referral.accepted.v1`` → ``referral.accepted``."""
    parts = event_type.split(".")
    return ".".join(parts[2:-1]) if len(parts) >= 4 and parts[0] == "id" else event_type


def safe_detail(payload: Mapping[str, Any]) -> str:
    """``status=completed final=True``: the safe fields of an event, in a fixed order."""
    return " ".join(
        f"{name}={payload[name]}" for name in SAFE_FIELDS if payload.get(name) not in (None, "")
    )


def trace_id_of(traceparent: str | None) -> str | None:
    """The trace id of a W3C ``traceparent`` (``00-<trace id>-<span id>-<flags>``)."""
    parts = (traceparent or "").split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else None


def trace_ids(session: Session, event_ids: Iterable[str | uuid.UUID]) -> dict[str, str]:
    """The trace id each of these events was published under, from the outbox rows that
    are still kept (``ce_id`` → trace id)."""
    wanted = sorted({str(e) for e in event_ids})
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(tables.outbox.c.event_id, tables.outbox.c.headers).where(
                tables.outbox.c.event_id.in_(wanted[start : start + 500])
            )
        )
        for event_id, headers in rows:
            trace_id = trace_id_of({str(n): str(v) for n, v in headers}.get("traceparent"))
            if trace_id:
                found[str(event_id)] = trace_id
    return found


def audit_entries(agency_id: str, records: Iterable[Record]) -> list[TraceEntry]:
    """An agency's audit records of a case as trace entries (roles, never the person)."""
    return [
        TraceEntry(
            at=record.recorded_at,
            agency_id=agency_id,
            actor_role=record.entry.actor_roles or "system",
            event=f"audit:{record.entry.action}",
            referral_id=record.entry.referral_id,
            detail=" ".join(
                part
                for part in (
                    f"outcome={record.entry.outcome}",
                    f"purpose={record.entry.purpose}" if record.entry.purpose else "",
                )
                if part
            ),
        )
        for record in records
    ]


# --- joining -----------------------------------------------------------------------------


def _keys(entries: Iterable[TraceEntry], agency_of: Mapping[str, str]) -> Counter[tuple[str, ...]]:
    return Counter(
        (e.referral_id or "", agency_of.get(e.referral_id or "", ""), e.event, e.key or "")
        for e in entries
        if e.event in ANSWERS
    )


def join(
    hub: AgencyTrace,
    agencies: Sequence[AgencyTrace],
    *,
    unreachable: Sequence[str] = (),
) -> Timeline:
    """One timeline, oldest first, and the disagreements between the hub's records and
    each asked agency's. A hub line recording an agency's event takes that event's trace
    id from the agency's record of it."""
    asked = {trace.agency_id for trace in agencies}
    agency_entries = [e for trace in agencies for e in trace.entries]
    # which agency each referral went to, as the agencies themselves say
    held_by = {
        e.referral_id: e.agency_id
        for e in agency_entries
        if e.referral_id and e.event == "referral.received"
    }
    target_of = {
        e.referral_id: e.detail.split("target_id=", 1)[1].split(" ", 1)[0]
        for e in hub.entries
        if e.referral_id and e.event == "referral.issued" and "target_id=" in e.detail
    }
    owner = {**target_of, **held_by}
    sent = _keys(agency_entries, owner)
    recorded = _keys((e for e in hub.entries if owner.get(e.referral_id or "") in asked), owner)
    disagreements = [
        Disagreement(referral_id=k[0], agency_id=k[1], event=k[2], key=k[3] or None, kind=kind)
        for kind, missing in (
            ("not_received_by_hub", sent - recorded),
            ("not_sent_by_agency", recorded - sent),
        )
        for k in sorted(missing.elements())
    ]
    disagreements += [
        Disagreement(referral_id=r, agency_id=a, event="", kind="not_reachable")
        for r, a in sorted(target_of.items())
        if a in unreachable
    ]
    traces = {(e.referral_id, e.event, e.key): e.trace_id for e in agency_entries if e.trace_id}
    hub_lines = [
        e
        if e.trace_id
        else e.model_copy(update={"trace_id": traces.get((e.referral_id, e.event, e.key))})
        for e in hub.entries
    ]
    lines = sorted([*hub_lines, *agency_entries], key=lambda e: (e.at, e.agency_id, e.event))
    return Timeline(
        case_id=hub.case_id,
        lines=lines,
        disagreements=disagreements,
        asked=sorted(asked),
        unreachable=sorted(unreachable),
    )


# --- asking the agencies -------------------------------------------------------------------


def ask_agencies(
    client: httpx.Client,
    hub: AgencyTrace,
    urls: Mapping[str, str],
    token_of: Callable[[str], str],
    directory: AgencyDirectory,
) -> Timeline:
    """Ask every agency the hub's referrals of the case went to that runs software for
    its own records (``GET /trace/cases/{id}`` with the auditor's token ``token_of``
    gives for it) and join them with the hub's. An institution that runs no software is
    not asked (the companion recorded its answers at the hub); one without an address or
    that does not answer is ``not_reachable``. Both ``rujukan trace`` and the hub's
    auditor page gather a case's trace here."""
    path = TRACE_PATH.format(case_id=hub.case_id)
    wanted = [
        agency_id
        for agency_id in hub.targets
        if agency_id in directory and directory.get(agency_id).runs_software
    ]

    def ask(agency_id: str) -> AgencyTrace | None:
        if agency_id not in urls:
            return None
        try:
            response = client.get(
                urls[agency_id] + path,
                headers={"Authorization": f"Bearer {token_of(agency_id)}"},
            )
            response.raise_for_status()
        except httpx.HTTPError:
            return None
        return AgencyTrace.model_validate(response.json())

    # at once, so that agencies that do not answer cost one timeout, not one each
    with ThreadPoolExecutor(max_workers=min(8, len(wanted) or 1)) as pool:
        answers = list(pool.map(ask, wanted))
    agencies = [answer for answer in answers if answer is not None]
    missing = [
        agency_id for agency_id, answer in zip(wanted, answers, strict=True) if answer is None
    ]
    return join(hub, agencies, unreachable=missing)


def trace_router(summary: str, trace: Callable[[str], AgencyTrace]) -> APIRouter:
    """``GET /trace/cases/{case_id}`` for the district's auditor only, answered by
    ``trace`` (this agency's part of the trace)."""
    api = api_router(tags=["trace"])

    @api.get(TRACE_PATH, summary=summary)
    def case_trace(case_id: str, principal: Annotated[Principal, requires(AUDITOR)]) -> AgencyTrace:
        return trace(case_id)

    return api
