"""Anchors: the audit chain's head written outside the database.

A database administrator can rewrite the audit table and recompute every hash; they
cannot rewrite what was written elsewhere. The anchor file (JSON lines, appended, one
line per anchor) belongs on storage the database administrator does not control: a
separate volume, an append-only or write-once mount, a log shipper. ``rujukan audit
verify`` compares the chain with every anchor in it.

Signing: the agency signs each anchor with its Ed25519 key (a detached JWS naming the
kid, as events are signed: :func:`schemas.signing.sign_fields`) over :func:`anchor_line`,
and the line carries it as ``signature``. A database administrator who also rewrites the
anchor file, to match a recomputed chain, cannot make that signature without the agency's
key file; ``verify`` checks it against the agency's published keys
(:func:`signature_problems`).
"""

import json
import os
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from rujukan.runtime.audit.chain import Anchor, utc_text
from schemas.keys import PublicKeyRecord
from schemas.signing import SignatureRejected, verify_fields

ANCHOR_CONTEXT = "rujukan-audit-anchor/1"
"""The first signed field: an anchor's signature cannot pass for an event's or a dead
letter's."""


class Signer(Protocol):
    """The agency's key ring (:class:`rujukan.runtime.keys.KeyRing`)."""

    def sign_fields(self, fields: Sequence[str]) -> str: ...


class BadAnchors(ValueError):
    """The anchor file cannot be read as anchors."""


def anchor_line(anchor: Anchor) -> bytes:
    """The canonical encoding of an anchor (what a signature covers)."""
    fields = {
        "agency_id": anchor.agency_id,
        "seq": anchor.seq,
        "hash": anchor.hash,
        "anchored_at": utc_text(anchor.anchored_at),
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")


def anchor_fields(anchor: Anchor) -> list[str]:
    """What an anchor's signature covers."""
    return [ANCHOR_CONTEXT, anchor_line(anchor).decode("ascii")]


def signature_problems(anchors: Sequence[Anchor], keys: Sequence[PublicKeyRecord]) -> list[str]:
    """One line per anchor that the agency's published signing ``keys`` do not prove
    (unsigned, edited or forged), none when every anchor is the agency's own."""
    problems = []
    for anchor in anchors:
        where = f"anchor: record {anchor.seq} of {utc_text(anchor.anchored_at)}"
        if anchor.signature is None:
            problems.append(f"{where}: not signed (the anchor file was edited)")
            continue
        try:
            verify_fields(anchor.signature, anchor_fields(anchor), keys, anchor.anchored_at)
        except SignatureRejected as exc:
            problems.append(f"{where}: its signature does not verify ({exc.reason})")
    return problems


class AnchorFile:
    """Appends anchors to one file, and reads them back."""

    def __init__(self, path: Path, signer: Signer | None = None) -> None:
        self.path = path
        self.signer = signer
        self._lock = threading.Lock()

    def append(self, anchor: Anchor) -> None:
        """Append one line and flush it to the disk before returning."""
        line = anchor_line(anchor)
        if self.signer is not None:
            signature = self.signer.sign_fields(anchor_fields(anchor))
            fields = json.loads(line) | {"signature": signature}
            line = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("ab") as out:
            out.write(line + b"\n")
            out.flush()
            os.fsync(out.fileno())

    def read(self, agency_id: str) -> list[Anchor]:
        """The anchors of ``agency_id`` in the file (none if it does not exist)."""
        if not self.path.exists():
            return []
        try:
            lines = self.path.read_text("ascii").splitlines()
        except UnicodeDecodeError as exc:
            raise BadAnchors(f"{self.path} is not an anchor file") from exc
        anchors = []
        for number, text in enumerate(lines, start=1):
            if text.strip():
                anchor = _parse(text, number)
                if anchor.agency_id == agency_id:
                    anchors.append(anchor)
        return anchors


def _parse(text: str, number: int) -> Anchor:
    try:
        fields = json.loads(text)
        return Anchor(
            agency_id=str(fields["agency_id"]),
            seq=int(fields["seq"]),
            hash=str(fields["hash"]),
            anchored_at=datetime.fromisoformat(fields["anchored_at"]).replace(tzinfo=UTC),
            signature=None if fields.get("signature") is None else str(fields["signature"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadAnchors(f"line {number} is not an anchor") from exc
