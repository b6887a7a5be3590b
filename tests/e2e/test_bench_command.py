"""The CI variant of `rujukan bench`, run as a person runs it: `--quick` writes every
figure and the chart. No time is asserted here: figures are compared with their
baselines in the reports."""

import json
from pathlib import Path

import pytest

from tests.support.commands import rujukan

pytestmark = [pytest.mark.broker, pytest.mark.slow]

BENCH_KEYS = {
    "hop_p50_ms",
    "hop_p99_ms",
    "hop_baseline_p50_ms",
    "hop_floor_p50_ms",
    "service_eps_postgres",
    "service_eps_sqlite",
    "raw_consume_eps",
    "python_loop_ms",
    "loop_p50_ms",
    "loop_p99_ms",
    "up_ready_s",
    "max_service_rss_mb",
    "hub_cpu_ms_per_referral",
    # the same hop and throughput without signing, verifying and sealing, and their cost
    "hop_p50_ms_untrusted",
    "hop_trust_ratio",
    "service_eps_postgres_untrusted",
    "service_eps_sqlite_untrusted",
    "service_eps_postgres_trust_ratio",
    "sign_us",
    "verify_us",
    "seal_us",
    "open_us",
}


@pytest.mark.timeout(600)
def test_quick_bench_writes_every_figure_and_a_chart(tmp_path: Path) -> None:
    run = rujukan("bench", "--quick", "--out", str(tmp_path), timeout=540)
    assert run.returncode == 0, run.stderr[-3000:]

    figures = json.loads((tmp_path / "bench.json").read_text())
    assert set(figures) >= BENCH_KEYS
    assert {key: figures[key] for key in BENCH_KEYS if not figures[key] > 0} == {}
    assert set(figures["targets_met"]) == {
        "hop_p50_ms",
        "service_eps_postgres",
        "loop_p99_ms",
        "up_ready_s",
        "max_service_rss_mb",
        "hub_cpu_ms_per_referral",
    }
    assert figures["loops_closed_share"] == 1.0  # every loop closed, none lost on the way
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for key in BENCH_KEYS:
        assert key in run.stdout  # the table a person reads
