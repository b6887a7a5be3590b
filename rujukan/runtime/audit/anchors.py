"""Anchors: the audit chain's head written outside the database.

A database administrator can rewrite the audit table and recompute every hash; they
cannot rewrite what was written elsewhere. The anchor file (JSON lines, appended, one
line per anchor) belongs on storage the database administrator does not control: a
separate volume, an append-only or write-once mount, a log shipper. ``rujukan audit
verify`` compares the chain with every anchor in it.

Signing: when agencies have keys of their own, an anchor is signed over
:func:`anchor_line` without its signature, by a :class:`Signer`, and the line carries
``signature``. Until then anchors are unsigned and no ``signature`` field is written.
"""

import json
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rujukan.runtime.audit.chain import Anchor, utc_text


class Signer(Protocol):
    """The agency's key, signing the canonical bytes of an anchor."""

    def sign(self, payload: bytes) -> str: ...


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


class AnchorFile:
    """Appends anchors to one file, and reads them back."""

    def __init__(self, path: Path, signer: Signer | None = None) -> None:
        self.path = path
        self.signer = signer
        self._lock = threading.Lock()

    def append(self, anchor: Anchor) -> None:
        """Append one line and flush it to the disk before returning."""
        payload = anchor_line(anchor)
        line = payload
        if self.signer is not None:
            fields = json.loads(payload) | {"signature": self.signer.sign(payload)}
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
            anchored_at=datetime.fromisoformat(fields["anchored_at"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadAnchors(f"line {number} is not an anchor") from exc
