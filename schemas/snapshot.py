"""JSON Schemas of the event types, and the checked-in snapshots they are compared
with (``schemas/snapshots/<type>.json``)."""

import json
from pathlib import Path
from typing import Any

from schemas.catalog import all_event_types

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"


def json_schema(wire_type: str) -> dict[str, Any]:
    """The JSON Schema of one event type, with its wire type as ``$id``."""
    schema = all_event_types()[wire_type].model_json_schema()
    return {"$id": wire_type, **schema}


def all_json_schemas() -> dict[str, dict[str, Any]]:
    return {wire_type: json_schema(wire_type) for wire_type in sorted(all_event_types())}


def write_json_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for wire_type, schema in all_json_schemas().items():
        path = directory / f"{wire_type}.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def read_snapshot(wire_type: str) -> dict[str, Any] | None:
    path = SNAPSHOT_DIR / f"{wire_type}.json"
    return json.loads(path.read_text()) if path.exists() else None
