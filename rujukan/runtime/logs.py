"""Structured logs: one JSON object per line with the agency, case id and trace id.

Log calls pass identifiers through ``extra`` (``case_id``, ``event_id``,
``referral_id``); payloads are never logged, so a child's name cannot reach a log.
"""

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from opentelemetry import trace

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


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "agency_id": getattr(record, "agency_id", None),
            "trace_id": getattr(record, "trace_id", None),
            "span_id": getattr(record, "span_id", None),
        }
        entry.update({f: getattr(record, f) for f in _FIELDS if getattr(record, f, None)})
        if record.exc_info and record.exc_info[1] is not None:
            entry["error"] = error_types(record.exc_info[1])
            entry["stack"] = safe_stack(record.exc_info[2])
        return json.dumps(entry, default=str)


class SafeTextFormatter(logging.Formatter):
    """Plain lines, with an exception's types and stack but not its message."""

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text  # another handler's full text, message included
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        if ei[1] is None:
            return ""
        return f"{error_types(ei[1])}\n{safe_stack(ei[2])}"


def error_types(error: BaseException) -> str:
    """An exception by type, with the types of what caused it: an exception's message
    may carry a value (a name in a failed INSERT, an input pydantic quotes), so a log
    names its type only."""
    names = [type(error).__name__]
    cause = error.__cause__ or error.__context__
    while cause is not None and len(names) < 5:
        names.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    return " <- ".join(names)


def safe_stack(tb: TracebackType | None) -> str:
    """Where it failed, frame by frame (file, line, function, source line), without
    the exception's message or any local value."""
    return "".join(traceback.format_tb(tb)).rstrip()


def setup_logging(agency_id: str, *, json_lines: bool = True, level: str = "INFO") -> None:
    """Configure the root logger of an agency process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ContextFilter(agency_id))
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(SafeTextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "faststream", "rujukan.faststream", "uvicorn.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
