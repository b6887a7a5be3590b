"""The soak's series: every minute, what each agency process holds, and how long the
referral loops that closed in that minute took.

Per agency: resident memory (``/proc/<pid>/status``), open database connections
(PostgreSQL's ``pg_stat_activity``, or the process's descriptors of its SQLite file),
and the sizes of its ``outbox`` and ``inbox`` tables; the hub's journal size; and the
loop latency (referral issued → final outcome recorded for the companion) percentiles of
the loops closed since the sample before; and the machine's load average.

The referrals go at a fixed rate, so a table bounded by its retention holds a steady
number of rows once the warm-up (the inbox retention and a pruning interval) is over.
A run is flat when memory, connections, outbox and inbox rows grew less than 10 % from
the first samples after warm-up to the last ones of the driving phase: the mean of the
first three against the mean of the last three, so that one sample taken while a fault's
backlog waits (unpublished rows are never pruned) does not decide alone. The sample
taken after the run settled is charted but not compared (nothing is issued any more).
The journal is append-only by design and grows with every referral.
"""

import asyncio
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ops.bench.stats import percentile

FLAT = 0.10
"""Growth after warm-up below which a series counts as flat."""


@dataclass(frozen=True)
class Sample:
    minute: float
    referrals: int
    rss_mb: dict[str, float]
    connections: dict[str, int]
    outbox: dict[str, int]
    inbox: dict[str, int]
    journal: int
    loops: int
    loop_p50_ms: float
    loop_p99_ms: float
    load: float = 0.0
    """The machine's load average over the last minute."""
    settled: bool = False
    """Taken after the driving phase, once every loop closed."""


@dataclass
class Recorder:
    """Samples the agencies of a chaos run every ``every_s`` seconds."""

    urls: Mapping[str, str]
    pid_of: Callable[[str], int | None]
    hub: str
    issued_at: Mapping[str, float]
    """referral id → the wall-clock time the hub accepted it."""
    server_url: str | None = None
    """The PostgreSQL server's maintenance database, to count connections."""
    every_s: float = 60.0
    samples: list[Sample] = field(default_factory=list)
    _started: float = field(default_factory=lambda: datetime.now(UTC).timestamp())
    _since: float = 0.0

    async def run(self, until: asyncio.Event) -> None:
        self._since = self._started
        while not until.is_set():
            try:
                async with asyncio.timeout(self.every_s):
                    await until.wait()
            except TimeoutError:
                await self.sample()

    async def sample(self, *, settled: bool = False) -> None:
        self.samples.append(await asyncio.to_thread(self._take, settled))

    def _take(self, settled: bool = False) -> Sample:
        now = datetime.now(UTC).timestamp()
        loops = self._loops(self._since)
        self._since = now
        connections = self._connections()
        return Sample(
            minute=round((now - self._started) / 60, 2),
            referrals=sum(1 for t in self.issued_at.values() if t <= now),
            rss_mb={a: _rss_mb(self.pid_of(a)) for a in self.urls},
            connections=connections,
            outbox={a: _count(url, "outbox") for a, url in self.urls.items()},
            inbox={a: _count(url, "inbox") for a, url in self.urls.items()},
            journal=_count(self.urls[self.hub], "intake_journal"),
            loops=len(loops),
            loop_p50_ms=round(percentile(loops, 50), 1),
            loop_p99_ms=round(percentile(loops, 99), 1),
            load=round(os.getloadavg()[0], 2),
            settled=settled,
        )

    def _loops(self, since: float) -> list[float]:
        """Milliseconds from issue to the final outcome, of the loops closed since."""
        latencies = []
        for referral_id, closed in closed_times(self.urls[self.hub]).items():
            issued = self.issued_at.get(referral_id)
            if issued is not None and closed > since:
                latencies.append((closed - issued) * 1000)
        return latencies

    def _connections(self) -> dict[str, int]:
        if self.server_url is None:
            return {a: _sqlite_handles(self.pid_of(a), url) for a, url in self.urls.items()}
        query = sa.text("select datname, count(*) from pg_stat_activity group by datname")
        by_database = {str(name): int(n) for name, n in _rows(self.server_url, query)}
        return {
            a: by_database.get(url.rsplit("/", 1)[1], 0) if self.pid_of(a) else UNREAD
            for a, url in self.urls.items()
        }


def closed_times(hub_url: str) -> dict[str, float]:
    """referral id → when its final outcome was delivered to the companion (wall-clock
    seconds), from the hub's database."""
    query = sa.text(
        "select referral_id, coalesce(delivered_at, recorded_at) as closed "
        "from intake_outcomes where final and recipient_id is not null"
    ).columns(referral_id=sa.String, closed=sa.DateTime(timezone=True))
    return {str(referral_id): _timestamp(closed) for referral_id, closed in _rows(hub_url, query)}


def _timestamp(value: datetime) -> float:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def _rows(url: str, query: Any) -> list[Any]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.execute(query))
    except sa.exc.DBAPIError:
        return []  # the server is down at this instant: an empty point, not a failed run
    finally:
        engine.dispose()


def _count(url: str, table: str) -> int:
    rows = _rows(url, sa.text(f"select count(*) from {table}"))
    return int(rows[0][0]) if rows else -1


UNREAD = -1
"""A process's figure while it is not running (killed, not yet started again): left out
of the comparison and blank on the chart, not a drop to zero."""


def _rss_mb(pid: int | None) -> float:
    if pid is None:
        return UNREAD
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return UNREAD


def _sqlite_handles(pid: int | None, url: str) -> int:
    if pid is None:
        return UNREAD
    path = url.removeprefix("sqlite:///")
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return UNREAD
    return sum(1 for link in links if link == path)


COMPARED = 3
"""Samples averaged at each end of the comparison."""


def growth(series: Sequence[float], warmup: int, compared: int = COMPARED) -> float:
    """Relative growth from the mean of the first ``compared`` points after ``warmup``
    points to the mean of the last ``compared`` (points that could not be read, -1, are
    left out; with fewer points, the ends overlap)."""
    points = [p for p in series[warmup:] if p >= 0]
    if len(points) < 2:
        return 0.0
    ends = max(1, min(compared, len(points) // 2))
    first = sum(points[:ends]) / ends
    last = sum(points[-ends:]) / ends
    if first == 0:
        return 0.0 if last == 0 else float("inf")
    return (last - first) / first


def summary(
    samples: Sequence[Sample],
    warmup: int = 3,
    faults: Sequence[Mapping[str, Any]] = (),
    drive_minutes: float | None = None,
) -> dict[str, Any]:
    """Growth after warm-up of every per-agency series (driving phase only), the
    journal's growth per referral, whether memory, connections, outbox and inbox stayed
    flat, the recovery after each fault and the load average."""
    driving = [
        s
        for s in samples
        if not s.settled and (drive_minutes is None or s.minute <= drive_minutes + 0.5)
    ]  # the tables drain once nothing is issued: only the driving phase is compared
    agencies = sorted(samples[0].rss_mb) if samples else []
    series: dict[str, dict[str, float]] = {}
    for name in ("rss_mb", "connections", "outbox", "inbox"):
        series[name] = {
            a: round(growth([getattr(s, name).get(a, -1) for s in driving], warmup), 3)
            for a in agencies
        }
    after = driving[warmup:] if len(driving) > warmup else driving
    referrals = after[-1].referrals - after[0].referrals if len(after) > 1 else 0
    journal = after[-1].journal - after[0].journal if len(after) > 1 else 0
    recoveries = [f.get("recovery_s") for f in faults]
    return {
        "minutes": samples[-1].minute if samples else 0,
        "warmup_samples": warmup,
        "growth_after_warmup": series,
        "journal_rows_per_referral": round(journal / referrals, 2) if referrals else None,
        "flat": all(g < FLAT for by_agency in series.values() for g in by_agency.values()),
        "faults": list(faults),
        "worst_recovery_s": None
        if any(r is None for r in recoveries)
        else max((float(r) for r in recoveries if r is not None), default=0.0),
        "faults_recovered_within_5_s": sum(1 for r in recoveries if r is not None and r < 5),
        "load_average": [min(s.load for s in samples), max(s.load for s in samples)]
        if samples
        else [],
    }


def write(out: Path, samples: Sequence[Sample], result: Mapping[str, Any]) -> Path:
    """``out/soak.json`` (the series and the summary) and ``out/soak.png``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "soak.json"
    path.write_text(
        json.dumps({"summary": result, "samples": [asdict(s) for s in samples]}, indent=2)
    )
    chart(out / "soak.png", samples, result.get("faults", ()))
    return path


def chart(path: Path, samples: Sequence[Sample], faults: Sequence[Mapping[str, Any]] = ()) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    minutes = [s.minute for s in samples]
    agencies = sorted(samples[0].rss_mb) if samples else []
    figure, axes = plt.subplots(2, 4, figsize=(20, 8))
    panels = [
        ("RSS (MB)", "rss_mb"),
        ("open database connections", "connections"),
        ("outbox rows", "outbox"),
        ("inbox rows", "inbox"),
    ]
    for axis, (title, name) in zip(axes.flat, panels, strict=False):
        for agency in agencies:
            points = [_point(getattr(s, name).get(agency, -1)) for s in samples]
            axis.plot(minutes, points, label=agency)
        axis.set_title(title)
        axis.set_xlabel("minute")
    axes.flat[0].legend(fontsize="small")
    axes.flat[4].plot(minutes, [_point(s.journal) for s in samples])
    axes.flat[4].set_title("hub journal rows")
    axes.flat[5].plot(minutes, [s.loop_p50_ms for s in samples], label="p50")
    axes.flat[5].plot(minutes, [s.loop_p99_ms for s in samples], label="p99")
    axes.flat[5].set_title("loop latency (ms), loops closed in the minute")
    axes.flat[5].legend(fontsize="small")
    for axis in axes.flat[4:6]:
        axis.set_xlabel("minute")
    _recoveries(axes.flat[6], faults)
    axes.flat[7].plot(minutes, [s.load for s in samples])
    axes.flat[7].set_title("load average (1 min) of the machine")
    axes.flat[7].set_xlabel("minute")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def _recoveries(axis: Any, faults: Sequence[Mapping[str, Any]]) -> None:
    """One bar per fault, in order: its recovery (none drawn: never recovered)."""
    labels = [f"{f['kind']} {f['target']}" for f in faults]
    heights = [f.get("recovery_s") or 0.0 for f in faults]
    axis.bar(range(len(faults)), heights)
    axis.axhline(5.0, linestyle="--", linewidth=1, color="grey")  # the target
    axis.set_xticks(range(len(faults)), labels, rotation=60, ha="right", fontsize="x-small")
    axis.set_title("recovery after each fault (s); target 5 s")


def _point(value: float) -> float:
    """A point of the chart: a value that could not be read (-1) is left blank."""
    return float("nan") if value < 0 else value


def load(path: Path) -> list[Sample]:
    """The samples of a ``soak.json`` (to draw its chart again)."""
    return [Sample(**s) for s in json.loads(path.read_text())["samples"]]
