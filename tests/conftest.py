"""Shared fixtures: one real broker per test session, per-test databases, and an
in-memory span exporter installed before any service starts."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from rujukan.broker import LocalBroker
from tests.support.databases import POSTGRES_ADMIN_URL, postgres_available

_SPANS = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_SPANS))
trace.set_tracer_provider(_provider)

_POSTGRES = postgres_available()


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _SPANS.clear()
    yield _SPANS
    _SPANS.clear()


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """The session's broker; or the Kafka named by KAFKA_BOOTSTRAP_SERVERS."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        host, _, port = external.partition(":")
        shared = LocalBroker(int(port))
        shared.host = host
        yield shared
        return
    local = LocalBroker(log_file=tmp_path_factory.mktemp("broker") / "broker.log")
    local.start()
    yield local
    local.stop()


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[LocalBroker]:
    """A broker of this test alone, for tests that stop or restart it."""
    local = LocalBroker(log_file=tmp_path / "broker.log")
    local.start()
    yield local
    local.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    """Runs a test once on SQLite and once on PostgreSQL. Without a reachable server
    the PostgreSQL run is skipped, unless RUJUKAN_REQUIRE_POSTGRES is set (CI)."""
    if request.param == "postgres" and not _POSTGRES:
        if os.environ.get("RUJUKAN_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable")
    return str(request.param)
