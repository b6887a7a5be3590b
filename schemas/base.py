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
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TYPE_PREFIX = "id.rujukan"

SEALED = "x-sealed"
"""JSON Schema mark of a property that travels sealed to the recipient agency
(:mod:`schemas.sealing`): free text, which may carry a name."""
PERSONAL_DATA = "x-personal-data"
"""JSON Schema mark of an object that is a person's identity: every property holding
one travels sealed too."""
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
            "description or a statement. Sealed to the recipient on the wire: people "
            "type names where they should not."
        ),
        json_schema_extra={SEALED: True},
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


SEALING_ALGORITHM = "HPKE-Base-X25519-SHA256-AES128GCM"


class SealedData(BaseModel):
    """The wire form of an event's sealed values: every property marked ``x-sealed``,
    and every personal-data object, encrypted together to one agency's public key
    (HPKE, RFC 9180, base mode, single shot). Opened, the values take their places in
    the event again (``schemas.sealing`` seals and opens)."""

    model_config = ConfigDict(frozen=True)

    alg: Literal["HPKE-Base-X25519-SHA256-AES128GCM"] = Field(
        description="DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM."
    )
    kid: str = Field(
        min_length=1,
        max_length=128,
        description="The recipient's encryption key, as the public keys file names it.",
        examples=["kh-rsud.enc.3q2-7wZx1K0a"],
    )
    ct: str = Field(
        min_length=1,
        max_length=16_384,
        description=(
            "base64url (no padding) of the HPKE encapsulated key followed by the "
            "ciphertext of the sealed values. The HPKE info binds the event's type, id, "
            "source, subject, the recipient and this kid."
        ),
    )


class Sealable(BaseModel):
    """An event with values only its recipient may read (a child's identity, free
    text). On the wire they are absent and ``sealed`` holds them; a decoded event
    has them back in place and ``sealed`` empty."""

    sealed: SealedData | None = Field(
        default=None,
        description=(
            "The event's sealed values, present on the wire whenever a sealed property "
            "has a value; those properties, required or not, are then absent from the "
            "data until the recipient opens it."
        ),
    )


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
