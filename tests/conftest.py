"""Shared fixtures: one real broker per test session, per-test databases, and an
in-memory span exporter installed before any service starts."""

import asyncio
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ops.broker import LocalBroker
from tests.support.databases import POSTGRES_ADMIN_URL, postgres_available

_SPANS = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_SPANS))
trace.set_tracer_provider(_provider)

_POSTGRES = postgres_available()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Shortly before pytest-timeout fails a hung test, print what every asyncio task
    is waiting for: the thread stacks it prints show only the event loop's select."""
    limit = item.config.getini("timeout")
    timer = threading.Timer(max(float(limit or 300) - 20, 1), _print_pending_tasks)
    timer.daemon = True
    timer.start()
    try:
        return (yield)
    finally:
        timer.cancel()


def _print_pending_tasks() -> None:
    tasks = [t for t in list(asyncio.tasks._all_tasks) if not t.done()]  # type: ignore[attr-defined]
    print(f"\n--- {len(tasks)} pending asyncio tasks ---", file=sys.stderr)
    for task in tasks:
        task.print_stack(limit=6, file=sys.stderr)


@pytest.fixture(scope="session", autouse=True)
def audit_anchors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Services started by tests anchor their audit chains here, not in the working
    directory's state (where a local network's anchors live)."""
    path = tmp_path_factory.mktemp("audit") / "audit-anchors.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RUJUKAN_AUDIT_ANCHOR_PATH", str(path))
        yield path


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
