"""The desk's tables take plural names without losing a row: a referral, the child's
identity it carried and a report stored before the rename read back after it; on SQLite
and PostgreSQL."""

import uuid
from pathlib import Path

import sqlalchemy as sa

from rujukan.desk import DESK
from rujukan.desk import tables as t
from rujukan.desk.store import DeskRepository, _referral_values
from rujukan.runtime import db, migrate
from schemas.events import ChildIdentity
from schemas.facts import ServiceNote
from tests.support.databases import migrated_engine
from tests.support.referrals import accepted, report_of

BEFORE = "desk@5007f81af849"
CHILD = ChildIdentity(name="(name)", sex="female", estimated_age=12)


def _as_before(table: sa.Table, old_name: str) -> sa.Table:
    return table.to_metadata(sa.MetaData(), name=old_name)


def test_referrals_identities_and_reports_survive_the_rename(db_kind: str, tmp_path: Path) -> None:
    referral = accepted()
    report = report_of(referral, ServiceNote(summary="Kontrol pertama"))
    event_id = str(uuid.uuid4())
    components = [migrate.RUNTIME, DESK]
    with migrated_engine(db_kind, tmp_path, components, [BEFORE]) as engine:
        with engine.begin() as connection:
            connection.execute(
                sa.insert(_as_before(t.referral, "desk_referral")), _referral_values(referral)
            )
            connection.execute(
                sa.insert(_as_before(t.child, "desk_child")),
                {"referral_id": referral.referral_id, "identity": CHILD.model_dump(mode="json")},
            )
            values = report.model_dump(mode="json") | {
                "reported_at": report.reported_at,
                "facts": [f.model_dump(mode="json") for f in report.facts],
                "warnings": [],
                "event_id": event_id,
            }
            connection.execute(sa.insert(_as_before(t.report, "desk_report")), values)

        migrate.upgrade(engine, components)

        with db.session_factory(engine)() as session:
            stored = DeskRepository(session)
            assert stored.get(referral.referral_id) == referral
            assert stored.child_of(referral.referral_id) == CHILD
            assert stored.reports_of(referral.referral_id) == [(report, event_id)]
        names = set(sa.inspect(engine).get_table_names())
        assert {"desk_referrals", "desk_child_identities", "desk_reports"} <= names
        assert not {"desk_referral", "desk_child", "desk_report"} & names
