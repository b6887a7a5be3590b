"""The metrics of one agency process, served at ``GET /metrics`` in the Prometheus text
format.

prometheus-client, not OpenTelemetry metrics: what an operator needs here is a pull
endpoint Prometheus scrapes, with values some of which are read at scrape time (the
outbox backlog from the database, the consumer lag), which prometheus-client's custom
collectors do directly; the OpenTelemetry route would add an SDK pipeline and an exporter
that ends in the same library. Traces stay on OpenTelemetry.

Each :class:`RuntimeMetrics` has its own registry, never the global default: several
agency runtimes live in one process in tests and benchmarks, and each must show only
its own figures. Labels carry vocabularies (outcomes, event types, route templates,
exception types), never an id or a value from a request or an event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from rujukan.runtime import tables
from rujukan.runtime.db import reading
from rujukan.stamps import aware

CONTENT_TYPE = CONTENT_TYPE_LATEST
"""The media type of :meth:`RuntimeMetrics.exposition`."""

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class GaugeSource:
    """A gauge read when Prometheus scrapes, e.g. a service's overdue referrals."""

    name: str
    documentation: str
    read: Callable[[], float]


class RuntimeMetrics:
    """Counters and histograms the runtime updates, and gauges read at scrape time."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=False)  # read at scrape, not at start
        self.events_consumed = Counter(
            "rujukan_events_consumed",
            "Inbox events consumed, by outcome (handled, duplicate, dead_lettered).",
            ["outcome"],
            registry=self.registry,
        )
        self.events_dead_lettered = Counter(
            "rujukan_events_dead_lettered",
            "Inbox events sent to the dead-letter topic, by reason "
            "(invalid_event, or the handler's exception type).",
            ["reason"],
            registry=self.registry,
        )
        self.handler_seconds = Histogram(
            "rujukan_handler_seconds",
            "Time one inbox event's handler took, by event type.",
            ["event_type"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.http_seconds = Histogram(
            "rujukan_http_request_seconds",
            "Time to answer one HTTP request, by method, route template and status.",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.failed_signins = Counter(
            "rujukan_failed_signins",
            "Sign-ins refused (wrong or unknown credentials, locked accounts), by surface.",
            ["surface"],
            registry=self.registry,
        )

    def watch(self, collector: Collector) -> None:
        """Add values read at scrape time."""
        self.registry.register(collector)

    def add_gauge(self, source: GaugeSource) -> None:
        """Add one gauge a service reads at scrape time (e.g. overdue referrals)."""
        self.watch(_Gauges((source,)))

    def exposition(self) -> bytes:
        """Every metric in the Prometheus text format."""
        return generate_latest(self.registry)


def failed_signin(metrics: RuntimeMetrics, surface: str) -> None:
    """Count one refused sign-in on ``surface`` (``companion``, ``staff``...): the
    accounts code calls this for every refusal, whatever its cause."""
    metrics.failed_signins.labels(surface=surface).inc()


def dead_letter_reason(reason: str) -> str:
    """The label of a dead-letter reason: its kind, never the message (which may quote
    a value from the event)."""
    if reason.startswith("invalid event"):
        return "invalid_event"
    parts = reason.split(":", 2)
    if reason.startswith("handler failed") and len(parts) > 1:
        return parts[1].strip() or "handler_failed"
    return "other"


class _Gauges(Collector):
    def __init__(self, sources: Iterable[GaugeSource]) -> None:
        self._sources = tuple(sources)

    def collect(self) -> Iterator[Metric]:
        for source in self._sources:
            yield GaugeMetricFamily(source.name, source.documentation, value=source.read())


class OutboxCollector(Collector):
    """Rows waiting in the outbox and the age of the oldest, from the database: the
    relay's memory forgets rows a sweep has not picked up yet, the table does not."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[Metric]:
        waiting, oldest = self._read()
        yield GaugeMetricFamily(
            "rujukan_outbox_waiting_rows", "Outbox rows not yet published.", value=waiting
        )
        age = 0.0 if oldest is None else (datetime.now(UTC) - aware(oldest)).total_seconds()
        yield GaugeMetricFamily(
            "rujukan_outbox_oldest_waiting_seconds",
            "Age of the oldest unpublished outbox row (0 when none waits).",
            value=max(age, 0.0),
        )

    def _read(self) -> tuple[int, datetime | None]:
        outbox = tables.outbox
        query = select(func.count(), func.min(outbox.c.created_at)).where(
            outbox.c.published_at.is_(None)
        )
        with reading(self._engine).connect() as connection:
            count, oldest = connection.execute(query).one()
        return int(count), oldest


class LagCollector(Collector):
    """Consumer lag per partition of the inbox, as the consumer last measured it."""

    def __init__(self, topic: str, read: Callable[[], dict[int, int]]) -> None:
        self._topic = topic
        self._read = read

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "rujukan_consumer_lag",
            "Records of the inbox topic not yet processed, per partition.",
            labels=["topic", "partition"],
        )
        for partition, lag in sorted(self._read().items()):
            family.add_metric([self._topic, str(partition)], lag)
        yield family
