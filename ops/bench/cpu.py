"""The CPU one agency process spends on the closed loop: its user and system time
before and after, divided by the referrals carried through it.

CPU time is what a referral costs whatever else shares the machine: the loop's latency
on two busy cores says how long a referral waited, its CPU time how much work it made.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import psutil  # the `local` extra: not in production


@dataclass(frozen=True, slots=True)
class CpuMark:
    """A process's CPU time (user + system, its own threads) at one moment."""

    pid: int
    seconds: float


def listening_on(root_pid: int, port: int) -> int | None:
    """The process under ``root_pid`` (itself or any descendant) that listens on TCP
    ``port``: the agency serving that port, however ``rujukan up`` started it."""
    try:
        root = psutil.Process(root_pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return None
    for process in family:
        try:
            # psutil 6 renamed ``connections``; the `local` extra admits 5.9 too
            listed = getattr(process, "net_connections", None) or process.connections
            connections = listed(kind="tcp")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in connections):
            return process.pid
    return None


def cpu_mark(pid: int) -> CpuMark:
    times = psutil.Process(pid).cpu_times()
    return CpuMark(pid, times.user + times.system)


def ms_per_item(marks: Sequence[CpuMark], items: int) -> float:
    """Milliseconds of CPU between the first and the last mark of one process, per item;
    NaN when nothing was carried or the marks are of different processes (a restart
    would count from zero)."""
    if items <= 0 or len(marks) < 2 or len({m.pid for m in marks}) != 1:
        return float("nan")
    return (marks[-1].seconds - marks[0].seconds) * 1000 / items
