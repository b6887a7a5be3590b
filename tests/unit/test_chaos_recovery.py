"""Recovery after each fault of a chaos run: from the moment the harness undid the fault
until every referral issued before that moment had its outcome at the companion."""

import asyncio
import time

from ops.chaos.recovery import Timeline, recovery


def test_recovery_lasts_until_the_last_referral_issued_before_the_fault_ended_closed() -> None:
    issued = {"r-1": 10.0, "r-2": 19.0, "r-3": 25.0}
    closed = {"r-1": 10.3, "r-2": 23.5, "r-3": 40.0}  # r-3 came after: not this fault's
    assert recovery(20.0, issued, closed) == 3.5


def test_a_fault_that_left_nothing_waiting_recovers_at_once() -> None:
    assert recovery(20.0, {"r-1": 10.0}, {"r-1": 11.0}) == 0.0
    assert recovery(20.0, {}, {}) == 0.0


def test_a_referral_that_never_closed_leaves_the_fault_unrecovered() -> None:
    assert recovery(20.0, {"r-1": 10.0, "r-2": 15.0}, {"r-1": 11.0}) is None


def test_each_fault_gets_its_own_recovery_and_the_worst_is_reported() -> None:
    timeline = Timeline()
    kill = timeline.begin("kill", "kh-rsud")
    kill.started, kill.ended = 100.0, 101.0
    outage = timeline.begin("broker outage", "broker")
    outage.started, outage.ended = 200.0, 230.0
    issued = {"r-1": 100.5, "r-2": 229.0}
    closed = {"r-1": 103.0, "r-2": 236.0}

    timeline.measure(issued, closed)

    assert [f.recovery_s for f in timeline.faults] == [2.0, 6.0]
    assert timeline.worst() == 6.0
    assert timeline.lines()[1].endswith("broker outage broker: recovered in 6.0 s")


def test_a_fault_never_recovered_makes_the_worst_unknown() -> None:
    timeline = Timeline()
    kill = timeline.begin("kill", "kh-hub")
    timeline.end(kill)
    timeline.measure({"r-1": kill.started}, {})
    assert timeline.worst() is None
    assert "not recovered" in timeline.lines()[0]


async def test_a_soaks_next_fault_waits_until_the_last_ended_its_spacing_ago() -> None:
    timeline = Timeline(spacing_s=0.4)
    first = timeline.begin("kill", "kh-hub")
    order: list[str] = []

    async def second() -> None:
        async with timeline.turn():
            order.append("second begins")

    waiting = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    order.append("first ends")
    timeline.end(first)
    await waiting
    assert order == ["first ends", "second begins"]
    assert time.time() - (first.ended or 0) >= 0.4


async def test_the_short_run_packs_its_faults_without_waiting() -> None:
    timeline = Timeline()
    timeline.begin("kill", "kh-hub")  # still under way
    async with asyncio.timeout(1):
        async with timeline.turn():
            pass
