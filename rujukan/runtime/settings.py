"""Settings of one agency process, from the environment (pydantic-settings).

Every part of the network reads ``KAFKA_BOOTSTRAP_SERVERS`` and ``DATABASE_URL`` so
that one variable points it at any real Kafka or PostgreSQL; the rest carry the
``RUJUKAN_`` prefix.
"""

from datetime import timedelta
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from rujukan.runtime.notify.settings import NotifySettings

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""The Host names of this machine, as Host headers carry them (IPv6 in brackets)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _secure_unless_loopback(data: dict[str, Any]) -> bool:
    return not is_loopback(str(data.get("http_host", "")))


KafkaProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
TLS_PROTOCOLS = frozenset({"SSL", "SASL_SSL"})
SASL_PROTOCOLS = frozenset({"SASL_PLAINTEXT", "SASL_SSL"})


class KafkaSettings(BaseSettings):
    """How to reach Kafka and prove who we are: read by every agency process and every
    operator command that opens a Kafka client (``rujukan/runtime/kafka_clients.py``
    turns them into client arguments).

    The default, PLAINTEXT, is for the local in-memory broker, which has neither TLS nor
    ACLs. Production uses SASL_SSL with SCRAM-SHA-512 (a user per agency) or SSL with a
    client certificate (mutual TLS). The password is a secret: read from a file or the
    environment, never shown in a repr, an error or a log (refusals hide their input).
    """

    model_config = SettingsConfigDict(
        env_prefix="RUJUKAN_", extra="ignore", hide_input_in_errors=True
    )

    topic_replication_factor: int = Field(
        default=1,
        ge=1,
        description=(
            "Replicas of each topic this process creates. 1 for one broker; 3 on a "
            "three-broker cluster, with the brokers' min.insync.replicas at 2, so that a "
            "record acknowledged with acks=all survives the loss of a broker."
        ),
    )
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "RUJUKAN_KAFKA_BOOTSTRAP_SERVERS"),
    )
    kafka_security_protocol: KafkaProtocol = Field(
        default="PLAINTEXT", description="PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL."
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle that signed the brokers' certificates."
    )
    kafka_ssl_certfile: Path | None = Field(
        default=None, description="This client's certificate (PEM), for mutual TLS."
    )
    kafka_ssl_keyfile: Path | None = Field(
        default=None, description="The private key of kafka_ssl_certfile (PEM)."
    )
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = Field(
        default=None, description="The SASL user: the agency id (Kafka principal User:<id>)."
    )
    kafka_sasl_password: SecretStr | None = None
    kafka_sasl_password_file: Path | None = Field(
        default=None, description="A file holding the SASL password (a mounted secret)."
    )

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        """Refuse settings that would silently connect with less protection than asked:
        TLS files with a protocol that does not use TLS, SASL without credentials."""
        protocol = self.kafka_security_protocol
        tls_files = (self.kafka_ssl_cafile, self.kafka_ssl_certfile, self.kafka_ssl_keyfile)
        if protocol not in TLS_PROTOCOLS and any(tls_files):
            raise ValueError(f"TLS files are set but the Kafka security protocol is {protocol}")
        if (self.kafka_ssl_certfile is None) != (self.kafka_ssl_keyfile is None):
            raise ValueError("mutual TLS needs both kafka_ssl_certfile and kafka_ssl_keyfile")
        if protocol in SASL_PROTOCOLS:
            if not self.kafka_sasl_username:
                raise ValueError(f"{protocol} needs kafka_sasl_username")
            if (self.kafka_sasl_password is None) == (self.kafka_sasl_password_file is None):
                raise ValueError(
                    f"{protocol} needs exactly one of kafka_sasl_password and "
                    "kafka_sasl_password_file"
                )
        elif self.kafka_sasl_username or self.kafka_sasl_password or self.kafka_sasl_password_file:
            raise ValueError(f"SASL credentials are set but the protocol is {protocol}")
        return self

    def sasl_password(self) -> str:
        """The SASL password, from the secret setting or its file (trailing newline dropped)."""
        if self.kafka_sasl_password is not None:
            return self.kafka_sasl_password.get_secret_value()
        if self.kafka_sasl_password_file is None:
            raise ValueError("no SASL password is configured")
        return self.kafka_sasl_password_file.read_text(encoding="utf-8").rstrip("\r\n")


class AgencySettings(KafkaSettings, NotifySettings):
    """Identity and wiring of one agency instance (one process)."""

    agency_id: str = Field(description="This agency's directory id, e.g. kh-rsud.")
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "RUJUKAN_DATABASE_URL"),
        description="SQLAlchemy URL; default: a SQLite file under state_dir.",
    )
    database_password_file: Path | None = Field(
        default=None,
        description=(
            "A file holding the database password (a container secret), added to "
            "database_url: the URL in the environment then carries no password."
        ),
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default=list(LOOPBACK_HOSTS),
        description="Host names the HTTP API answers for (comma-separated; a leading "
        "'*.' matches subdomains); any other Host header answers 400. Loopback by default.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="The largest request body accepted (413)."
    )
    max_commands_in_flight: int = Field(
        default=64,
        ge=1,
        description=(
            "Command requests (POST, PUT, PATCH, DELETE) one process handles at once; the "
            "next answers 503 with Retry-After at once instead of waiting in a queue, so "
            "an overloaded agency sheds load and keeps its memory flat (docs/performance.md)."
        ),
    )
    state_dir: Path = Field(
        default=Path(".rujukan"), description="Where SQLite files and local state live."
    )
    migrate_on_start: bool = Field(
        default=True,
        description=(
            "Bring the database to this release's schema at start. Off where a step before "
            "the service migrated it with the same release (`rujukan db upgrade`; "
            "`rujukan up` migrates every agency's database before it starts them): the "
            "service then never loads the migration tool, a sixteenth of its memory."
        ),
    )

    key_file: Path | None = Field(
        default=None,
        description=(
            "This agency's private key file (JSON, mode 0600) from `rujukan keys init`; "
            "default: keys/<agency id>.key.json under state_dir."
        ),
    )
    public_keys_file: Path | None = Field(
        default=None,
        description=(
            "The public keys file every agency reads; default: keys/public-keys.json "
            "under state_dir."
        ),
    )

    topic_partitions: int = Field(default=3, ge=1)
    consumer_session_timeout_ms: int = Field(default=6000, ge=1000)
    consumer_heartbeat_interval_ms: int = Field(default=1000, ge=100)
    consumer_max_records: int = Field(default=500, ge=1)
    consumer_fetch_max_wait_ms: int = Field(
        default=100,
        ge=1,
        description=(
            "How long the broker may hold an empty fetch of an idle inbox. Apache Kafka "
            "answers as soon as records arrive; the local in-memory broker waits this "
            "long, so it bounds the latency of the first hop after a quiet spell there. "
            "Each fetch costs the agency and the broker CPU: at 20 ms the twelve idle "
            "agencies of `rujukan up` and their broker took a quarter of two cores."
        ),
    )
    consumer_fetch_min_wait_ms: int = Field(
        default=5,
        ge=1,
        description=(
            "The fetch wait while records flow: after a batch the inbox asks with this "
            "wait and doubles it with every empty fetch, up to consumer_fetch_max_wait_ms, "
            "so a busy inbox is not held by the broker and an idle one does not poll it. "
            "At 1 ms the busy agencies of a loaded `rujukan up` spent their CPU on empty "
            "fetches: the closed loop at 40 referrals/s measured p99 1.2-1.7 s against "
            "0.3-0.6 s at 5 ms, with the same hop."
        ),
    )
    max_attempts: int = Field(default=3, ge=1, description="Handler attempts before dead-letter.")
    relay_sweep_interval_s: float = Field(default=2.0, gt=0)
    relay_max_backoff_s: float = Field(default=5.0, gt=0)
    incarnation_check_interval_s: float = Field(default=1.0, gt=0)
    monitor_interval_s: float = Field(
        default=30.0, gt=0, description="How often deadline monitors look for due notices."
    )
    database_check_interval_s: float = Field(
        default=1.0, gt=0, description="How often readiness probes the database."
    )
    outbox_retention_days: int = Field(
        default=7,
        ge=1,
        description=(
            "How long a published outbox row is kept, to be sent again to a broker that "
            "lost its data; then it is deleted."
        ),
    )
    inbox_retention_days: int = Field(
        default=30,
        ge=1,
        description=(
            "How long an inbox row is kept to recognise a redelivered event. Must cover "
            "the senders' outbox retention and the broker's retention of the inbox topic."
        ),
    )
    outbox_retention_minutes: float | None = Field(
        default=None, gt=0, description="Overrides outbox_retention_days (soak runs)."
    )
    inbox_retention_minutes: float | None = Field(
        default=None, gt=0, description="Overrides inbox_retention_days (soak runs)."
    )
    retention_interval_s: float = Field(
        default=60.0, gt=0, description="How often rows past their retention are pruned."
    )
    retention_batch: int = Field(default=1000, ge=1, description="Rows deleted per transaction.")
    event_max_age_hours: float | None = Field(
        default=None,
        gt=0,
        description=(
            "The oldest ce_time an inbox admits. At least the outbox retention (a "
            "re-publish after a broker loss re-sends rows that old) and less than the "
            "inbox retention (an older replay would no longer be caught as a duplicate). "
            "Default: halfway between the two (18.5 days with the default retentions)."
        ),
    )
    event_max_ahead_s: float = Field(
        default=300.0, ge=0, description="How far ahead of this clock a ce_time may be."
    )

    otlp_endpoint: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OTEL_EXPORTER_OTLP_ENDPOINT", "RUJUKAN_OTLP_ENDPOINT"),
    )
    log_json: bool = True
    log_level: str = "INFO"
    auto_respond: bool = Field(
        default=False,
        description="Answer and report every referral automatically (benchmarks, demos).",
    )
    companion_session_hours: float = Field(
        default=8.0,
        gt=0,
        description="How long a companion's web-app login lasts, from the login (absolute).",
    )
    companion_cookie_secure: bool = Field(
        default_factory=_secure_unless_loopback,
        description="Send the companion session cookie over HTTPS only. Default: on, "
        "unless the process serves on a loopback address (the local demo).",
    )

    agency_urls: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="Where the other agencies of the network answer (comma-separated "
        "AGENCY=URL): the hub's auditor page asks each for its records of a case.",
    )

    @field_validator("agency_urls", mode="before")
    @classmethod
    def _agency_urls(cls, value: Any) -> Any:
        """``kh-rsud=http://10.0.0.5:8000,kh-dinsos=https://…`` → a mapping."""
        if not isinstance(value, str):
            return value
        urls: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in value.split(","))):
            agency_id, sep, url = item.partition("=")
            if not sep or not agency_id.strip() or not url.strip():
                raise ValueError(f"{item!r}: expected AGENCY=URL")
            urls[agency_id.strip()] = url.strip().rstrip("/")
        return urls

    @model_validator(mode="after")
    def _event_window_fits_the_retentions(self) -> Self:
        """Within it the inbox outlives the outbox: a sender may re-publish anything within
        its outbox retention, and a receiver that forgot it sooner would handle it twice."""
        if not self.outbox_retention() <= self.event_max_age() < self.inbox_retention():
            raise ValueError(
                "event_max_age_hours must be at least the outbox retention and less than "
                "the inbox retention"
            )
        return self

    def resolved_key_file(self) -> Path:
        """The configured key file, or keys/<agency id>.key.json under state_dir."""
        return self.key_file or default_key_file(self.state_dir, self.agency_id)

    def resolved_public_keys_file(self) -> Path:
        """The configured public keys file, or keys/public-keys.json under state_dir."""
        return self.public_keys_file or default_public_keys_file(self.state_dir)

    audit_anchor_path: Path | None = Field(
        default=None,
        description=(
            "The file the audit chain's head is anchored to (JSON lines), on storage the "
            "database administrator does not control; default: next to the SQLite file, "
            "<state_dir>/<agency_id>.audit-anchors.jsonl."
        ),
    )
    audit_anchor_every: int = Field(
        default=100, ge=1, description="Anchor the audit chain every this many records."
    )
    audit_anchor_interval_s: float = Field(
        default=60.0, gt=0, description="…and at least this often while records are added."
    )

    def resolved_audit_anchor_path(self) -> Path:
        return self.audit_anchor_path or self.state_dir / f"{self.agency_id}.audit-anchors.jsonl"

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    def outbox_retention(self) -> timedelta:
        if self.outbox_retention_minutes is not None:
            return timedelta(minutes=self.outbox_retention_minutes)
        return timedelta(days=self.outbox_retention_days)

    def inbox_retention(self) -> timedelta:
        if self.inbox_retention_minutes is not None:
            return timedelta(minutes=self.inbox_retention_minutes)
        return timedelta(days=self.inbox_retention_days)

    def event_max_age(self) -> timedelta:
        """How old a ``ce_time`` an inbox still admits (``event_max_age_hours``)."""
        if self.event_max_age_hours is not None:
            return timedelta(hours=self.event_max_age_hours)
        return self.outbox_retention() + (self.inbox_retention() - self.outbox_retention()) / 2

    def resolved_database_url(self) -> str:
        """The configured URL (with the password of ``database_password_file``, if set),
        or a SQLite file named after the agency under state_dir."""
        if self.database_url and self.database_password_file is not None:
            password = self.database_password_file.read_text().strip()
            url = make_url(self.database_url).set(password=password)
            return url.render_as_string(hide_password=False)
        if self.database_url:
            return self.database_url
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.sqlite_path()}"

    def sqlite_path(self) -> Path:
        """The agency's SQLite file under state_dir, used when no database URL is set."""
        return (self.state_dir / f"{self.agency_id}.db").resolve()


def default_key_file(state_dir: Path, agency_id: str) -> Path:
    """Where an agency's key file is when no setting names it."""
    return state_dir / "keys" / f"{agency_id}.key.json"


def default_public_keys_file(state_dir: Path) -> Path:
    """Where the public keys file is when no setting names it."""
    return state_dir / "keys" / "public-keys.json"
