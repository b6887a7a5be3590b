"""A chaos run tells where each lost referral stopped (`ops/chaos/verify.py`): at its
target or on the way back, with what the hub's journal holds of it and what the hub
refused of it, read from the databases while they exist."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from ops.chaos.verify import Tally, explained, hub_story
from rujukan.runtime import migrate
from rujukan.runtime.accounts import ACCOUNTS
from rujukan.runtime.audit import AUDIT
from rujukan.runtime.db import create_db_engine
from services.intake import tables
from services.intake.tables import INTAKE

AT = datetime(2026, 12, 7, 9, 50, tzinfo=UTC)


def hub_database(path: Path) -> str:
    url = f"sqlite:///{path / 'hub.db'}"
    engine = create_db_engine(url)
    migrate.upgrade(engine, [migrate.RUNTIME, AUDIT, ACCOUNTS, INTAKE])
    with engine.begin() as connection:
        connection.execute(
            sa.insert(tables.journal),
            [
                {"case_id": "c-1", "seq": 1, "at": AT, "kind": "CaseRegistered", "payload": {}},
                {
                    "case_id": "c-1",
                    "seq": 2,
                    "at": AT,
                    "kind": "ReferralIssued",
                    "payload": {"referral_id": "r-1", "target_id": "kh-dinsos"},
                },
                {
                    "case_id": "c-1",
                    "seq": 3,
                    "at": AT,
                    "kind": "ReferralReceived",
                    "payload": {"referral_id": "r-1"},
                },
            ],
        )
        connection.execute(
            sa.insert(tables.refused_inbound).values(
                case_id="c-1",
                event_id="e-1",
                event_type="ServiceReported",
                source="kh-dinsos",
                referral_id="r-1",
                rule="referral_state_machine",
                detail="received → completed",
                received_at=AT,
            )
        )
    engine.dispose()
    return url


def test_the_hubs_story_of_a_referral_is_its_journal_and_its_refusals(tmp_path: Path) -> None:
    story = hub_story(hub_database(tmp_path), "c-1", "r-1")

    assert story == (
        "the hub's journal: ReferralIssued, ReferralReceived; "
        "the hub refused ServiceReported (referral_state_machine)"
    )


def test_a_lost_referral_is_explained_with_where_it_stopped_and_the_hubs_story(
    tmp_path: Path,
) -> None:
    lost = Tally(1, ["r-1"], [], {"r-1": "kh-dinsos recorded it, 1 final report(s)"})

    told = explained(lost, hub_database(tmp_path), [("c-1", "r-1", "kh-dinsos")])

    assert told.stopped["r-1"].startswith("kh-dinsos recorded it, 1 final report(s); the hub's")
    assert "refused ServiceReported" in told.stopped["r-1"]


def test_an_unreadable_hub_database_is_said_as_such(tmp_path: Path) -> None:
    story = hub_story(f"sqlite:///{tmp_path / 'none' / 'hub.db'}", "c-1", "r-1")

    assert story.startswith("the hub's database could not be read")
