"""The cases this hub process folded last, so a command on a busy case folds only the
journal entries written since, not the whole journal.

A cached case is a hint, never the truth. It is used as it is when the case row, read
with its lock, still has the cached journal length and the time of the cached last
entry (every command that appends writes both); otherwise only when the journal still
holds, at the cached length minus one, the very entry the cache ended with (same kind,
same time), and the entries since are folded onto it. An entry of a transaction that
rolled back, a journal written by another process, or a database that was replaced all
fail both checks, and the case is folded in full.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from services.intake.domain import Case


@dataclass(frozen=True, slots=True)
class CachedCase:
    case: Case
    length: int
    """How many journal entries ``case`` was folded from."""
    last_kind: str
    last_at: datetime


class CaseCache:
    """At most ``size`` recently used cases; thread-safe (request threads and the inbox
    share it)."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._cases: OrderedDict[str, CachedCase] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, case_id: str) -> CachedCase | None:
        with self._lock:
            found = self._cases.get(case_id)
            if found is not None:
                self._cases.move_to_end(case_id)
            return found

    def put(self, case_id: str, cached: CachedCase) -> None:
        with self._lock:
            self._cases[case_id] = cached
            self._cases.move_to_end(case_id)
            while len(self._cases) > self._size:
                self._cases.popitem(last=False)
