"""Where the inbox stands in each partition (`rujukan/runtime/positions.py`): a batch
that begins past it skipped records; the database is read again before that is
believed."""

import asyncio

from rujukan.runtime.positions import InboxPositions, Position, reread_from

LIFE = "cluster/marker-1"


def positions(*answers: dict[int, Position]) -> tuple[InboxPositions, list[int]]:
    """Positions whose database gives ``answers`` in turn; and the count of reads."""
    reads: list[int] = []

    def load() -> dict[int, Position]:
        reads.append(1)
        return dict(answers[min(len(reads), len(answers)) - 1])

    return InboxPositions(load, incarnation=lambda: LIFE), reads


def test_a_batch_beginning_where_the_inbox_stands_has_no_gap() -> None:
    known, _ = positions({0: Position(LIFE, 3)})
    assert asyncio.run(known.gaps({0: 3}, LIFE)) == {}
    assert asyncio.run(known.gaps({0: 1}, LIFE)) == {}  # read again: the inbox drops them


def test_a_batch_beginning_past_where_the_inbox_stands_skipped_records() -> None:
    known, reads = positions({0: Position(LIFE, 3), 1: Position(LIFE, 0)})
    assert asyncio.run(known.gaps({0: 3, 1: 0}, LIFE)) == {}
    assert asyncio.run(known.gaps({0: 7, 1: 0}, LIFE)) == {0: 3}
    assert len(reads) == 2  # the database was asked again before the gap was believed


def test_in_another_broker_life_nothing_of_a_partition_was_read_yet() -> None:
    known, _ = positions({0: Position("cluster/marker-0", 40)})
    assert asyncio.run(known.gaps({0: 5}, LIFE)) == {0: 0}


def test_a_partition_with_no_recorded_position_starts_where_the_broker_says() -> None:
    known, _ = positions({})
    assert asyncio.run(known.gaps({2: 50}, LIFE)) == {}


def test_a_partition_another_member_moved_on_is_no_gap() -> None:
    known, reads = positions({0: Position(LIFE, 3)}, {0: Position(LIFE, 9)})
    assert asyncio.run(known.gaps({0: 3}, LIFE)) == {}
    assert asyncio.run(known.gaps({0: 9}, LIFE)) == {}
    assert len(reads) == 2


def test_a_committed_batch_moves_where_the_inbox_stands() -> None:
    known, reads = positions({0: Position(LIFE, 3)})
    asyncio.run(known.gaps({0: 3}, LIFE))
    known.advance({0: 8}, LIFE)
    assert asyncio.run(known.gaps({0: 9}, LIFE)) == {}
    assert len(reads) == 1


def test_a_partition_that_skipped_records_is_read_again_from_where_the_inbox_stands() -> None:
    again = reread_from(first={0: 7, 1: 4}, gaps={0: 3}, beginnings={0: 0}, sought={})
    assert again == {0: 3}


def test_records_deleted_by_retention_are_not_read_again() -> None:
    assert reread_from(first={0: 7}, gaps={0: 3}, beginnings={0: 5}, sought={}) == {0: 5}
    assert reread_from(first={0: 7}, gaps={0: 3}, beginnings={0: 7}, sought={}) == {}


def test_offsets_without_records_after_a_read_from_where_the_inbox_stands_are_no_gap() -> None:
    """The broker left offsets 1-6 unused: read from 1, the batch begins at 7 again.
    Reading again would find the same batch forever, and the partition would stall."""
    again = reread_from(first={2: 7}, gaps={2: 1}, beginnings={2: 0}, sought={2: 1})
    assert again == {}


def test_a_batch_read_from_another_offset_than_where_the_inbox_stands_is_read_again() -> None:
    again = reread_from(first={2: 7}, gaps={2: 1}, beginnings={2: 0}, sought={2: 0})
    assert again == {2: 1}
