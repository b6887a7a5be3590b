"""Each referral's timeline from the hub's case view (``GET /cases/{id}``), as lines.

Pure: the runner polls the hub and prints the steps it has not printed yet. A step's
time is the hub's (when it recorded the change), so the timeline shows the network's
own latency, not the demo's polling.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from schemas.referral_status import FINAL

CaseView = Mapping[str, Any]
"""A case as ``GET /cases/{id}`` of the hub answers it (JSON)."""


@dataclass(frozen=True)
class Step:
    """One step of a referral's timeline: a status change, or its loop closing."""

    at: datetime
    case: str
    referral_id: str
    agency_id: str
    what: str


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def case_label(case: CaseView) -> str:
    """The case number once registered (KH/2026/0001), else its id."""
    return str(case.get("case_number") or case["case_id"])


def steps(case: CaseView) -> list[Step]:
    """Every step of every referral of the case, in time order: issued → received →
    accepted → in progress → outcome → acknowledged (the loop closed, LT Pasal 17(3))."""
    label = case_label(case)
    loops = {loop["referral_id"]: loop for loop in case.get("loops", [])}
    found: list[Step] = []
    for referral in case["referrals"]:
        rid, agency = referral["referral_id"], referral["target_id"]
        for change in referral["history"]:
            status = str(change["status"])
            what = f"outcome {status}" if status in FINAL else status.replace("_", " ")
            found.append(Step(_parse(change["at"]), label, rid, agency, what))
        if loops.get(rid, {}).get("closed"):
            found.extend(_loop_closed(case, label, rid, agency, found))
    return in_time_order(found)


def in_time_order(found: Iterable[Step]) -> list[Step]:
    """Steps by time; steps the hub recorded at the same instant keep their order (an
    offline answer is received and accepted at once)."""
    return sorted(found, key=lambda step: step.at)


def _loop_closed(
    case: CaseView, label: str, referral_id: str, agency_id: str, so_far: list[Step]
) -> list[Step]:
    """The step that closed a referral's loop: the companion acknowledging its final
    outcome, or (a cancelled referral) its last status change."""
    acknowledged = [
        _parse(o["acknowledged_at"])
        for o in case.get("outcomes", [])
        if o["referral_id"] == referral_id and o["final"] and o.get("acknowledged_at")
    ]
    if acknowledged:
        who = (case.get("companion") or {}).get("companion_id") or "the companion"
        return [Step(max(acknowledged), label, referral_id, agency_id, f"acknowledged by {who}")]
    own = [s.at for s in so_far if s.referral_id == referral_id]
    return [Step(max(own), label, referral_id, agency_id, "loop closed")] if own else []


def unacknowledged_outcomes(case: CaseView, companion_id: str) -> list[str]:
    """The ids of the outcomes delivered to the companion that they have not
    acknowledged yet, oldest first."""
    return [
        str(o["outcome_id"])
        for o in case.get("outcomes", [])
        if o.get("recipient_id") == companion_id and not o.get("acknowledged_at")
    ]


def open_loops(case: CaseView) -> list[str]:
    """``referral (target, status)`` for every referral whose loop is not closed."""
    return [
        f"{loop['referral_id']} ({loop['target_id']}, {loop['status']})"
        for loop in case.get("loops", [])
        if not loop["closed"]
    ]


def line(step: Step, started: datetime) -> str:
    """One timeline line: seconds since the demo started, case, referral, agency, step."""
    offset = max((step.at - started).total_seconds(), 0.0)
    return (
        f"{offset:7.2f}s  {step.case:<14} {step.referral_id:<30} {step.agency_id:<17} {step.what}"
    )


def new_lines(found: Iterable[Step], printed: set[Step], started: datetime) -> list[str]:
    """The lines of the steps not printed yet, in time order; marks them printed."""
    fresh = in_time_order(s for s in found if s not in printed)
    printed.update(fresh)
    return [line(s, started) for s in fresh]


def closing_line(cases: int, referrals: int, still_open: int, elapsed_s: float) -> str:
    """The demo's last line: every loop closed, or how many are still open."""
    done = f"demo: {cases} cases, {referrals} referrals"
    if still_open == 0:
        return f"{done}, every loop closed in {elapsed_s:.1f} s"
    return f"{done}, {still_open} loop(s) still open after {elapsed_s:.1f} s"
