"""The soak's summary: growth after warm-up, flatness, and the journal per referral."""

import json
from pathlib import Path

from ops.chaos.soak import Sample, growth, summary, write


def sample(
    minute: int, *, rss: float, outbox: int, journal: int, referrals: int, settled: bool = False
) -> Sample:
    return Sample(
        minute=minute,
        referrals=referrals,
        rss_mb={"kh-hub": rss},
        connections={"kh-hub": 3},
        outbox={"kh-hub": outbox},
        inbox={"kh-hub": outbox * 2},
        journal=journal,
        loops=10,
        loop_p50_ms=40.0,
        loop_p99_ms=90.0,
        settled=settled,
    )


def test_growth_is_measured_from_the_first_point_after_warm_up() -> None:
    assert growth([10, 50, 100, 104, 105], warmup=2) == 0.05
    assert growth([10, 50, 100, -1, 130], warmup=2) == 0.3  # an unread point is left out
    assert growth([0, 0, 0], warmup=1) == 0.0


def test_growth_compares_the_means_of_the_first_and_last_three_points_after_warm_up() -> None:
    # one point high while a fault's backlog waited does not decide alone
    assert growth([5, 100, 100, 100, 130, 100, 100, 100], warmup=1) == 0.0
    assert round(growth([5, 100, 100, 100, 110, 120, 130, 140], warmup=1), 3) == 0.3


def test_the_sample_taken_after_the_run_settled_is_not_compared() -> None:
    steady = [sample(m, rss=100, outbox=300, journal=m, referrals=m) for m in range(1, 9)]
    settled = sample(9, rss=100, outbox=900, journal=9, referrals=9, settled=True)
    result = summary([*steady, settled], warmup=2)
    assert result["flat"] is True
    assert result["growth_after_warmup"]["outbox"]["kh-hub"] == 0.0


def test_a_run_whose_tables_level_off_after_warm_up_is_flat() -> None:
    samples = [
        sample(
            m, rss=80 + min(m, 3) * 10, outbox=min(m, 3) * 100, journal=m * 900, referrals=m * 100
        )
        for m in range(1, 10)
    ]
    result = summary(samples, warmup=3)
    assert result["flat"] is True
    assert result["journal_rows_per_referral"] == 9.0


def test_an_outbox_that_keeps_growing_is_not_flat() -> None:
    samples = [sample(m, rss=100, outbox=m * 100, journal=m, referrals=m) for m in range(1, 10)]
    result = summary(samples, warmup=3)
    assert result["flat"] is False
    assert result["growth_after_warmup"]["outbox"]["kh-hub"] > 0.1


def test_the_series_and_the_chart_are_written(tmp_path: Path) -> None:
    samples = [sample(m, rss=100, outbox=5, journal=m, referrals=m) for m in range(1, 5)]
    write(tmp_path, samples, summary(samples))
    written = json.loads((tmp_path / "soak.json").read_text())
    assert len(written["samples"]) == 4
    assert (tmp_path / "soak.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_summary_reports_each_fault_and_the_longest_recovery() -> None:
    samples = [sample(m, rss=100, outbox=5, journal=m, referrals=m) for m in range(1, 5)]
    faults = [
        {"kind": "kill", "target": "kh-hub", "recovery_s": 2.5},
        {"kind": "broker outage", "target": "broker", "recovery_s": 7.0},
    ]
    result = summary(samples, faults=faults)
    assert result["worst_recovery_s"] == 7.0
    assert result["faults_recovered_within_5_s"] == 1
    assert (
        summary(samples, faults=[{"kind": "kill", "recovery_s": None}])["worst_recovery_s"] is None
    )


def test_a_process_not_running_is_not_read_as_holding_nothing() -> None:
    from ops.chaos.soak import UNREAD, _rss_mb, _sqlite_handles

    assert _rss_mb(None) == UNREAD
    assert _sqlite_handles(None, "sqlite:///a.db") == UNREAD
    assert growth([100, 100, 100, UNREAD, 100, 100], warmup=0) == 0.0
