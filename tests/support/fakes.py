"""In-memory stand-ins for the unit of work, so that use cases run in unit tests without
a database or a broker (as cosmicpython's ``FakeUnitOfWork``).

A fake unit of work works on a :class:`State` that a fake repository keeps its rows in.
It behaves as the real one does where use cases rely on it: nothing it published is
visible before :meth:`FakeUnitOfWork.commit`, leaving the block without a commit rolls
the state back, a savepoint that raises undoes its own writes and messages only, and what
a handler deferred is written at the commit or at the end of its savepoint.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self, Unpack

from sqlalchemy.orm import Session

from rujukan.runtime.audit.trail import ReadAbout
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.envelope import Envelope, envelope_for


class State:
    """Rows kept in memory; a fake repository's tables are its attributes. ``outbox``
    holds what committed units of work published: (event, topic, envelope)."""

    def __init__(self) -> None:
        self.outbox: list[tuple[Event, str, Envelope]] = []

    def published(self) -> list[tuple[type, str]]:
        """What committed units of work published: each event's type and topic."""
        return [(type(event), topic) for event, topic, _ in self.outbox]

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.__dict__)

    def restore(self, saved: dict[str, Any]) -> None:
        self.__dict__.clear()
        self.__dict__.update(copy.deepcopy(saved))


class FakeUnitOfWork(UnitOfWork):
    """A unit of work over a :class:`State` instead of a database session."""

    def __init__(self, state: State, source: str) -> None:  # no session, no signer
        self.state = state
        self.session = Session()  # never bound: a fake repository ignores it
        self.source = source
        self.memo: dict[str, Any] = {}
        self.deferred = {}
        self.committed = False
        self._pending: list[tuple[Event, str, Envelope]] = []

    def __enter__(self) -> Self:
        self._saved = self.state.snapshot()
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self.committed:
            self.state.restore(self._saved)

    def publish(
        self,
        event: Event,
        *,
        topic: str,
        causation_id: uuid.UUID | None = None,
        event_id: uuid.UUID | None = None,
    ) -> Envelope:
        envelope = envelope_for(
            event, source=self.source, causation_id=causation_id, event_id=event_id
        )
        self._pending.append((event, topic, envelope))
        return envelope

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        self.flush_deferred()
        saved, pending = self.state.snapshot(), len(self._pending)
        try:
            yield
            self.flush_deferred()
        except BaseException:
            self.state.restore(saved)
            del self._pending[pending:]
            self.deferred.clear()
            self.memo.clear()
            raise

    def commit(self) -> None:
        self.flush_deferred()
        self.state.outbox.extend(self._pending)
        self._pending.clear()
        self.committed = True


class RecordedReads:
    """An audit of identity reads that keeps, in memory, which case or referral each
    read was about."""

    def __init__(self) -> None:
        self.reads: list[str | None] = []

    def identity_read(self, action: str, purpose: str, **about: Unpack[ReadAbout]) -> None:
        self.reads.append(about.get("referral_id") or about.get("case_id"))
