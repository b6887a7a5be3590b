"""An agency's key ring: its own private keys and every agency's published public keys.

The private keys live in the agency's key file (``RUJUKAN_KEY_FILE``, JSON, mode 0600),
never in the repository or a database; the public keys of every agency in the public
keys file (``RUJUKAN_PUBLIC_KEYS_FILE``, see :mod:`schemas.keys`). Both are read once at
start-up and again when either file changes (checked at most once a second, by its
modification time and size), so a rotation or a revocation reaches a running agency
without a restart and no event pays for a file read.
"""

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from schemas.envelope import EncodedEvent
from schemas.keys import (
    ENC,
    SIG,
    PublicKeyRecord,
    PublicKeysError,
    b64url,
    b64url_decode,
    read_public_keys,
)
from schemas.signing import sign_fields, sign_record


class KeyRingError(RuntimeError):
    """A key ring that cannot be loaded: one line for the operator, no traceback."""


@dataclass(frozen=True)
class PrivateKeyEntry:
    """One of an agency's own keys, as its key file holds it."""

    kid: str
    use: str
    private_key: bytes
    created: datetime

    def to_json(self) -> dict[str, str]:
        return {
            "kid": self.kid,
            "use": self.use,
            "d": b64url(self.private_key),
            "created": self.created.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PrivateKeyEntry":
        if data["use"] not in (SIG, ENC):
            raise ValueError(f"key {data.get('kid')!r}: unknown use {data['use']!r}")
        return cls(
            kid=str(data["kid"]),
            use=data["use"],
            private_key=b64url_decode(data["d"]),
            created=datetime.fromisoformat(data["created"]),
        )


def read_key_file(path: Path, agency_id: str) -> list[PrivateKeyEntry]:
    """The entries of ``agency_id``'s key file, oldest first; KeyRingError if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyRingError(
            f"{agency_id}: no key file at {path} (create one with "
            f"`rujukan keys init --agency {agency_id}` and point RUJUKAN_KEY_FILE at it)"
        ) from None
    except (OSError, ValueError) as exc:
        raise KeyRingError(f"{agency_id}: cannot read the key file {path}: {exc}") from None
    try:
        if data["agency_id"] != agency_id:
            raise ValueError(f"it belongs to {data['agency_id']!r}")
        entries = [PrivateKeyEntry.from_json(item) for item in data["keys"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyRingError(f"{agency_id}: {path} is not this agency's key file ({exc})") from None
    return sorted(entries, key=lambda e: e.created)


@dataclass(frozen=True)
class _Loaded:
    """One consistent reading of both files (replaced whole, so readers in other
    threads never see half of a reload)."""

    signing: tuple[str, Ed25519PrivateKey]
    decryption: dict[str, X25519PrivateKey]
    public: dict[str, list[PublicKeyRecord]]
    stamps: tuple[tuple[int, int], tuple[int, int]]


class KeyRing:
    """What one agency signs, verifies, seals and opens with."""

    def __init__(
        self,
        agency_id: str,
        key_file: Path,
        public_keys_file: Path,
        *,
        check_interval_s: float = 1.0,
    ) -> None:
        self.agency_id = agency_id
        self.key_file = key_file
        self.public_keys_file = public_keys_file
        self._check_interval_s = check_interval_s
        self._lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._loaded = self._load()

    # --- the API ------------------------------------------------------------------

    def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        """(kid, key) of the current signing key: the newest in the key file."""
        return self._current().signing

    def verification_keys(self, agency_id: str) -> list[PublicKeyRecord]:
        """Every published signing key of ``agency_id``, whatever its state (the
        verifier decides by the event's time and revocation)."""
        return [r for r in self._current().public.get(agency_id, []) if r.use == SIG]

    def encryption_public_key(self, agency_id: str) -> tuple[str, X25519PublicKey]:
        """(kid, key) to seal to ``agency_id``: its newest encryption key valid now."""
        now = datetime.now(UTC)
        usable = [
            r for r in self._current().public.get(agency_id, []) if r.use == ENC and r.valid_at(now)
        ]
        if not usable:
            raise LookupError(f"{agency_id} publishes no valid encryption key")
        newest = max(usable, key=lambda r: r.valid_from)
        return newest.kid, newest.x25519()

    def decryption_keys(self) -> dict[str, X25519PrivateKey]:
        """This agency's encryption private keys by kid, old ones too (what was sealed
        to a key before a rotation must still open)."""
        return dict(self._current().decryption)

    def sign(self, encoded: EncodedEvent, destination: str) -> EncodedEvent:
        """``encoded`` addressed to ``destination`` and signed with the current key."""
        kid, key = self.signing_key()
        return sign_record(encoded, destination=destination, kid=kid, key=key)

    def sign_fields(self, fields: Sequence[str]) -> str:
        """A detached JWS over ``fields`` with the current key (dead letters, the
        broker-incarnation marker)."""
        kid, key = self.signing_key()
        return sign_fields(fields, kid, key)

    # --- loading ------------------------------------------------------------------

    def _current(self) -> _Loaded:
        now = time.monotonic()
        if now - self._checked_at < self._check_interval_s:
            return self._loaded
        with self._lock:
            if now - self._checked_at >= self._check_interval_s:
                self._checked_at = now
                if self._stamps() != self._loaded.stamps:
                    self._reload()
        return self._loaded

    def _reload(self) -> None:
        """Read the files again; a reading that fails (a file being replaced by hand)
        keeps the keys already loaded until the next check."""
        try:
            self._loaded = self._load()
        except KeyRingError:
            return

    def _stamps(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return _stamp(self.key_file), _stamp(self.public_keys_file)

    def _load(self) -> _Loaded:
        stamps = self._stamps()
        entries = read_key_file(self.key_file, self.agency_id)
        try:
            records = read_public_keys(self.public_keys_file)
        except PublicKeysError as exc:
            raise KeyRingError(f"{self.agency_id}: {exc}") from None
        signing = [e for e in entries if e.use == SIG]
        if not signing:
            raise KeyRingError(f"{self.agency_id}: the key file {self.key_file} has no signing key")
        current = signing[-1]
        if current.kid not in {r.kid for r in records}:
            raise KeyRingError(
                f"{self.agency_id}: the public keys file {self.public_keys_file} "
                f"does not publish the signing key {current.kid}"
            )
        public: dict[str, list[PublicKeyRecord]] = {}
        for record in records:
            public.setdefault(record.agency_id, []).append(record)
        return _Loaded(
            signing=(current.kid, Ed25519PrivateKey.from_private_bytes(current.private_key)),
            decryption={
                e.kid: X25519PrivateKey.from_private_bytes(e.private_key)
                for e in entries
                if e.use == ENC
            },
            public=public,
            stamps=stamps,
        )


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)
