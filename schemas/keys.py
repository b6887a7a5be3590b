"""Published agency keys: the public keys file every agency reads.

Each online agency instance has an Ed25519 key pair to sign its events (``use: sig``)
and an X25519 key pair others seal a child's identity to (``use: enc``). Only the
public halves are published, in one JSON file shaped like a JWKS (RFC 7517, OKP keys
of RFC 8037) with the fields the network adds::

    {"keys": [{"kty": "OKP", "crv": "Ed25519", "use": "sig",
               "kid": "kh-hub.sig.3q2-7wZx1K0a", "agency_id": "kh-hub",
               "x": "<raw public key, base64url>",
               "valid_from": "2026-12-06T21:00:00+00:00", "valid_until": null,
               "revoked": false}]}

A key is valid from ``valid_from`` to ``valid_until`` (open when null); a rotation
closes the old key's period after a grace time. A revoked key is valid at no time.
This module only reads and writes that shape, so an agency's own system can verify
events with ``schemas`` alone.
"""

import base64
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

SIG = "sig"
ENC = "enc"
CURVES = {SIG: "Ed25519", ENC: "X25519"}


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The inverse of :func:`b64url`; raises ValueError on anything else."""
    if not isinstance(text, str) or "=" in text:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(agency_id: str, use: str, public_key: bytes) -> str:
    """A key's id: the agency, the use and a digest of the public key, so ids never
    collide across agencies and a reader sees whose key it is."""
    return f"{agency_id}.{use}.{b64url(hashlib.sha256(public_key).digest())[:12]}"


@dataclass(frozen=True)
class PublicKeyRecord:
    """One published public key and its validity."""

    kid: str
    agency_id: str
    use: str
    public_key: bytes
    valid_from: datetime
    valid_until: datetime | None = None
    revoked: bool = False

    def valid_at(self, when: datetime) -> bool:
        """Whether the key may have made a signature dated ``when`` (never once revoked)."""
        if self.revoked or when < self.valid_from:
            return False
        return self.valid_until is None or when <= self.valid_until

    def ed25519(self) -> Ed25519PublicKey:
        if self.use != SIG:
            raise ValueError(f"{self.kid} is not a signing key")
        return _ed25519(self.public_key)

    def x25519(self) -> X25519PublicKey:
        if self.use != ENC:
            raise ValueError(f"{self.kid} is not an encryption key")
        return X25519PublicKey.from_public_bytes(self.public_key)

    def closed(self, until: datetime) -> "PublicKeyRecord":
        """This key valid no later than ``until`` (a rotation's grace end)."""
        end = until if self.valid_until is None else min(self.valid_until, until)
        return replace(self, valid_until=end)

    def to_json(self) -> dict[str, Any]:
        return {
            "kty": "OKP",
            "crv": CURVES[self.use],
            "use": self.use,
            "kid": self.kid,
            "agency_id": self.agency_id,
            "x": b64url(self.public_key),
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "revoked": self.revoked,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PublicKeyRecord":
        use = data["use"]
        if use not in CURVES or data.get("crv") != CURVES[use] or data.get("kty") != "OKP":
            raise ValueError(f"key {data.get('kid')!r}: not an OKP {use} key")
        valid_from = _aware(datetime.fromisoformat(data["valid_from"]))
        until = data.get("valid_until")
        public_key = b64url_decode(data["x"])
        if len(public_key) != 32:
            raise ValueError(f"key {data.get('kid')!r}: not a 32-byte public key")
        return cls(
            kid=str(data["kid"]),
            agency_id=str(data["agency_id"]),
            use=use,
            public_key=public_key,
            valid_from=valid_from,
            valid_until=_aware(datetime.fromisoformat(until)) if until else None,
            revoked=bool(data.get("revoked", False)),
        )


class PublicKeysError(ValueError):
    """A public keys file that cannot be read; the message names the file and why."""


def read_public_keys(path: Path) -> list[PublicKeyRecord]:
    """Every record of a public keys file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [PublicKeyRecord.from_json(item) for item in data["keys"]]
    except FileNotFoundError as exc:
        raise PublicKeysError(f"no public keys file at {path}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise PublicKeysError(f"{path}: not a public keys file ({exc})") from exc


def public_keys_json(records: list[PublicKeyRecord]) -> str:
    """The public keys file's text for ``records``."""
    return json.dumps({"keys": [r.to_json() for r in records]}, indent=2) + "\n"


@lru_cache(maxsize=4096)
def _ed25519(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("times must carry a UTC offset")
    return when
