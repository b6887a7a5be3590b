"""The compose network's transport security (issue 14, item 5), checked by reading its
files (no Docker engine runs here): Kafka authenticates and authorizes every client,
every agency logs in as itself with its own secret, and the ACLs applied are exactly
what ``rujukan acls`` generates from the directory."""

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ops.cli.main import app
from rujukan.acls import parse_script
from rujukan.runtime.kafka_clients import client_kwargs
from rujukan.runtime.settings import AgencySettings, KafkaSettings

COMPOSE = Path(__file__).resolve().parents[2] / "compose"
Service = dict[str, Any]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((COMPOSE / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def agencies(compose: dict[str, Any]) -> dict[str, Service]:
    """The services that run an agency (``rujukan serve <id>``), by agency id."""
    return {
        service["command"][2]: service
        for service in compose["services"].values()
        if service.get("command", [])[:2] == ["rujukan", "serve"]
    }


def _broker_properties() -> dict[str, str]:
    lines = (COMPOSE / "kafka" / "server.properties").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def _secret_file(compose: dict[str, Any], secret: str) -> str:
    return str(compose["secrets"][secret]["file"])


def test_kafka_refuses_whatever_the_acls_do_not_grant() -> None:
    broker = _broker_properties()

    assert broker["authorizer.class.name"] == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert broker["allow.everyone.if.no.acl.found"] == "false"
    assert "User:admin" in broker["super.users"].split(";")
    assert broker["auto.create.topics.enable"] == "false"


def test_the_only_listener_others_reach_authenticates_with_scram() -> None:
    broker = _broker_properties()
    protocols = dict(
        pair.split(":") for pair in broker["listener.security.protocol.map"].split(",")
    )
    listeners = dict(listener.split("://") for listener in broker["listeners"].split(","))

    open_to_others = {
        name for name, address in listeners.items() if not address.startswith("localhost:")
    }
    assert open_to_others == {"CLIENT"}
    assert protocols["CLIENT"].startswith("SASL_")
    assert broker["listener.name.client.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"


def test_every_agency_logs_in_as_itself_with_a_secret_of_its_own(
    compose: dict[str, Any],
    agencies: dict[str, Service],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert agencies, "the compose file runs no agency"
    secret_files = set()
    for agency_id, service in agencies.items():
        env = {key: str(value) for key, value in service["environment"].items()}
        secret = f"kafka-{agency_id}"  # beside it: db-<agency>, its database password
        assert service["secrets"] == [secret, f"db-{agency_id}"]
        assert env["RUJUKAN_KAFKA_SASL_PASSWORD_FILE"] == f"/run/secrets/{secret}"
        secret_files.add(_secret_file(compose, secret))
        (tmp_path / secret).write_text("x")
        env["RUJUKAN_KAFKA_SASL_PASSWORD_FILE"] = str(tmp_path / secret)
        for key, value in env.items():
            monkeypatch.setenv(key, value)

        kwargs = client_kwargs(AgencySettings(agency_id=agency_id))

        assert kwargs["sasl_plain_username"] == agency_id
        assert kwargs["security_protocol"].startswith("SASL_")
        assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert len(secret_files) == len(agencies)


def test_agencies_start_only_after_their_users_acls_and_topics_exist(
    agencies: dict[str, Service],
) -> None:
    for service in agencies.values():
        after = service["depends_on"]
        assert after["kafka-init"]["condition"] == "service_completed_successfully"
        assert after["kafka-topics"]["condition"] == "service_completed_successfully"


def test_the_init_service_creates_a_user_for_every_agency_with_its_secret(
    compose: dict[str, Any], agencies: dict[str, Service]
) -> None:
    init = compose["services"]["kafka-init"]
    users = set(init["environment"]["RUJUKAN_AGENCIES"].split())

    assert users == set(agencies)
    assert {f"kafka-{agency_id}" for agency_id in agencies} | {"kafka-admin"} == set(
        init["secrets"]
    )
    for agency_id, service in agencies.items():
        assert service["secrets"] == [f"kafka-{agency_id}", f"db-{agency_id}"]


def test_topics_are_created_by_the_super_user_not_the_agencies(compose: dict[str, Any]) -> None:
    topics = compose["services"]["kafka-topics"]
    env = {key: str(value) for key, value in topics["environment"].items()}

    assert topics["command"] == ["rujukan", "topics", "create"]
    assert env["RUJUKAN_KAFKA_SASL_USERNAME"] == "admin"
    assert KafkaSettings.model_validate(
        {
            "kafka_security_protocol": env["RUJUKAN_KAFKA_SECURITY_PROTOCOL"],
            "kafka_sasl_username": "admin",
            "kafka_sasl_password_file": env["RUJUKAN_KAFKA_SASL_PASSWORD_FILE"],
        }
    )


def test_the_applied_acls_are_the_generated_ones_and_cover_every_agency(
    agencies: dict[str, Service],
) -> None:
    committed = (COMPOSE / "kafka" / "acls.sh").read_text()

    generated = CliRunner().invoke(app, ["acls", "--district", "kapuas-hulu"])

    assert generated.exit_code == 0
    assert committed == generated.output, "regenerate compose/kafka/acls.sh with `rujukan acls`"
    principals = {entry.principal for entry in parse_script(committed)}
    assert {f"User:{agency_id}" for agency_id in agencies} <= principals


def test_the_cluster_id_is_a_kafka_uuid(compose: dict[str, Any]) -> None:
    cluster_id = compose["services"]["kafka"]["environment"]["CLUSTER_ID"]

    raw = base64.urlsafe_b64decode(cluster_id + "==")

    assert len(raw) == 16
    assert base64.urlsafe_b64encode(raw).decode().rstrip("=") == cluster_id
