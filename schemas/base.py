"""The base of every event type, and the catalogue that maps wire types to classes.

An event class is a frozen pydantic model. Its wire type is
``id.rujukan.<entity>.<verb>.v<N>`` (CloudEvents ``type``); the class is registered
under that string, never under its Python import path, so that agencies share the
wire format and not module names.

Evolution rule (within one ``vN``): only additive, optional fields. Readers ignore
fields they do not know (``extra="ignore"``). An incompatible change is a new type
``vN+1`` plus an upcaster from the old version, registered in :mod:`schemas.catalog`.
"""

import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TYPE_PREFIX = "id.rujukan"
_TYPE_PATTERN = re.compile(r"^id\.rujukan\.([a-z][a-z_]*)\.([a-z][a-z_]*)\.v([1-9][0-9]*)$")

CaseId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$"),
    Field(
        description=(
            "The network-wide case id assigned by the intake hub when the complaint "
            "arrives. Opaque: it never encodes the child's identity."
        ),
        examples=["c-7f3a9c1e20b4"],
    ),
]
AgencyId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$"),
    Field(description="An agency-directory id.", examples=["kh-rsud"]),
]
ReferralId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$"),
    Field(description="The referral id, assigned by the referrer.", examples=["r-1b2c3d4e5f60"]),
]
DocumentRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=120),
    Field(
        description=(
            "A reference to a document kept by the issuing agency (letter or report "
            "number). The document itself never travels on the network."
        ),
        examples=["440/123/RSUD/2026"],
    ),
]
FreeText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, strip_whitespace=True),
    Field(
        description=(
            "Short administrative text. Never a child's name, a diagnosis, an injury "
            "description or a statement."
        )
    ),
]


class Event(BaseModel):
    """Base of every event: frozen and tolerant of fields it does not know."""

    model_config = ConfigDict(frozen=True, extra="ignore", use_enum_values=False)

    event_type: ClassVar[str]
    """The CloudEvents ``type``, set by :func:`event_type`."""

    @property
    def subject(self) -> str:
        """The CloudEvents ``subject`` and Kafka key: what the event is about."""
        raise NotImplementedError


class CaseEvent(Event):
    """An event about one case: its subject and Kafka key are the case id, so all
    events of a case stay in order on one partition."""

    case_id: CaseId

    @property
    def subject(self) -> str:
        return self.case_id


E = TypeVar("E", bound=type[Event])

_CATALOG: dict[str, type[Event]] = {}


def event_type(entity: str, verb: str, version: int = 1) -> Callable[[E], E]:
    """Register a class under ``id.rujukan.<entity>.<verb>.v<version>``."""

    def register(cls: E) -> E:
        name = f"{TYPE_PREFIX}.{entity}.{verb}.v{version}"
        if not _TYPE_PATTERN.match(name):
            raise ValueError(f"invalid event type {name!r}")
        if name in _CATALOG and _CATALOG[name] is not cls:
            raise ValueError(f"event type {name!r} registered twice")
        cls.event_type = name
        _CATALOG[name] = cls
        return cls

    return register


def registered_types() -> dict[str, type[Event]]:
    """Every registered event type, by wire type (import :mod:`schemas` first)."""
    return dict(_CATALOG)


def parse_type(name: str) -> tuple[str, str, int]:
    """Split a wire type into (entity, verb, version); raise ValueError if malformed."""
    match = _TYPE_PATTERN.match(name)
    if not match:
        raise ValueError(f"not a Rujukan event type: {name!r}")
    return match.group(1), match.group(2), int(match.group(3))


def example(**fields: Any) -> ConfigDict:
    """A model config carrying one documented example; a test validates every example
    against its class, so the generated docs never show an invalid event."""
    return ConfigDict(json_schema_extra={"examples": [fields]})


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the JSON data of one version into the data of the next version."""
