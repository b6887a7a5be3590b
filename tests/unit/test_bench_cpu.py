"""The hub's CPU per referral that `rujukan bench` prints: the process's CPU time
between two marks, per referral carried through the loop, and the process found by the
port it serves."""

import math
import os
import socket

from ops.bench.cpu import CpuMark, cpu_mark, listening_on, ms_per_item


def test_cpu_per_referral_is_the_cpu_between_the_marks_over_the_referrals() -> None:
    marks = [CpuMark(pid=7, seconds=12.5), CpuMark(pid=7, seconds=13.1)]
    assert math.isclose(ms_per_item(marks, 120), 5.0)


def test_cpu_per_referral_is_not_a_number_without_referrals_or_across_processes() -> None:
    assert math.isnan(ms_per_item([CpuMark(7, 1.0), CpuMark(7, 2.0)], 0))
    assert math.isnan(ms_per_item([CpuMark(7, 1.0), CpuMark(8, 2.0)], 10))
    assert math.isnan(ms_per_item([CpuMark(7, 1.0)], 10))


def test_a_process_mark_counts_its_own_cpu_time() -> None:
    before = cpu_mark(os.getpid())
    sum(n * n for n in range(300_000))
    after = cpu_mark(os.getpid())
    assert after.pid == before.pid
    assert after.seconds > before.seconds


def test_the_process_serving_a_port_is_found_by_the_port() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert listening_on(os.getpid(), port) == os.getpid()
    assert listening_on(os.getpid(), port) is None
