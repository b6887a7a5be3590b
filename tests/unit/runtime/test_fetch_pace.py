"""The inbox's fetch wait: short while records flow, back to the idle wait by doubling."""

from rujukan.runtime.kafka import FetchPace


def test_an_idle_inbox_asks_with_the_idle_wait_and_polls_once_a_second() -> None:
    pace = FetchPace(1, 20)
    assert pace.wait_ms == 20
    assert pace.poll_ms() == 1000


def test_records_bring_the_shortest_wait_and_empty_fetches_double_it_to_the_idle_wait() -> None:
    pace = FetchPace(1, 20)
    assert pace.after(had_records=True) == 1
    assert pace.poll_ms() == 2
    assert [pace.after(had_records=False) for _ in range(6)] == [2, 4, 8, 16, 20, 20]
    assert pace.poll_ms() == 1000


def test_a_shortest_wait_above_the_idle_wait_is_the_idle_wait() -> None:
    pace = FetchPace(50, 20)
    assert pace.after(had_records=True) == 20
    assert pace.poll_ms() == 1000
