"""The CI variants of the two measuring commands, run as a person runs them: `rujukan
bench --quick` writes every figure and the chart; `rujukan chaos --referrals 100` loses and
duplicates nothing while it kills processes, restarts the broker and injects poison.
No time is asserted here: figures are compared with their baselines in the reports."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.broker, pytest.mark.slow]

BENCH_KEYS = {
    "hop_p50_ms",
    "hop_p99_ms",
    "hop_baseline_p50_ms",
    "service_eps_postgres",
    "service_eps_sqlite",
    "raw_consume_eps",
    "loop_p50_ms",
    "loop_p99_ms",
    "up_ready_s",
    "max_service_rss_mb",
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
CHAOS_LINE = re.compile(
    r"^chaos: (\d+) referrals, lost (\d+), duplicated (\d+), "
    r"dead-lettered (\d+) of (\d+) poison, recovered in ([\d.]+) s$",
    re.MULTILINE,
)


def rujukan(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ops.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


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
    }
    assert figures["loops_closed_share"] == 1.0  # every loop closed, none lost on the way
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for key in BENCH_KEYS:
        assert key in run.stdout  # the table a person reads


@pytest.mark.timeout(900)
def test_chaos_loses_and_duplicates_nothing_and_dead_letters_every_poison_event() -> None:
    run = rujukan("chaos", "--referrals", "100", "--seed", "7", timeout=840)
    found = CHAOS_LINE.search(run.stdout)
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    referrals, lost, duplicated, dead, poison, _recovered = found.groups()
    assert int(referrals) == 100
    assert (lost, duplicated) == ("0", "0")
    assert int(poison) >= 2
    assert dead == poison
    assert run.returncode == 0
    assert "processes killed" in run.stdout


@pytest.mark.timeout(900)
def test_chaos_on_postgresql_loses_nothing_while_its_server_is_killed() -> None:
    run = rujukan(
        "chaos", "--database", "postgres", "--referrals", "80", "--seed", "7",
        "--database-kills", "1", timeout=840,
    )  # fmt: skip
    if run.returncode == 2 and "server programs" in run.stderr:
        pytest.skip(run.stderr.strip())
    found = CHAOS_LINE.search(run.stdout)
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    referrals, lost, duplicated, dead, poison, _recovered = found.groups()
    assert int(referrals) == 80
    assert (lost, duplicated) == ("0", "0")
    assert dead == poison
    assert "database server killed 1 times" in run.stdout
    assert run.returncode == 0
