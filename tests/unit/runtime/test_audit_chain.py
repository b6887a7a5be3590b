"""The audit trail's hash chain, pure: each kind of tampering is found at the row where
it happened, and what the chain alone cannot show the anchors show."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from rujukan.runtime.audit.chain import GENESIS, Anchor, Entry, Record, chained, verify

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def entry(n: int) -> Entry:
    return Entry(
        actor_id=f"staff-{n}",
        actor_roles="staff",
        actor_agency="kh-rsud",
        action="POST /referrals/{referral_id}/accept",
        outcome="ok",
        case_id="c-0001",
        referral_id=f"r-{n:04d}",
    )


def chain_of(count: int, start: tuple[int, str] = (0, GENESIS)) -> list[Record]:
    records: list[Record] = []
    seq, prev = start
    for n in range(count):
        record = chained(seq, prev, T0 + timedelta(seconds=n), entry(n))
        records.append(record)
        seq, prev = record.seq, record.hash
    return records


def head_of(records: list[Record]) -> tuple[int, str]:
    return records[-1].seq, records[-1].hash


def anchor_at(record: Record) -> Anchor:
    return Anchor("kh-rsud", record.seq, record.hash, T0 + timedelta(hours=1))


def test_an_untouched_chain_is_intact() -> None:
    records = chain_of(5)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].prev_hash == GENESIS
    assert verify(records, head_of(records), [anchor_at(records[2])]) == []


def test_an_edited_field_breaks_the_row_it_is_in() -> None:
    records = chain_of(5)
    records[2] = replace(records[2], entry=replace(records[2].entry, actor_id="someone-else"))
    assert verify(records, head_of(records), []) == [
        "record 3: its hash does not match its fields (edited)"
    ]


def test_an_edited_time_breaks_the_row_too() -> None:
    records = chain_of(3)
    records[1] = replace(records[1], recorded_at=records[1].recorded_at + timedelta(microseconds=1))
    assert verify(records, head_of(records), []) == [
        "record 2: its hash does not match its fields (edited)"
    ]


def test_a_deleted_row_is_missing_and_its_successor_no_longer_follows() -> None:
    records = chain_of(5)
    del records[1]
    problems = verify(records, head_of(records), [])
    assert problems == [
        "record 2: missing (deleted)",
        "record 3: does not follow record 1 (inserted, or one before it changed)",
    ]


def test_a_row_inserted_with_a_valid_hash_breaks_the_rows_after_it() -> None:
    records = chain_of(4)
    forged = chained(2, records[1].hash, T0, replace(entry(9), actor_id="forger"))
    shifted = [replace(r, seq=r.seq + 1) for r in records[2:]]
    tampered = [*records[:2], forged, *shifted]
    problems = verify(tampered, head_of(tampered), [])
    assert "record 4: its hash does not match its fields (edited)" in problems
    assert "record 4: does not follow record 3 (inserted, or one before it changed)" in problems
    assert not [p for p in problems if p.startswith("record 3")]


def test_a_deleted_tail_is_found_by_the_anchor() -> None:
    records = chain_of(6)
    anchors = [anchor_at(records[2]), anchor_at(records[5])]
    kept = records[:4]
    assert verify(kept, head_of(kept), anchors) == [
        "anchor: record 6 was anchored at 2026-12-01T03:00:00.000000, "
        "the chain ends at record 4 (truncated)"
    ]


def test_a_recomputed_chain_is_found_by_the_anchor() -> None:
    records = chain_of(5)
    anchors = [anchor_at(records[3])]
    rewritten = chain_of(2)
    edited = replace(entry(2), outcome="403")
    rewritten.append(chained(2, rewritten[1].hash, T0, edited))
    rewritten.extend(chain_of(2, head_of(rewritten)))
    assert verify(rewritten, head_of(rewritten), []) == []
    assert verify(rewritten, head_of(rewritten), anchors) == [
        "anchor: record 4 differs from its anchor of 2026-12-01T03:00:00.000000 "
        "(the chain was rewritten)"
    ]


def test_a_head_that_names_another_row_is_reported() -> None:
    records = chain_of(3)
    assert verify(records[:2], head_of(records), []) == [
        "head: the chain head names record 3, the chain ends at record 2"
    ]


def test_naive_times_from_sqlite_hash_like_the_aware_ones() -> None:
    record = chain_of(1)[0]
    naive = replace(record, recorded_at=record.recorded_at.replace(tzinfo=None))
    assert verify([naive], head_of([record]), []) == []
