"""Structured logs: one JSON object per line with the agency, case id and trace id.

Log calls pass identifiers through ``extra`` (``case_id``, ``event_id``,
``referral_id``); payloads are never logged, so a child's name cannot reach a log.
"""

import json
import logging
import sys
from datetime import UTC, datetime
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
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, default=str)


def setup_logging(agency_id: str, *, json_lines: bool = True, level: str = "INFO") -> None:
    """Configure the root logger of an agency process."""
    handler = logging.StreamHandler(sys.stderr)
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
