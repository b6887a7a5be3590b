"""Creating, rotating and revoking agency keys (``rujukan keys``).

An agency's private keys go to its key file, created with mode 0600 and never
overwritten; their public halves are added to the public keys file that every agency
reads. The public keys file is rewritten whole (a temporary file renamed over it) under
a lock, so a reader never sees half a file and two commands never lose each other's
keys.
"""

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from rujukan.runtime.keys import KeyRingError, PrivateKeyEntry, read_key_file
from schemas.keys import (
    ENC,
    SIG,
    PublicKeyRecord,
    PublicKeysError,
    key_id,
    public_keys_json,
    read_public_keys,
)

DEFAULT_GRACE = timedelta(days=7)
"""How long an old signing key still verifies after a rotation: long enough for every
instance of the agency to pick up the new key and for the events it signed just
before to be delivered."""


class KeyFileError(ValueError):
    """A key command that cannot be done; the message is one line for the operator."""


def init_keys(
    agency_id: str, key_file: Path, public_keys_file: Path, now: datetime | None = None
) -> list[PublicKeyRecord]:
    """Create ``agency_id``'s first key pairs; refuse if its key file exists."""
    if key_file.exists():
        raise KeyFileError(f"{key_file} exists already: use `rujukan keys rotate` for new keys")
    when = now or datetime.now(UTC)
    entries, records = _new_pairs(agency_id, when)
    with _locked(public_keys_file):
        published = _read_or_empty(public_keys_file)
        _write_private(key_file, agency_id, entries, exclusive=True)
        _write_public(public_keys_file, published + records)
    return records


def ensure_keys(agency_id: str, key_file: Path, public_keys_file: Path) -> None:
    """Keys for ``agency_id`` unless it has some (``rujukan up``'s demo keys, kept
    across restarts of the local network)."""
    if not key_file.exists():
        init_keys(agency_id, key_file, public_keys_file)


def rotate_keys(
    agency_id: str,
    key_file: Path,
    public_keys_file: Path,
    *,
    grace: timedelta = DEFAULT_GRACE,
    now: datetime | None = None,
) -> list[PublicKeyRecord]:
    """New key pairs that sign and receive at once; the agency's older keys stay
    valid for ``grace`` (what they signed or sealed before still verifies and opens)."""
    when = now or datetime.now(UTC)
    try:
        entries = read_key_file(key_file, agency_id)
    except KeyRingError as exc:
        raise KeyFileError(str(exc)) from None
    fresh, records = _new_pairs(agency_id, when)
    with _locked(public_keys_file):
        published = [
            r.closed(when + grace) if r.agency_id == agency_id else r
            for r in _read_or_empty(public_keys_file)
        ]
        _write_private(key_file, agency_id, entries + fresh, exclusive=False)
        _write_public(public_keys_file, published + records)
    return records


def revoke_key(agency_id: str, kid: str, public_keys_file: Path) -> PublicKeyRecord:
    """Mark one of ``agency_id``'s published keys revoked: from then on it verifies
    nothing, whatever time an event claims."""
    with _locked(public_keys_file):
        published = _read_or_empty(public_keys_file)
        found = [r for r in published if r.kid == kid and r.agency_id == agency_id]
        if not found:
            raise KeyFileError(f"{agency_id} has no published key {kid!r}")
        revoked = replace(found[0], revoked=True)
        _write_public(public_keys_file, [revoked if r is found[0] else r for r in published])
    return revoked


def _new_pairs(
    agency_id: str, when: datetime
) -> tuple[list[PrivateKeyEntry], list[PublicKeyRecord]]:
    signing = Ed25519PrivateKey.generate()
    sealing = X25519PrivateKey.generate()
    pairs = [
        (SIG, signing.private_bytes_raw(), signing.public_key().public_bytes_raw()),
        (ENC, sealing.private_bytes_raw(), sealing.public_key().public_bytes_raw()),
    ]
    entries, records = [], []
    for use, private, raw in pairs:
        kid = key_id(agency_id, use, raw)
        entries.append(PrivateKeyEntry(kid=kid, use=use, private_key=private, created=when))
        records.append(PublicKeyRecord(kid, agency_id, use, raw, valid_from=when))
    return entries, records


def _read_or_empty(path: Path) -> list[PublicKeyRecord]:
    if not path.exists():
        return []
    try:
        return read_public_keys(path)
    except PublicKeysError as exc:
        raise KeyFileError(str(exc)) from None


def _write_private(
    path: Path, agency_id: str, entries: list[PrivateKeyEntry], *, exclusive: bool
) -> None:
    """Write the key file readable by its owner only (0600 from the first byte)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"agency_id": agency_id, "keys": [e.to_json() for e in entries]}, indent=2)
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return
    _replace(path, text + "\n", mode=0o600)


def _write_public(path: Path, records: list[PublicKeyRecord]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, public_keys_json(records), mode=0o644)


def _replace(path: Path, text: str, *, mode: int) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


@contextlib.contextmanager
def _locked(public_keys_file: Path) -> Iterator[None]:
    public_keys_file.parent.mkdir(parents=True, exist_ok=True)
    lock = public_keys_file.with_name(f".{public_keys_file.name}.lock")
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
