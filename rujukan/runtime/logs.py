"""Structured logs: one JSON object per line with the agency, case id and trace id.

Log calls pass identifiers through ``extra`` (``case_id``, ``event_id``,
``referral_id``); payloads are never logged, so a child's name cannot reach a log. The
formatter (python-json-logger) writes only the fields named here: anything else a caller
puts in ``extra`` is dropped, not logged. An exception is logged with its whole stack
trace (``exc_info``), the only way to debug a failure from the logs.
"""

import logging
import sys
from typing import Any, TextIO

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

_FIELDS = ("case_id", "event_id", "event_type", "referral_id", "topic", "reason")


class _ContextFilter(logging.Filter):
    def __init__(self, agency_id: str) -> None:
        super().__init__()
        self.agency_id = agency_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.agency_id = self.agency_id
        span_context = trace.get_current_span().get_span_context()
        record.trace_id = format(span_context.trace_id, "032x") if span_context.is_valid else None
        record.span_id = format(span_context.span_id, "016x") if span_context.is_valid else None
        return True


_ENVELOPE = ("time", "level", "logger", "message", "agency_id", "trace_id", "span_id")
_TRACES = ("exc_info", "stack_info")
ALLOWED_FIELDS = frozenset((*_ENVELOPE, *_FIELDS, *_TRACES))
"""Every key a log line may carry; identifiers and vocabularies only."""


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the agency
    and trace, the identifiers of ``_FIELDS``, and the full stack trace of an exception."""

    def __init__(self) -> None:
        super().__init__(
            "{levelname}{name}{message}{agency_id}{trace_id}{span_id}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {
            key: value
            for key, value in log_data.items()
            if key in ALLOWED_FIELDS and (value is not None or key in _ENVELOPE)
        }


def setup_logging(
    agency_id: str, *, json_lines: bool = True, level: str = "INFO", stream: TextIO | None = None
) -> None:
    """Configure the root logger of an agency process (to stderr unless ``stream``)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(_ContextFilter(agency_id))
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "faststream", "rujukan.faststream", "uvicorn.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
