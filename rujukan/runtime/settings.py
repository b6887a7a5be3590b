"""Settings of one agency process, from the environment (pydantic-settings).

Every part of the network reads ``KAFKA_BOOTSTRAP_SERVERS`` and ``DATABASE_URL`` so
that one variable points it at any real Kafka or PostgreSQL; the rest carry the
``RUJUKAN_`` prefix.
"""

from datetime import timedelta
from pathlib import Path
from typing import Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class AgencySettings(BaseSettings):
    """Identity and wiring of one agency instance (one process)."""

    model_config = SettingsConfigDict(env_prefix="RUJUKAN_", extra="ignore")

    agency_id: str = Field(description="This agency's directory id, e.g. kh-rsud.")
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "RUJUKAN_DATABASE_URL"),
        description="SQLAlchemy URL; default: a SQLite file under state_dir.",
    )
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "RUJUKAN_KAFKA_BOOTSTRAP_SERVERS"),
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    state_dir: Path = Field(
        default=Path(".rujukan"), description="Where SQLite files and local state live."
    )

    topic_partitions: int = Field(default=3, ge=1)
    consumer_session_timeout_ms: int = Field(default=6000, ge=1000)
    consumer_heartbeat_interval_ms: int = Field(default=1000, ge=100)
    consumer_max_records: int = Field(default=500, ge=1)
    consumer_fetch_max_wait_ms: int = Field(
        default=20,
        ge=1,
        description=(
            "How long the broker may hold an empty fetch. Apache Kafka answers as soon "
            "as records arrive; the local in-memory broker waits this long, so it bounds "
            "the latency of one hop there."
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
    session_secret: str | None = Field(
        default=None, description="Secret for signed web sessions; generated per data dir."
    )
    companion_session_hours: float = Field(
        default=8.0,
        gt=0,
        description="How long a companion's web-app login lasts, from the login (absolute).",
    )
    companion_cookie_secure: bool = Field(
        default=False,
        description="Send the companion session cookie over HTTPS only (set it behind TLS).",
    )

    @model_validator(mode="after")
    def _inbox_outlives_outbox(self) -> Self:
        """A sender may re-publish anything within its outbox retention: a receiver
        that forgot it sooner would handle it twice."""
        if self.inbox_retention() < self.outbox_retention():
            raise ValueError("the inbox retention must not be shorter than the outbox retention")
        return self

    def outbox_retention(self) -> timedelta:
        if self.outbox_retention_minutes is not None:
            return timedelta(minutes=self.outbox_retention_minutes)
        return timedelta(days=self.outbox_retention_days)

    def inbox_retention(self) -> timedelta:
        if self.inbox_retention_minutes is not None:
            return timedelta(minutes=self.inbox_retention_minutes)
        return timedelta(days=self.inbox_retention_days)

    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file named after the agency under state_dir."""
        if self.database_url:
            return self.database_url
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.state_dir / f'{self.agency_id}.db').resolve()}"
