"""The audit trail's storage on SQLite and PostgreSQL: concurrent appends never fork the
chain, anchors are written every N records, and ``rujukan audit verify`` finds an edited,
an inserted and a deleted row and a deleted tail, with one line per problem."""

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from typer.testing import CliRunner, Result

from ops.cli.main import app
from rujukan.runtime import db, migrate
from rujukan.runtime.audit import AUDIT, AuditTrail, Entry
from rujukan.runtime.audit import tables as t
from rujukan.runtime.audit.anchors import AnchorFile
from rujukan.runtime.audit.chain import GENESIS, chained
from rujukan.runtime.audit.trail import latest, read_snapshot
from tests.support.databases import database
from tests.support.keys import KeysFolder

AGENCY = "kh-rsud"


@dataclass
class Trail:
    url: str
    engine: sa.Engine
    trail: AuditTrail
    anchors: Path
    keys: KeysFolder

    def verify(self) -> Result:
        args = ["audit", "verify", "--agency", AGENCY, "--anchors", str(self.anchors)]
        args += ["--public-keys", str(self.keys.public_keys_file)]
        return CliRunner().invoke(app, args, env={"DATABASE_URL": self.url})

    def execute(self, statement: str, **params: object) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.text(statement), params)


@pytest.fixture
def audit(db_kind: str, tmp_path: Path) -> Iterator[Trail]:
    with database(db_kind, tmp_path) as url:
        engine = db.create_db_engine(url)
        migrate.upgrade(engine, [migrate.RUNTIME, AUDIT])
        anchors = tmp_path / "anchors.jsonl"
        keys = KeysFolder(tmp_path).ensure(AGENCY, "kh-hub")
        trail = AuditTrail(
            db.session_factory(engine),
            db.read_session_factory(engine),
            AGENCY,
            AnchorFile(anchors, signer=keys.ring(AGENCY)),
            anchor_every=3,
        )
        yield Trail(url, engine, trail, anchors, keys)
        engine.dispose()


def command(n: int, case_id: str = "c-0001") -> Entry:
    return Entry(
        actor_id=f"staff-{n % 3}",
        actor_roles="staff",
        actor_agency=AGENCY,
        action="POST /referrals/{referral_id}/accept",
        outcome="ok",
        case_id=case_id,
        referral_id=f"r-{n:04d}",
    )


def appended(audit: Trail, count: int) -> None:
    for n in range(count):
        audit.trail.record(command(n))


def test_the_migration_creates_exactly_the_tables_of_the_code(audit: Trail) -> None:
    with audit.engine.connect() as connection:
        ours = set(t.metadata.tables)
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _: kind != "table" or name in ours,
            },
        )
        assert compare_metadata(context, t.metadata) == []


def test_concurrent_appends_make_one_unbroken_chain(audit: Trail) -> None:
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda n: audit.trail.record(command(n)), range(240)))
    with audit.engine.connect() as connection:
        seqs = connection.execute(sa.select(t.record.c.seq).order_by(t.record.c.seq)).scalars()
        assert list(seqs) == list(range(1, 241))
    assert audit.trail.head()[0] == 240
    result = audit.verify()
    assert result.exit_code == 0, result.output
    assert f"{AGENCY}: the audit chain is intact: 240 records" in result.output


def test_the_head_is_anchored_every_n_records_and_on_demand(audit: Trail) -> None:
    appended(audit, 7)
    anchors = AnchorFile(audit.anchors).read(AGENCY)
    assert [a.seq for a in anchors] == [3, 6]
    audit.trail.anchor_now()
    audit.trail.anchor_now()  # the head did not move: no second line
    anchors = AnchorFile(audit.anchors).read(AGENCY)
    assert [a.seq for a in anchors] == [3, 6, 7]
    assert anchors[-1].hash == audit.trail.head()[1]


def test_a_record_is_kept_when_its_anchor_cannot_be_written(audit: Trail, tmp_path: Path) -> None:
    unwritable = tmp_path / "a-directory"
    unwritable.mkdir()
    audit.trail.anchors = AnchorFile(unwritable)
    audit.trail.anchor_every = 1
    appended(audit, 2)
    assert audit.trail.head()[0] == 2
    audit.trail.anchors = AnchorFile(audit.anchors, signer=audit.keys.ring(AGENCY))
    audit.trail.anchor_now()  # tried again: the head is anchored now
    assert [a.seq for a in AnchorFile(audit.anchors).read(AGENCY)] == [2]


def test_verify_finds_an_edited_row(audit: Trail) -> None:
    appended(audit, 5)
    audit.execute("UPDATE audit_record SET outcome = '201' WHERE seq = 2")
    result = audit.verify()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "record 2: its hash does not match its fields (edited)",
        f"{AGENCY}: the audit chain is broken (1 problems)",
    ]


def test_verify_finds_an_inserted_row(audit: Trail) -> None:
    appended(audit, 5)
    with audit.engine.connect() as connection:
        prev = connection.execute(sa.select(t.record.c.hash).where(t.record.c.seq == 2)).scalar()
    forged = chained(2, str(prev), datetime.now(UTC), command(99, "c-other"))
    audit.execute("UPDATE audit_record SET seq = seq + 1000 WHERE seq >= 3")
    audit.execute("UPDATE audit_record SET seq = seq - 999 WHERE seq >= 1000")
    with audit.engine.begin() as connection:
        connection.execute(
            sa.insert(t.record).values(
                seq=forged.seq,
                recorded_at=forged.recorded_at,
                prev_hash=forged.prev_hash,
                hash=forged.hash,
                **vars_of(forged.entry),
            )
        )
    result = audit.verify()
    assert result.exit_code == 1
    assert "record 4: does not follow record 3 (inserted, or one before it changed)" in (
        result.output
    )


def test_verify_finds_a_deleted_row(audit: Trail) -> None:
    appended(audit, 5)
    audit.execute("DELETE FROM audit_record WHERE seq = 4")
    result = audit.verify()
    assert result.exit_code == 1
    assert "record 4: missing (deleted)" in result.output.splitlines()


def test_verify_finds_a_deleted_tail_from_the_last_anchor(audit: Trail) -> None:
    appended(audit, 7)  # anchored at 3 and 6
    with audit.engine.connect() as connection:
        h4 = connection.execute(sa.select(t.record.c.hash).where(t.record.c.seq == 4)).scalar()
    audit.execute("DELETE FROM audit_record WHERE seq > 4")
    audit.execute("UPDATE audit_chain_head SET seq = 4, hash = :h", h=h4)
    result = audit.verify()
    assert result.exit_code == 1
    (line, _) = result.output.splitlines()
    assert line.startswith("anchor: record 6 was anchored at ")
    assert line.endswith("the chain ends at record 4 (truncated)")


def recomputed_chain(audit: Trail) -> dict[int, str]:
    """What a database administrator can do: edit a record, then recompute every hash
    after it and the chain head. The new hashes by seq."""
    audit.execute("UPDATE audit_record SET outcome = '201' WHERE seq = 2")
    with audit.engine.connect() as connection:
        rows = connection.execute(sa.select(t.record).order_by(t.record.c.seq)).mappings().all()
    hashes: dict[int, str] = {}
    prev_seq, prev_hash = 0, GENESIS
    for row in rows:
        entry = Entry(**{name: row[name] for name in Entry.__dataclass_fields__})
        forged = chained(prev_seq, prev_hash, row["recorded_at"], entry)
        audit.execute(
            "UPDATE audit_record SET prev_hash = :p, hash = :h WHERE seq = :s",
            p=forged.prev_hash,
            h=forged.hash,
            s=forged.seq,
        )
        prev_seq, prev_hash = forged.seq, forged.hash
        hashes[forged.seq] = forged.hash
    audit.execute("UPDATE audit_chain_head SET seq = :s, hash = :h", s=prev_seq, h=prev_hash)
    return hashes


def test_verify_finds_anchor_lines_edited_to_match_a_recomputed_chain(audit: Trail) -> None:
    appended(audit, 7)  # anchored at 3 and 6
    hashes = recomputed_chain(audit)
    edited = []
    for line in audit.anchors.read_text().splitlines():
        fields = json.loads(line)
        edited.append(json.dumps(fields | {"hash": hashes[fields["seq"]]}))
    audit.anchors.write_text("\n".join(edited) + "\n")
    result = audit.verify()
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("anchor: record 3 of ")
    assert lines[0].endswith(": its signature does not verify (bad_signature)")
    assert lines[1].startswith("anchor: record 6 of ")
    assert lines[2:] == [f"{AGENCY}: the audit chain is broken (2 problems)"]


def test_verify_finds_anchors_rewritten_unsigned_or_signed_by_another_key(audit: Trail) -> None:
    appended(audit, 7)
    hashes = recomputed_chain(audit)
    original = AnchorFile(audit.anchors).read(AGENCY)
    audit.anchors.unlink()
    AnchorFile(audit.anchors).append(replace(original[0], hash=hashes[3]))
    forger = AnchorFile(audit.anchors, signer=audit.keys.ring("kh-hub"))
    forger.append(replace(original[1], hash=hashes[6]))
    result = audit.verify()
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith(": not signed (the anchor file was edited)")
    assert lines[1].endswith(": its signature does not verify (unknown_key)")


def test_verify_passes_a_chain_whose_anchors_are_signed_by_the_agency(audit: Trail) -> None:
    appended(audit, 7)
    lines = AnchorFile(audit.anchors).read(AGENCY)
    assert [a.seq for a in lines] == [3, 6]
    assert all(a.signature for a in lines)
    result = audit.verify()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{AGENCY}: the audit chain is intact: 7 records, 2 anchors"
    ]


def test_verify_refuses_bad_input_with_exit_2(audit: Trail, tmp_path: Path) -> None:
    unknown = CliRunner().invoke(app, ["audit", "verify", "--agency", "nowhere"])
    assert unknown.exit_code == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not an anchor\n")
    args = ["audit", "verify", "--agency", AGENCY, "--anchors", str(broken)]
    bad = CliRunner().invoke(app, args, env={"DATABASE_URL": audit.url})
    assert bad.exit_code == 2
    assert "line 1 is not an anchor" in bad.output
    args = ["audit", "verify", "--agency", AGENCY, "--anchors", str(audit.anchors)]
    args += ["--public-keys", str(tmp_path / "missing.json")]
    no_keys = CliRunner().invoke(app, args, env={"DATABASE_URL": audit.url})
    assert no_keys.exit_code == 2
    assert "no public keys file at" in no_keys.output


def test_show_prints_the_newest_records_of_a_case_oldest_first(audit: Trail) -> None:
    for n in range(6):
        audit.trail.record(command(n, "c-0001" if n % 2 else "c-0002"))
    args = ["audit", "show", "--agency", AGENCY, "--case", "c-0001", "--limit", "2"]
    result = CliRunner().invoke(app, args, env={"DATABASE_URL": audit.url})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "referral=r-0003" in lines[0]
    assert "referral=r-0005" in lines[1]
    assert "staff-2[staff@kh-rsud] POST /referrals/{referral_id}/accept -> ok" in lines[1]
    with db.read_session_factory(audit.engine)() as session:
        read_snapshot(session)
        assert [r.seq for r in latest(session, 10, case_id="c-0002")] == [1, 3, 5]


def vars_of(entry: Entry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in Entry.__dataclass_fields__}
