"""The desk's proofs that an outcome reached the companion (LT Pasal 17(3)), as stored:
one row per delivered outcome, each time kept as first recorded."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rujukan.desk.store import DeskRepository
from rujukan.desk.tables import DESK
from rujukan.runtime import db
from tests.support.databases import migrated_engine

FIRST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_a_repeated_proof_of_delivery_keeps_the_first_times_and_adds_the_new_one(
    db_kind: str, tmp_path: Path
) -> None:
    outcome = uuid.uuid4()
    other = uuid.uuid4()
    with migrated_engine(db_kind, tmp_path, [DESK]) as engine:
        sessions = db.session_factory(engine)

        def record(event_id: uuid.UUID, **times: datetime) -> None:
            with sessions.begin() as session:
                DeskRepository(session).record_delivery(
                    outcome_event_id=event_id, referral_id="r-1", companion_id="comp-siti", **times
                )

        record(outcome, delivered_at=FIRST)
        record(outcome, delivered_at=FIRST + timedelta(hours=1))  # the hub said it again
        record(outcome, acknowledged_at=FIRST + timedelta(hours=2))
        record(outcome, acknowledged_at=FIRST + timedelta(hours=3))
        record(other, acknowledged_at=FIRST)  # acknowledged before its delivery arrived
        record(other, delivered_at=FIRST - timedelta(minutes=5))
        with sessions() as session:
            stored = DeskRepository(session).deliveries_of("r-1")

    assert set(stored) == {str(outcome), str(other)}
    assert _times(stored[str(outcome)]) == (FIRST, FIRST + timedelta(hours=2))
    assert _times(stored[str(other)]) == (FIRST - timedelta(minutes=5), FIRST)


def _times(row: dict[str, object]) -> tuple[object, object]:
    return row["delivered_at"], row["acknowledged_at"]
