"""Writing the results: a table on stdout, ``bench.json`` and a chart of the latency
distributions that a person can look at."""

import json
from pathlib import Path
from typing import Any

TARGETS = {
    "python_loop_ms": "(a fixed pure-Python loop: how fast the machine ran in this run)",
    "hop_p50_ms": "<= 1.5 x hop_floor_p50_ms",
    "hop_floor_p50_ms": "(raw produce/consume + 2 commits, 1 ms fetch wait)",
    "hop_baseline_p50_ms": "(the same at the idle fetch wait `rujukan up` uses)",
    "hop_p50_ms_untrusted": "(the same hop without signing, verifying, sealing)",
    "hop_trust_ratio": "(hop_p50_ms / hop_p50_ms_untrusted)",
    "service_eps_sqlite_trust_ratio": "(with trust / without)",
    "service_eps_postgres_trust_ratio": "(with trust / without)",
    "sign_us": "(per event, median)",
    "verify_us": "(per event, median)",
    "seal_us": "(per event, median)",
    "open_us": "(per event, median)",
    "service_eps_postgres": ">= 2000",
    "loop_p99_ms": "< 200",
    "up_ready_s": "< 15",
    "max_service_rss_mb": "< 150",
    "loop_taken_per_s": "(= loop_offered_per_s when the network keeps up)",
    "loops_closed_share": "1 (every referral's outcome reached the companion)",
    "hub_cpu_ms_per_referral": "<= 9 (the hub's CPU per referral carried through the loop)",
}


def verdicts(results: dict[str, float]) -> dict[str, bool]:
    checks = {
        "hop_p50_ms": results["hop_p50_ms"] <= 1.5 * results["hop_floor_p50_ms"],
        "service_eps_postgres": results["service_eps_postgres"] >= 2000,
        "loop_p99_ms": results["loop_p99_ms"] < 200,
        "up_ready_s": results["up_ready_s"] < 15,
        "max_service_rss_mb": results["max_service_rss_mb"] < 150,
        "hub_cpu_ms_per_referral": results["hub_cpu_ms_per_referral"] <= 9,
    }
    return {key: ok for key, ok in checks.items() if key in results}


def table(results: dict[str, float]) -> str:
    met = verdicts(results)
    lines = [f"{'key':<32} {'value':>12}  target"]
    for key, value in results.items():
        target = TARGETS.get(key, "")
        mark = "" if key not in met else ("  met" if met[key] else "  MISSED")
        lines.append(f"{key:<32} {value:>12.2f}  {target}{mark}")
    return "\n".join(lines)


def write(out: Path, results: dict[str, float], distributions: dict[str, list[float]]) -> Path:
    """Write ``bench.json`` and ``latency.png``; return the JSON's path."""
    out.mkdir(parents=True, exist_ok=True)
    document: dict[str, Any] = dict(results)
    document["targets_met"] = verdicts(results)
    path = out / "bench.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    _chart(out / "latency.png", distributions)
    return path


def _chart(path: Path, distributions: dict[str, list[float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = {name: values for name, values in distributions.items() if values}
    figure, axes = plt.subplots(1, max(len(series), 1), figsize=(5 * max(len(series), 1), 4))
    axes_list = axes if len(series) > 1 else [axes]
    for axis, (name, values) in zip(axes_list, series.items(), strict=False):
        axis.hist(values, bins=40, color="#3b6ea5")
        axis.set_title(name)
        axis.set_xlabel("milliseconds")
        axis.set_ylabel("events")
    figure.suptitle("Rujukan latency distributions (same run, same broker and database)")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
