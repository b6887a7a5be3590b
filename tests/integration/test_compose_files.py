"""The district compose files: valid against the compose specification's JSON Schema
(kept in compose/compose-spec.json), generated from the directory (every online agency
of Kapuas Hulu, each with its own database role and Kafka user), healthchecks on every
long-running service, no password in the YAML, and every environment variable given to
the project's image a setting the runtime reads."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from ops.cli.main import app
from rujukan.directory import load_directory
from rujukan.runtime.settings import AgencySettings

COMPOSE = Path(__file__).resolve().parents[2] / "compose"
FILES = ["docker-compose.yml", "docker-compose.cluster.yml"]
GENERATED = [*FILES, "make-secrets.sh", "postgres-init.sh", "prometheus/prometheus.yml"]
ONE_SHOT = {"kafka-init", "kafka-topics"}


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((COMPOSE / name).read_text())
    return document


def setting_names() -> set[str]:
    """Every environment variable AgencySettings (and the Kafka settings it extends) reads."""
    prefix = str(AgencySettings.model_config.get("env_prefix", ""))
    names = set()
    for field_name, field in AgencySettings.model_fields.items():
        names.add(f"{prefix}{field_name}".upper())
        alias = field.validation_alias
        names.update(str(c).upper() for c in getattr(alias, "choices", ()) if isinstance(c, str))
    return names


def ours(service: dict[str, Any]) -> bool:
    return "build" in service or str(service.get("image", "")).startswith("rujukan")


@pytest.mark.parametrize("name", FILES)
def test_the_compose_file_follows_the_compose_specification(name: str) -> None:
    schema = json.loads((COMPOSE / "compose-spec.json").read_text())
    jsonschema.validate(load(name), schema)


@pytest.mark.parametrize("name", FILES)
def test_every_variable_given_to_the_image_is_a_setting_the_runtime_reads(name: str) -> None:
    known = setting_names()
    for service_name, service in load(name)["services"].items():
        if ours(service):
            unknown = set(service.get("environment", {})) - known
            assert not unknown, f"{service_name}: {sorted(unknown)}"


@pytest.mark.parametrize("name", FILES)
def test_every_online_agency_of_the_district_runs_on_its_own_database(name: str) -> None:
    services = load(name)["services"]
    online = {a.id for a in load_directory().in_district("kapuas-hulu") if a.runs_software}
    agencies = {n for n, s in services.items() if ours(s) and n not in ONE_SHOT}
    assert agencies == online
    users = set()
    for agency_id in agencies:
        environment = services[agency_id]["environment"]
        url = make_url(environment["DATABASE_URL"])
        assert url.password is None  # from the secret file, never the YAML
        assert url.username == url.database == agency_id.replace("-", "_")
        assert environment["RUJUKAN_DATABASE_PASSWORD_FILE"] == f"/run/secrets/db-{agency_id}"
        assert services[agency_id]["secrets"] == [f"kafka-{agency_id}", f"db-{agency_id}"]
        users.add(environment["RUJUKAN_KAFKA_SASL_USERNAME"])
    assert users == agencies


@pytest.mark.parametrize("name", FILES)
def test_every_long_running_service_has_a_healthcheck_and_no_password(name: str) -> None:
    document = load(name)
    for service_name, service in document["services"].items():
        if service_name not in ONE_SHOT:
            assert "healthcheck" in service, service_name
    text = (COMPOSE / name).read_text().lower()
    assert "password:" not in text
    assert "postgres_password=" not in text


def test_the_cluster_replicates_every_topic_three_times_with_two_in_sync() -> None:
    services = load("docker-compose.cluster.yml")["services"]
    brokers = [s for n, s in services.items() if n.startswith("kafka-") and n not in ONE_SHOT]
    assert len(brokers) == 3
    for broker in brokers:
        assert broker["environment"]["KAFKA_REPLICATION_FACTOR"] == "3"
        assert broker["environment"]["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
        assert broker["environment"]["KAFKA_LOG_DIRS"] == "/var/lib/kafka/data"
    assert services["kh-hub"]["environment"]["RUJUKAN_TOPIC_REPLICATION_FACTOR"] == "3"
    assert services["kafka-topics"]["environment"]["RUJUKAN_TOPIC_REPLICATION_FACTOR"] == "3"


def test_the_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    for brokers in ("1", "3"):
        args = ["compose", "--district", "kapuas-hulu", "--brokers", brokers]
        result = runner.invoke(app, [*args, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    for name in GENERATED:
        assert (tmp_path / name).read_text() == (COMPOSE / name).read_text(), name


@pytest.mark.parametrize("name", FILES)
def test_prometheus_scrapes_each_agency_with_its_own_monitoring_token(name: str) -> None:
    config = load("prometheus/prometheus.yml")
    services = load(name)["services"]
    agencies = {n for n, s in services.items() if ours(s) and n not in ONE_SHOT}
    jobs = {}
    for job in config["scrape_configs"]:
        [target] = job["static_configs"][0]["targets"]
        jobs[target.removesuffix(":8000")] = job
    assert set(jobs) == agencies
    for agency, job in jobs.items():
        assert job["job_name"] == f"rujukan-{agency}"
        assert job["authorization"] == {
            "type": "Bearer",
            "credentials_file": f"/run/secrets/monitoring-{agency}",
        }
    mounted = services["prometheus"]["secrets"]
    assert sorted(mounted) == sorted(f"monitoring-{a}" for a in agencies)
    secrets = load(name)["secrets"]
    assert {secrets[m]["file"] for m in mounted} == {
        f"./secrets/monitoring-{a}.token" for a in agencies
    }
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]


def test_an_unknown_district_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["compose", "--district", "nowhere", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
