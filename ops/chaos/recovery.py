"""Recovery after each fault, from what the databases recorded.

A fault ends when the harness has undone it: the killed process started again, the
broker back (empty), the database server started again or accepting connections again.
The network has recovered from it when every referral issued before that moment has had
its final outcome delivered to the companion: the backlog the fault left is drained.
Recovery is the time between the two (0 when nothing was left waiting). It is measured
for every fault, so a slow recovery shows against the fault that caused it, and it
includes the restarted process's start, its consumer group's rejoin, the relay's and
the inbox's waits and the loops of the backlog.

A referral still open at the end of the run leaves its faults unrecovered (``None``).
"""

import asyncio
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class Fault:
    kind: str
    """``kill`` (an agency process), ``broker`` (the outage), ``database kill``,
    ``database refusal``."""
    target: str
    started: float
    """Wall-clock seconds (``time.time()``)."""
    ended: float | None = None
    recovery_s: float | None = None
    ready_s: float | None = None
    """For a killed process: from its start until it answered ready (its database
    migrated, its consumer in its group with partitions assigned)."""


@dataclass
class Timeline:
    """The faults of one run, in the order they were injected."""

    faults: list[Fault] = field(default_factory=list)
    spacing_s: float = 0.0
    """A soak's faults wait until no other is under way and the last ended this long
    ago, so that each recovery is measured alone; the short run packs its faults on
    purpose (0: no wait)."""
    _turns: asyncio.Lock = field(default_factory=asyncio.Lock)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the next fault's turn: begin it inside, and the next waits for it."""
        async with self._turns:
            while not self._quiet():
                await asyncio.sleep(0.2)
            yield

    def _quiet(self) -> bool:
        if not self.spacing_s:
            return True
        now = time.time()
        return all(f.ended is not None and now - f.ended >= self.spacing_s for f in self.faults)

    def begin(self, kind: str, target: str) -> Fault:
        fault = Fault(kind, target, time.time())
        self.faults.append(fault)
        return fault

    @staticmethod
    def end(fault: Fault) -> None:
        fault.ended = time.time()

    def measure(self, issued_at: Mapping[str, float], closed_at: Mapping[str, float]) -> None:
        """Set every ended fault's recovery from the referrals' issue and close times."""
        for fault in self.faults:
            if fault.ended is not None:
                fault.recovery_s = recovery(fault.ended, issued_at, closed_at)

    def worst(self) -> float | None:
        """The longest recovery; None when a fault never recovered (or none ended)."""
        times = [f.recovery_s for f in self.faults if f.ended is not None]
        if not times or any(t is None for t in times):
            return None
        return max(t for t in times if t is not None)

    def lines(self) -> list[str]:
        """One line per fault: what, when (seconds into the run), and its recovery."""
        if not self.faults:
            return []
        start = self.faults[0].started
        return [
            f"{f.started - start:7.1f} s  {f.kind} {f.target}: "
            + ("not ended" if f.ended is None else _said(f.recovery_s))
            + ("" if f.ready_s is None else f" (ready {f.ready_s:.1f} s after its start)")
            for f in self.faults
        ]

    def as_dicts(self) -> list[dict[str, object]]:
        return [
            {
                "kind": f.kind,
                "target": f.target,
                "started": round(f.started, 3),
                "ended": None if f.ended is None else round(f.ended, 3),
                "recovery_s": None if f.recovery_s is None else round(f.recovery_s, 2),
                "ready_s": None if f.ready_s is None else round(f.ready_s, 2),
            }
            for f in self.faults
        ]


def recovery(
    ended: float, issued_at: Mapping[str, float], closed_at: Mapping[str, float]
) -> float | None:
    """Seconds from ``ended`` until every referral issued before it had closed; None if
    one of them never closed."""
    waiting: Sequence[float | None] = [
        closed_at.get(referral) for referral, issued in issued_at.items() if issued <= ended
    ]
    if any(closed is None for closed in waiting):
        return None
    last = max((c for c in waiting if c is not None), default=ended)
    return max(0.0, last - ended)


def _said(recovery_s: float | None) -> str:
    return "not recovered" if recovery_s is None else f"recovered in {recovery_s:.1f} s"
