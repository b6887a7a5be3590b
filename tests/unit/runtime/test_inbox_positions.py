"""Where the inbox stands in each partition (`rujukan/runtime/positions.py`): a batch
that begins past it skipped records; the database is read again before that is
believed."""

import asyncio

from rujukan.runtime.positions import InboxPositions, Position

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
