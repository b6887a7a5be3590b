"""The Kapuas Hulu intake hub on a fresh database, its use cases called directly (no
broker, no HTTP): for the specifications of its storage."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rujukan.identity_needs import load_identity_needs
from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import ACCOUNTS
from rujukan.runtime.audit import AUDIT, AuditTrail
from rujukan.runtime.audit.anchors import AnchorFile
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.uow import UnitOfWork
from services.intake.tables import INTAKE
from services.intake.usecases import IntakeHub
from tests.support.databases import migrated_engine
from tests.support.keys import shared_keys
from tests.unit.intake.support import KH, network

HUB = "kh-hub"


@contextmanager
def hub_on_database(db_kind: str, tmp_path: Path, **ports: Any) -> Iterator[IntakeHub]:
    """``kh-hub`` on a fresh database of ``db_kind`` holding its tables, its events signed
    and sealed and handed to no relay; ``ports`` (the clock, how cases are read) replace
    the hub's defaults."""
    with migrated_engine(db_kind, tmp_path, [migrate.RUNTIME, AUDIT, ACCOUNTS, INTAKE]) as engine:
        sessions, reads = db.session_factory(engine), db.read_session_factory(engine)
        ring = shared_keys().ring(HUB)
        yield IntakeHub(
            network=network(KH),
            identity_needs=load_identity_needs(),
            unit_of_work=lambda: UnitOfWork(
                sessions, HUB, lambda _messages: None, signer=ring.sign, sealing=Sealing(ring)
            ),
            read_sessions=reads,
            audit=AuditTrail(sessions, reads, HUB, AnchorFile(tmp_path / f"{uuid.uuid4()}.jsonl")),
            **ports,
        )
