"""An agency's logs: one JSON object per line, with the agency and the trace, the whole
stack trace of an exception, and only the fields the log format names."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider

from rujukan.runtime.logs import ALLOWED_FIELDS, setup_logging


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging("kh-rsud", stream=stream)
    yield stream
    root.handlers[:] = saved
    root.setLevel(level)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _deepest() -> None:
    raise ValueError("broken")


def _caller() -> None:
    _deepest()


def test_an_exception_is_logged_with_its_whole_stack_trace(lines: io.StringIO) -> None:
    try:
        _caller()
    except ValueError:
        logging.getLogger("rujukan.test").exception("handler failed", extra={"case_id": "c-1"})
    [entry] = entries(lines)
    assert entry["message"] == "handler failed"
    assert entry["level"] == "ERROR"
    assert entry["agency_id"] == "kh-rsud"
    assert entry["case_id"] == "c-1"
    trace = str(entry["exc_info"])
    assert trace.startswith("Traceback (most recent call last):")
    assert "_caller" in trace
    assert "_deepest" in trace
    assert trace.rstrip().endswith("ValueError: broken")


def test_a_line_carries_the_trace_and_span_of_its_context(lines: io.StringIO) -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        logging.getLogger("rujukan.test").info("inside")
    logging.getLogger("rujukan.test").info("outside")
    inside, outside = entries(lines)
    assert inside["trace_id"] == format(span.get_span_context().trace_id, "032x")
    assert inside["span_id"] == format(span.get_span_context().span_id, "016x")
    assert outside["trace_id"] is None
    assert str(inside["time"]).endswith("+00:00")


def test_fields_the_format_does_not_name_never_reach_the_log(lines: io.StringIO) -> None:
    logging.getLogger("rujukan.test").warning(
        "refused", extra={"event_id": "e-1", "child_name": "Ani", "payload": {"nik": "6401"}}
    )
    [entry] = entries(lines)
    assert set(entry) <= ALLOWED_FIELDS
    assert entry["event_id"] == "e-1"
    assert "Ani" not in lines.getvalue()
    assert "6401" not in lines.getvalue()
