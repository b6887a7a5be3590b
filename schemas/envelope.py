"""CloudEvents 1.0 in Kafka binary mode: the envelope travels in headers, the data is
the record value (JSON), and the record key is the case id so that one case stays
in order on one partition.

Headers::

    ce_specversion  "1.0"
    ce_id           UUID, also the consumers' de-duplication key
    ce_source       the sending agency's directory id
    ce_type         id.rujukan.<entity>.<verb>.v<N>
    ce_time         RFC 3339 UTC time the event happened
    ce_subject      the case id
    content-type    application/json
    traceparent     W3C trace context of the producing operation (optional)
    tracestate      W3C trace state (optional)
    ce_causationid  the ce_id of the event this one answers (optional)
    ce_destination  the topic the sender addressed the record to (signed)
    ce_signature    the sender's detached JWS (EdDSA) over the attributes above, the
                    destination and the data (:mod:`schemas.signing`)

The data's sealed values (a child's identity, free text) are encrypted to the agency
the record is for and travel in its ``sealed`` property (:mod:`schemas.sealing`):
:func:`encode` seals them, :func:`decode` opens them, so the signature covers the
ciphertext.
"""

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.base import Event, parse_type
from schemas.catalog import resolve
from schemas.sealing import (
    NO_SEALING_KEY,
    SEALED_FIELD,
    SEALED_TO_ANOTHER_AGENCY,
    OpeningKeys,
    Path,
    SealContext,
    SealingError,
    SealingKey,
    check_nothing_in_clear,
    open_sealed,
    seal,
    sealed_paths,
)

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"

H_SPECVERSION = "ce_specversion"
H_ID = "ce_id"
H_SOURCE = "ce_source"
H_TYPE = "ce_type"
H_TIME = "ce_time"
H_SUBJECT = "ce_subject"
H_CONTENT_TYPE = "content-type"
H_TRACEPARENT = "traceparent"
H_TRACESTATE = "tracestate"
H_CAUSATION = "ce_causationid"
H_SIGNATURE = "ce_signature"
H_DESTINATION = "ce_destination"

KafkaHeaders = list[tuple[str, bytes]]


def new_event_id() -> uuid.UUID:
    """A random (version 4) UUID for a ``ce_id``, from the operating system's secure
    generator: receivers de-duplicate by (source, id), and an id a forger could predict
    would let them pre-empt a real event."""
    return uuid.uuid4()


def headers_schema() -> dict[str, Any]:
    """The Kafka headers of an event as a JSON Schema (for the AsyncAPI document)."""
    text = {"type": "string"}
    described = {
        H_SPECVERSION: "CloudEvents spec version, 1.0.",
        H_ID: "Event id (random UUID); receivers de-duplicate by (ce_source, ce_id).",
        H_SOURCE: "The sending agency's directory id.",
        H_TYPE: "id.rujukan.<entity>.<verb>.v<N>.",
        H_TIME: "RFC 3339 time the event happened; refused far from the receipt time.",
        H_SUBJECT: "The case id (also the record key).",
        H_CONTENT_TYPE: "application/json.",
        H_DESTINATION: "The topic the sender addressed the record to (signed).",
        H_SIGNATURE: (
            "Detached compact JWS, EdDSA (RFC 7515 Appendix F, RFC 8037): "
            "BASE64URL({alg: EdDSA, kid})..BASE64URL(signature) over the JSON array "
            '["rujukan-event-signature/1", ce_id, ce_source, ce_type, ce_subject, ce_time, '
            "ce_specversion, content-type, ce_destination, BASE64URL(SHA-256(data))]; "
            "verified with the sender's key from the public keys file."
        ),
        H_TRACEPARENT: "W3C trace context (optional).",
        H_TRACESTATE: "W3C trace state (optional).",
        H_CAUSATION: "The ce_id of the event this one answers (optional).",
    }
    required = [H_SPECVERSION, H_ID, H_SOURCE, H_TYPE, H_TIME, H_SUBJECT]
    return {
        "type": "object",
        "properties": {name: {**text, "description": d} for name, d in described.items()},
        "required": [*required, H_DESTINATION, H_SIGNATURE],
    }


class Envelope(BaseModel):
    """The CloudEvents context attributes of one event."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=new_event_id, description="ce_id; de-duplication key.")
    source: str = Field(description="The sending agency's directory id.", examples=["kh-hub"])
    type: str = Field(examples=["id.rujukan.referral.issued.v1"])
    subject: str = Field(description="The case id.", examples=["c-7f3a9c1e20b4"])
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    specversion: str = SPECVERSION
    traceparent: str | None = None
    tracestate: str | None = None
    causation_id: uuid.UUID | None = None
    signature: str | None = None


class InvalidEvent(ValueError):
    """A record that is not a valid Rujukan event; the message says why."""


class UnsealedEvent(InvalidEvent):
    """A well-formed record whose sealed values are not for this reader, do not open,
    or are missing (in clear). Carries the envelope, so a reader can check who sent the
    record before it says why it refuses it."""

    def __init__(self, message: str, envelope: Envelope) -> None:
        super().__init__(message)
        self.envelope = envelope


class EncodedEvent(BaseModel):
    """What goes on the wire: Kafka key, headers and value."""

    model_config = ConfigDict(frozen=True)

    key: bytes
    headers: KafkaHeaders
    value: bytes


def envelope_for(
    event: Event,
    *,
    source: str,
    causation_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    time: datetime | None = None,
    traceparent: str | None = None,
    tracestate: str | None = None,
) -> Envelope:
    """Build the envelope of ``event`` sent by ``source`` (every value is typed here,
    so the model is built without validating it again)."""
    return Envelope.model_construct(
        id=event_id or new_event_id(),
        source=source,
        type=event.event_type,
        subject=event.subject,
        time=time or datetime.now(UTC),
        specversion=SPECVERSION,
        traceparent=traceparent,
        tracestate=tracestate,
        causation_id=causation_id,
        signature=None,
    )


def encode(event: Event, envelope: Envelope, seal_to: SealingKey | None = None) -> EncodedEvent:
    """Serialise ``event`` with its envelope for a Kafka producer, its sealed values
    (:mod:`schemas.sealing`) encrypted to ``seal_to``, the agency the topic belongs to.
    An event holding a sealed value and no key to seal it to is refused: nothing
    leaves in clear."""
    if envelope.subject != event.subject:
        raise InvalidEvent(f"envelope subject {envelope.subject!r} is not the event's subject")
    if envelope.type != event.event_type:
        raise InvalidEvent(f"envelope type {envelope.type!r} is not {event.event_type!r}")
    return EncodedEvent(
        key=event.subject.encode(),
        headers=to_headers(envelope),
        value=_data(event, envelope, seal_to),
    )


def _data(event: Event, envelope: Envelope, seal_to: SealingKey | None) -> bytes:
    paths = sealed_paths(event)
    if not paths:
        return event.model_dump_json(exclude={SEALED_FIELD}).encode()
    if seal_to is None:
        where = ", ".join(str(path[0]) for path in paths)
        raise InvalidEvent(f"{NO_SEALING_KEY}: {event.event_type} holds sealed values ({where})")
    data = event.model_dump(mode="json", exclude={SEALED_FIELD})
    sealed = seal(data, paths, seal_to, _context(envelope))
    return json.dumps(sealed, separators=(",", ":"), ensure_ascii=False).encode()


def _context(envelope: Envelope) -> SealContext:
    return SealContext(
        type=envelope.type, id=envelope.id, source=envelope.source, subject=envelope.subject
    )


def to_headers(envelope: Envelope) -> KafkaHeaders:
    """The envelope as Kafka record headers (binary content mode)."""
    headers: KafkaHeaders = [
        (H_SPECVERSION, envelope.specversion.encode()),
        (H_ID, str(envelope.id).encode()),
        (H_SOURCE, envelope.source.encode()),
        (H_TYPE, envelope.type.encode()),
        (H_TIME, envelope.time.astimezone(UTC).isoformat().encode()),
        (H_SUBJECT, envelope.subject.encode()),
        (H_CONTENT_TYPE, CONTENT_TYPE.encode()),
    ]
    optional = {
        H_TRACEPARENT: envelope.traceparent,
        H_TRACESTATE: envelope.tracestate,
        H_CAUSATION: str(envelope.causation_id) if envelope.causation_id else None,
        H_SIGNATURE: envelope.signature,
    }
    headers.extend((name, value.encode()) for name, value in optional.items() if value)
    return headers


def header_map(headers: Iterable[tuple[str, bytes | None]] | None) -> dict[str, str]:
    """Kafka headers as a dict of strings (last one wins; undecodable bytes replaced)."""
    return {name: (value or b"").decode("utf-8", "replace") for name, value in headers or ()}


def envelope_from(h: dict[str, str]) -> Envelope:
    """Parse and check CloudEvents headers already decoded by :func:`header_map`."""
    missing = [
        name
        for name in (H_SPECVERSION, H_ID, H_SOURCE, H_TYPE, H_TIME, H_SUBJECT)
        if not h.get(name)
    ]
    if missing:
        raise InvalidEvent(f"missing CloudEvents header(s): {', '.join(missing)}")
    if h[H_SPECVERSION] != SPECVERSION:
        raise InvalidEvent(f"unsupported ce_specversion {h[H_SPECVERSION]!r}")
    content_type = h.get(H_CONTENT_TYPE, CONTENT_TYPE)
    if content_type.split(";")[0].strip() != CONTENT_TYPE:
        raise InvalidEvent(f"unsupported content-type {content_type!r}")
    try:
        return Envelope(
            id=uuid.UUID(h[H_ID]),
            source=h[H_SOURCE],
            type=h[H_TYPE],
            subject=h[H_SUBJECT],
            time=datetime.fromisoformat(h[H_TIME]),
            traceparent=h.get(H_TRACEPARENT) or None,
            tracestate=h.get(H_TRACESTATE) or None,
            causation_id=uuid.UUID(h[H_CAUSATION]) if h.get(H_CAUSATION) else None,
            signature=h.get(H_SIGNATURE) or None,
        )
    except ValueError as exc:
        raise InvalidEvent(f"malformed CloudEvents header: {_first_line(exc)}") from exc


def decode(
    headers: Sequence[tuple[str, bytes | None]] | None,
    value: bytes | None,
    open_with: OpeningKeys | None = None,
) -> tuple[Envelope, Event]:
    """Parse a record into its envelope and current-version event; raise InvalidEvent.

    Older versions are upcast here, so handlers only ever see current event classes.
    Sealed values are opened with ``open_with``, the recipient's keys; an event that
    holds a sealed value in clear, or sealed to someone else, is invalid.
    """
    return decode_mapped(header_map(headers), value, open_with)


def decode_mapped(
    h: dict[str, str], value: bytes | None, open_with: OpeningKeys | None = None
) -> tuple[Envelope, Event]:
    """:func:`decode` for headers already decoded by :func:`header_map`."""
    envelope = envelope_from(h)
    try:
        parse_type(envelope.type)
    except ValueError as exc:
        raise InvalidEvent(str(exc)) from exc
    try:
        data: Any = json.loads(value or b"")
    except ValueError as exc:
        raise InvalidEvent(f"data is not JSON: {_first_line(exc)}") from exc
    if not isinstance(data, dict):
        raise InvalidEvent("data is not a JSON object")
    data, opened = _open(data, envelope, open_with)
    try:
        cls, data = resolve(envelope.type, data)
    except KeyError as exc:
        raise InvalidEvent(f"unknown event type {envelope.type!r}") from exc
    try:
        event = cls.model_validate(data)
    except ValidationError as exc:
        raise InvalidEvent(f"{envelope.type}: {describe_validation_error(exc)}") from exc
    if event.subject != envelope.subject:
        raise InvalidEvent(
            f"ce_subject {envelope.subject!r} does not match the data's subject {event.subject!r}"
        )
    try:
        check_nothing_in_clear(event, opened)
    except SealingError as exc:
        raise UnsealedEvent(str(exc), envelope) from exc
    return envelope, event


def _open(
    data: dict[str, Any], envelope: Envelope, open_with: OpeningKeys | None
) -> tuple[dict[str, Any], list[Path]]:
    """The data with its sealed values in place (before validation: the event's model
    is the opened one)."""
    if data.get(SEALED_FIELD) is None:
        data.pop(SEALED_FIELD, None)
        return data, []
    if open_with is None:
        message = f"{SEALED_TO_ANOTHER_AGENCY}: this reader holds no opening key"
        raise UnsealedEvent(message, envelope)
    try:
        return open_sealed(data, open_with, _context(envelope))
    except SealingError as exc:
        raise UnsealedEvent(str(exc), envelope) from exc


def describe_validation_error(exc: ValidationError) -> str:
    """A one-line, field-naming summary of a pydantic error (no input values: they
    may hold personal data)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
