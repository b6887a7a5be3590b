"""Sealed values: a child's identity and free text, readable by the recipient only.

Anyone who can read the broker (every agency host of a district connects to it) would
read what travels in clear, and outboxes and dead letters keep it. So every property
the JSON Schema marks ``x-sealed`` (free text, which may carry a name) and every
property holding a personal-data object (``x-personal-data``: a child's identity) is
taken out of the event's data when it is encoded for its destination and travels in
``sealed`` (:class:`schemas.base.SealedData`), encrypted to the public key of the agency
the topic belongs to. Which values are sealed is read from the event's schema, never
from a list: a new free-text field is sealed without anyone remembering to.

The encryption is HPKE (RFC 9180), base mode, single shot, with the suite
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, from PyCA ``cryptography``
(``cryptography.hazmat.primitives.hpke``, since 47.0). The HPKE ``info`` binds the
event's type, id, source and subject, the recipient and the key id, so a sealed value
copied into another event, or an event copied into another agency's inbox, does not
open. The plaintext is padded to a multiple of :data:`PAD_TO` bytes so that its length
tells little about a name's.
"""

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import cache
from types import NoneType
from typing import Annotated, Any, Literal, get_args, get_origin

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from pydantic import BaseModel

from schemas.base import PERSONAL_DATA, SEALED, SEALING_ALGORITHM, SealedData
from schemas.keys import b64url, b64url_decode

SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)
INFO_LABEL = b"rujukan sealed v1 "
PAD_TO = 64
SEALED_FIELD = "sealed"

Path = tuple[str | int, ...]
"""Where a sealed value sits in the event's data: property names and list indexes."""


class SealingError(ValueError):
    """A sealed value that cannot be made or opened. ``code`` is the dead-letter reason;
    the message names keys and properties, never a value."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


SEALED_TO_ANOTHER_AGENCY = "sealed_to_another_agency"
SEAL_DOES_NOT_OPEN = "seal_does_not_open"
UNSEALED_PERSONAL_DATA = "unsealed_personal_data"
NO_SEALING_KEY = "no_sealing_key"


@dataclass(frozen=True)
class SealingKey:
    """The recipient's published encryption key: who, which key, the key."""

    recipient: str
    kid: str
    public_key: X25519PublicKey


@dataclass(frozen=True)
class OpeningKeys:
    """What a recipient opens with: its agency id and its private keys by kid (old ones
    too, so what was sealed before a rotation still opens)."""

    recipient: str
    keys: Mapping[str, X25519PrivateKey]


@dataclass(frozen=True)
class SealContext:
    """The event a sealed value belongs to, bound into the HPKE ``info``."""

    type: str
    id: uuid.UUID
    source: str
    subject: str

    def info(self, recipient: str, kid: str) -> bytes:
        fields = [self.type, str(self.id), self.source, self.subject, recipient, kid]
        return INFO_LABEL + json.dumps(fields, separators=(",", ":")).encode()


# --- which values are sealed -----------------------------------------------------------


def sealed_paths(model: BaseModel) -> list[Path]:
    """Every sealed value that ``model`` holds (``None`` is no value), in field order,
    nested models and lists of models included."""
    return list(_walk(model, ()))


def _walk(model: BaseModel, prefix: Path) -> Iterator[Path]:
    for name, marked in _fields_to_walk(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if marked:
            yield (*prefix, name)
        elif isinstance(value, BaseModel):
            yield from _walk(value, (*prefix, name))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, (*prefix, name, index))


@cache
def _fields_to_walk(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of ``cls`` that can hold a sealed value, each with whether it is one:
    the sealed properties, and the fields whose type can hold a model. A string, a
    number or a date field cannot, and is not looked at for every event."""
    marked = sealed_properties(cls)
    return tuple(
        (name, name in marked)
        for name, field in cls.model_fields.items()
        if name != SEALED_FIELD and (name in marked or _may_hold_models(field.annotation))
    )


def _may_hold_models(annotation: Any) -> bool:
    """Whether a value of ``annotation`` can be or contain a model (``Any``, an object
    or an unparameterised container can)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    if get_origin(annotation) is Literal:
        return False
    if get_origin(annotation) is Annotated:
        return _may_hold_models(get_args(annotation)[0])
    arguments = get_args(annotation)
    if arguments:
        return any(_may_hold_models(argument) for argument in arguments)
    origin = get_origin(annotation) or annotation
    return not (isinstance(origin, type) and issubclass(origin, _SCALARS))


_SCALARS = (
    *(str, bytes, int, float, bool, Enum, NoneType),
    *(uuid.UUID, date, datetime, time, timedelta),
)
"""Types whose values hold no model."""


def learn_sealed_properties() -> None:
    """Read the sealed properties of every model of the contract now.

    :func:`sealed_properties` reads a model's JSON Schema once per class and process; a
    process that forks agencies calls this first, so that they do not each build the
    schemas while their first events wait."""
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            if model.__module__.startswith("schemas."):
                sealed_properties(model)


@cache
def sealed_properties(cls: type[BaseModel]) -> frozenset[str]:
    """The properties of ``cls`` its JSON Schema marks as sealed: ``x-sealed`` on the
    property or on one of its variants, or a personal-data object."""
    schema = cls.model_json_schema()
    defs = schema.get("$defs", {})
    return frozenset(
        name
        for name, prop in schema.get("properties", {}).items()
        if any(_marked(variant, defs) for variant in _variants(prop))
    )


def _variants(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [prop, *prop.get("anyOf", []), *prop.get("oneOf", [])]


def _marked(schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    if schema.get(SEALED) or schema.get(PERSONAL_DATA):
        return True
    ref = schema.get("$ref")
    return bool(ref) and bool(defs.get(str(ref).rsplit("/", 1)[-1], {}).get(PERSONAL_DATA))


# --- sealing and opening -----------------------------------------------------------------


def seal(
    data: dict[str, Any], paths: list[Path], key: SealingKey, context: SealContext
) -> dict[str, Any]:
    """``data`` (an event's JSON) with the values at ``paths`` taken out and sealed to
    ``key`` into ``sealed``. Without paths, ``data`` unchanged."""
    if not paths:
        return data
    values = [[list(path), _take(data, path)] for path in paths]
    plaintext = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    plaintext += b" " * (-len(plaintext) % PAD_TO)
    ciphertext = SUITE.encrypt(plaintext, key.public_key, info=context.info(key.recipient, key.kid))
    sealed = SealedData(alg=SEALING_ALGORITHM, kid=key.kid, ct=b64url(ciphertext))
    data[SEALED_FIELD] = sealed.model_dump()
    return data


def open_sealed(
    data: dict[str, Any], keys: OpeningKeys, context: SealContext
) -> tuple[dict[str, Any], list[Path]]:
    """``data`` with its sealed values back in place, and their paths; raises
    :class:`SealingError` when they are not for this recipient or do not open."""
    raw = data.pop(SEALED_FIELD, None)
    if raw is None:
        return data, []
    try:
        sealed = SealedData.model_validate(raw)
    except ValueError as exc:
        raise SealingError(SEAL_DOES_NOT_OPEN, "malformed sealed data") from exc
    private_key = keys.keys.get(sealed.kid)
    if private_key is None:
        raise SealingError(
            SEALED_TO_ANOTHER_AGENCY,
            f"sealed to key {sealed.kid!r}, which is not a key of {keys.recipient}",
        )
    try:
        plaintext = SUITE.decrypt(
            b64url_decode(sealed.ct),
            private_key,
            info=context.info(keys.recipient, sealed.kid),
        )
        values = json.loads(plaintext)
        paths = [_put(data, path, value) for path, value in values]
    except (InvalidTag, ValueError, TypeError, KeyError, IndexError) as exc:
        raise SealingError(
            SEAL_DOES_NOT_OPEN, f"sealed data for key {sealed.kid!r} does not open here"
        ) from exc
    return data, paths


def check_nothing_in_clear(model: BaseModel, opened: list[Path]) -> None:
    """Refuse an event that held sealed values in clear, or a sealed value where its
    schema has no sealed property: names the properties, never the values."""
    expected, got = set(sealed_paths(model)), set(opened)
    if expected != got:
        where = ", ".join(sorted(_dotted(p) for p in expected ^ got))
        raise SealingError(UNSEALED_PERSONAL_DATA, f"not sealed as the schema marks: {where}")


def _take(data: dict[str, Any], path: Path) -> Any:
    *parents, last = path
    holder: Any = data
    for step in parents:
        holder = holder[step]
    return holder.pop(last)


def _put(data: dict[str, Any], path: Any, value: Any) -> Path:
    if not isinstance(path, list) or not path or not isinstance(path[-1], str):
        raise ValueError("not a path")
    holder: Any = data
    for step in path[:-1]:
        holder = holder[step]
    if not isinstance(holder, dict) or path[-1] in holder:
        raise ValueError("a sealed value has no place there")
    holder[path[-1]] = value
    return tuple(path)


def _dotted(path: Path) -> str:
    return ".".join(str(step) for step in path)
