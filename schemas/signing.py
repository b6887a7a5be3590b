"""Signed events: a detached JWS (RFC 7515 Appendix F) with EdDSA over Ed25519
(RFC 8037) in the ``ce_signature`` header.

What is signed (the JWS payload, never sent: the receiver rebuilds it) is one JSON
array, UTF-8, no spaces, in this order::

    ["rujukan-event-signature/1", ce_id, ce_source, ce_type, ce_subject, ce_time,
     ce_specversion, content-type, ce_destination, base64url(SHA-256(data))]

Each value is the header's text exactly as sent (a missing one is ""), so the receiver
needs no canonical form of a time or a type; JSON quoting keeps the fields apart
whatever they hold. ``ce_destination`` is the topic the sender addressed the record
to: a valid record copied into another agency's inbox does not verify there. The
header is the compact serialization with an empty payload,
``BASE64URL(protected header) + ".." + BASE64URL(signature)``, the protected header
being ``{"alg":"EdDSA","kid":"<key id>"}``.

An agency's own system signs with :func:`sign_record` and the key file's signing key,
and checks what it receives with :func:`verify_record` and the public keys file
(:mod:`schemas.keys`). The same primitives sign other records an agency writes (dead
letters, the broker-incarnation marker) over their own field lists.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from schemas.envelope import (
    H_CONTENT_TYPE,
    H_DESTINATION,
    H_ID,
    H_SIGNATURE,
    H_SOURCE,
    H_SPECVERSION,
    H_SUBJECT,
    H_TIME,
    H_TYPE,
    EncodedEvent,
)
from schemas.keys import PublicKeyRecord, b64url, b64url_decode

EVENT_CONTEXT = "rujukan-event-signature/1"
ALG = "EdDSA"
MAX_SIGNATURE_LENGTH = 512
"""A signature header longer than this is refused before it is parsed."""

SIGNED_HEADERS = (
    H_ID,
    H_SOURCE,
    H_TYPE,
    H_SUBJECT,
    H_TIME,
    H_SPECVERSION,
    H_CONTENT_TYPE,
    H_DESTINATION,
)
"""The headers an event signature covers, in signing order (then the data's digest)."""

UNSIGNED = "unsigned"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
REVOKED_KEY = "revoked_key"
EXPIRED_KEY = "expired_key"


class SignatureRejected(ValueError):
    """A signature that does not prove the record; ``reason`` is one of the names above."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True)
class Verified:
    """Which key proved a record."""

    kid: str


def event_signing_fields(headers: Mapping[str, str], data: bytes) -> list[str]:
    """The fields an event signature covers (see the module docstring)."""
    digest = b64url(hashlib.sha256(data).digest())
    return [EVENT_CONTEXT, *(headers.get(name, "") for name in SIGNED_HEADERS), digest]


def sign_fields(fields: Sequence[str], kid: str, key: Ed25519PrivateKey) -> str:
    """A compact detached JWS over the JSON array ``fields``."""
    protected = b64url(_json({"alg": ALG, "kid": kid}))
    payload = b64url(_json(list(fields)))
    signature = key.sign(f"{protected}.{payload}".encode("ascii"))
    return f"{protected}..{b64url(signature)}"


def verify_fields(
    jws: str | None,
    fields: Sequence[str],
    keys: Sequence[PublicKeyRecord],
    signed_at: datetime,
) -> Verified:
    """Check a detached JWS over ``fields`` with one of ``keys`` (the claimed sender's
    signing keys): the key must be published, not revoked, and valid at ``signed_at``.
    Raises :class:`SignatureRejected`."""
    protected, kid, signature = _parse(jws)
    record = next((k for k in keys if k.kid == kid), None)
    if record is None:
        raise SignatureRejected(UNKNOWN_KEY, f"no published key {kid!r} of the sender")
    if record.revoked:
        raise SignatureRejected(REVOKED_KEY, f"key {kid} is revoked")
    if not record.valid_at(signed_at):
        raise SignatureRejected(EXPIRED_KEY, f"key {kid} was not valid at {signed_at.isoformat()}")
    payload = b64url(_json(list(fields)))
    try:
        record.ed25519().verify(signature, f"{protected}.{payload}".encode("ascii"))
    except InvalidSignature:
        raise SignatureRejected(BAD_SIGNATURE, "the signature does not match") from None
    return Verified(kid)


def sign_record(
    encoded: EncodedEvent, *, destination: str, kid: str, key: Ed25519PrivateKey
) -> EncodedEvent:
    """``encoded`` addressed to ``destination`` (its topic) and signed."""
    kept = [(n, v) for n, v in encoded.headers if n not in (H_DESTINATION, H_SIGNATURE)]
    headers = [*kept, (H_DESTINATION, destination.encode())]
    text = {name: value.decode() for name, value in headers}
    jws = sign_fields(event_signing_fields(text, encoded.value), kid, key)
    return EncodedEvent(
        key=encoded.key, headers=[*headers, (H_SIGNATURE, jws.encode())], value=encoded.value
    )


def verify_record(
    headers: Mapping[str, str],
    data: bytes,
    keys: Sequence[PublicKeyRecord],
    signed_at: datetime,
) -> Verified:
    """Check an event's ``ce_signature`` (headers decoded as text, ``signed_at`` its
    ``ce_time``) with the sender's published signing keys."""
    return verify_fields(
        headers.get(H_SIGNATURE), event_signing_fields(headers, data), keys, signed_at
    )


def _parse(jws: str | None) -> tuple[str, str, bytes]:
    if not jws:
        raise SignatureRejected(UNSIGNED, "no ce_signature")
    if len(jws) > MAX_SIGNATURE_LENGTH:
        raise SignatureRejected(BAD_SIGNATURE, "ce_signature is too long")
    parts = jws.split(".")
    if len(parts) != 3 or parts[1]:
        raise SignatureRejected(BAD_SIGNATURE, "not a detached compact JWS")
    try:
        header = json.loads(b64url_decode(parts[0]))
        signature = b64url_decode(parts[2])
    except ValueError:
        raise SignatureRejected(BAD_SIGNATURE, "not a detached compact JWS") from None
    if not isinstance(header, dict) or header.get("alg") != ALG:
        raise SignatureRejected(BAD_SIGNATURE, "the JWS algorithm is not EdDSA")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise SignatureRejected(BAD_SIGNATURE, "the JWS names no kid")
    if set(header) - {"alg", "kid"}:
        raise SignatureRejected(BAD_SIGNATURE, "the JWS header has unknown parameters")
    return parts[0], kid, signature


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
