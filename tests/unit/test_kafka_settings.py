"""Transport security settings (issue 14, item 5): what the deployment asks for reaches
the Kafka clients' arguments, and settings that would connect with less protection than
asked are refused."""

import ssl
from pathlib import Path

import pytest
from pydantic import ValidationError

from rujukan.runtime.kafka_clients import client_kwargs, kafka_security, operator_kafka
from rujukan.runtime.settings import AgencySettings, KafkaSettings

PASSWORD = "s3cret-canary-password"
SCRAM_IN_PLAINTEXT = KafkaSettings(
    kafka_security_protocol="SASL_PLAINTEXT",
    kafka_sasl_username="kh-hub",
    kafka_sasl_password=PASSWORD,
)
"""SCRAM inside a private network, without TLS."""


def test_the_local_broker_is_reached_in_plaintext_by_default() -> None:
    kwargs = client_kwargs(KafkaSettings(kafka_bootstrap_servers="127.0.0.1:9092"))

    assert kwargs["bootstrap_servers"] == "127.0.0.1:9092"
    assert kwargs["security_protocol"] == "PLAINTEXT"
    assert kwargs["ssl_context"] is None
    assert "sasl_mechanism" not in kwargs


def test_sasl_ssl_authenticates_with_scram_sha_512_and_a_password_from_a_file(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "kafka-password"
    secret.write_text(PASSWORD + "\n")
    settings = KafkaSettings(
        kafka_bootstrap_servers="kafka:9093",
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="kh-rsud",
        kafka_sasl_password_file=secret,
    )

    kwargs = client_kwargs(settings)

    assert kwargs["security_protocol"] == "SASL_SSL"
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert kwargs["sasl_plain_username"] == "kh-rsud"
    assert kwargs["sasl_plain_password"] == PASSWORD
    context = kwargs["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname


def test_scram_inside_a_private_network_may_go_without_tls() -> None:
    kwargs = client_kwargs(SCRAM_IN_PLAINTEXT)

    assert kwargs["security_protocol"] == "SASL_PLAINTEXT"
    assert kwargs["ssl_context"] is None
    assert kwargs["sasl_plain_password"] == PASSWORD


def test_the_faststream_broker_gets_the_same_security_as_the_aiokafka_clients() -> None:
    security = kafka_security(SCRAM_IN_PLAINTEXT)

    assert security.get_schema() == {"scram512": {"type": "scramSha512"}}
    assert not security.use_ssl


@pytest.mark.parametrize(
    "fields",
    [
        {"kafka_security_protocol": "PLAINTEXT", "kafka_ssl_cafile": Path("ca.pem")},
        {"kafka_security_protocol": "SASL_PLAINTEXT", "kafka_ssl_certfile": Path("c.pem")},
        {
            "kafka_security_protocol": "SSL",
            "kafka_ssl_certfile": Path("c.pem"),
        },
        {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "kh-hub"},
        {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_password": PASSWORD},
        {"kafka_security_protocol": "PLAINTEXT", "kafka_sasl_username": "kh-hub"},
        {
            "kafka_security_protocol": "SASL_SSL",
            "kafka_sasl_username": "kh-hub",
            "kafka_sasl_password": PASSWORD,
            "kafka_sasl_password_file": Path("p"),
        },
    ],
    ids=[
        "tls-file-without-tls",
        "client-cert-without-tls",
        "cert-without-key",
        "sasl-without-password",
        "sasl-without-user",
        "credentials-without-sasl",
        "two-passwords",
    ],
)
def test_settings_that_would_protect_less_than_asked_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        KafkaSettings.model_validate(fields)


def test_the_sasl_password_shows_in_no_repr_and_no_refusal() -> None:
    settings = KafkaSettings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="kh-hub",
        kafka_sasl_password=PASSWORD,
    )
    with pytest.raises(ValidationError) as refused:
        KafkaSettings.model_validate(
            {"kafka_security_protocol": "PLAINTEXT", "kafka_sasl_password": PASSWORD}
        )

    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())
    assert PASSWORD not in str(refused.value)


def test_agencies_and_operator_commands_read_the_same_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD)
    monkeypatch.setenv("RUJUKAN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("RUJUKAN_KAFKA_SASL_USERNAME", "kh-rsud")
    monkeypatch.setenv("RUJUKAN_KAFKA_SASL_PASSWORD_FILE", str(secret))

    agency = client_kwargs(AgencySettings(agency_id="kh-rsud"))
    operator = client_kwargs(operator_kafka("kafka:9092"))

    assert operator["bootstrap_servers"] == "kafka:9092"
    for kwargs in (agency, operator):
        assert kwargs["security_protocol"] == "SASL_PLAINTEXT"
        assert kwargs["sasl_plain_username"] == "kh-rsud"
        assert kwargs["sasl_plain_password"] == PASSWORD
