"""The catalogue of event types and the one place where old versions are upcast.

Handlers see only current classes: :func:`resolve` walks an old type through its
upcasters until it reaches a registered current type.
"""

from typing import Any

from schemas.base import Event, Upcaster, registered_types

UPCASTERS: dict[str, tuple[str, Upcaster]] = {}
"""old wire type -> (next wire type, data upcaster). Empty until a v2 exists."""


def resolve(wire_type: str, data: dict[str, Any]) -> tuple[type[Event], dict[str, Any]]:
    """The current class for ``wire_type`` and ``data`` upcast to it; KeyError if unknown."""
    types = registered_types()
    seen = set()
    while wire_type not in types:
        if wire_type in seen or wire_type not in UPCASTERS:
            raise KeyError(wire_type)
        seen.add(wire_type)
        wire_type, upcast = UPCASTERS[wire_type]
        data = upcast(data)
    return types[wire_type], data


def all_event_types() -> dict[str, type[Event]]:
    """Every current event class by wire type, with every event module imported."""
    import schemas.events  # noqa: F401  (registers the event classes)

    return registered_types()
