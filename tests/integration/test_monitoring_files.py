"""The monitoring files in ``compose/``: the alert rules pass ``promtool check rules``,
and the Grafana dashboard and the rules name only metrics the services export."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from ops.services import definition_for
from rujukan.directory import load_directory
from rujukan.runtime.http import create_app
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.settings import AgencySettings
from tests.support.keys import shared_keys

COMPOSE = Path(__file__).resolve().parents[2] / "compose"
ALERTS = COMPOSE / "prometheus" / "alerts.yml"
DASHBOARD = COMPOSE / "grafana" / "rujukan.json"
_SUFFIXES = ("_total", "_bucket", "_count", "_sum")


def exported_metrics(tmp_path: Path) -> set[str]:
    """The metric families an intake hub (which has every metric) exports."""
    directory = load_directory()
    settings = AgencySettings(
        agency_id="kh-hub",
        database_url=f"sqlite:///{tmp_path / 'h.db'}",
        **shared_keys().settings("kh-hub"),
    )
    app = create_app(definition_for(directory.get("kh-hub").kind), settings, directory)
    runtime: AgencyRuntime = app.state.runtime
    try:
        runtime.migrate()
        text = runtime.metrics.exposition().decode()
    finally:
        runtime.engine.dispose()
    return {family.name for family in text_string_to_metric_families(text)}


def named_metrics(text: str) -> set[str]:
    names = set(re.findall(r"\brujukan_[a-z_]+", text))
    return {next((n[: -len(s)] for s in _SUFFIXES if n.endswith(s)), n) for n in names}


def test_the_alert_rules_pass_promtool() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool missing: install Debian's prometheus package (scripts/test.sh)")
    done = subprocess.run(
        [promtool, "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 7 rules found" in done.stdout


def test_the_scrape_configuration_passes_promtool_with_the_secrets_make_secrets_writes(
    tmp_path: Path,
) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool missing: install Debian's prometheus package (scripts/test.sh)")
    shutil.copy(COMPOSE / "make-secrets.sh", tmp_path)
    subprocess.run(["sh", str(tmp_path / "make-secrets.sh")], check=True, capture_output=True)
    shutil.copy(ALERTS, tmp_path)
    text = (COMPOSE / "prometheus" / "prometheus.yml").read_text()
    text = text.replace("/etc/prometheus/", f"{tmp_path}/")
    text = re.sub(r"/run/secrets/(monitoring-[a-z0-9-]+)", rf"{tmp_path}/secrets/\1.token", text)
    (tmp_path / "prometheus.yml").write_text(text)
    done = subprocess.run(
        [promtool, "check", "config", str(tmp_path / "prometheus.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_the_dashboard_parses_and_names_only_exported_metrics(tmp_path: Path) -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert len(expressions) == len(dashboard["panels"]) >= 8
    exported = exported_metrics(tmp_path)
    named = named_metrics("\n".join(expressions))
    assert named <= exported, named - exported
    assert {"rujukan_outbox_waiting_rows", "rujukan_consumer_lag"} <= named


def test_the_alert_rules_name_only_exported_metrics(tmp_path: Path) -> None:
    named = named_metrics(ALERTS.read_text())
    assert named <= exported_metrics(tmp_path)
    assert {
        "rujukan_outbox_oldest_waiting_seconds",
        "rujukan_consumer_lag",
        "rujukan_events_dead_lettered",
        "rujukan_referrals_overdue",
    } <= named
