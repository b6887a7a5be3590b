"""The hash chain of the audit trail: pure, no database.

Each record's hash is SHA-256 over the previous record's hash and a canonical encoding
of the record's own fields (its sequence number included), so editing a row, inserting
one, deleting one or reordering them breaks the chain at that row. What the chain alone
cannot show — a tail deleted, or the whole chain recomputed by someone with write access
to the database — the anchors written outside it show (:func:`verify`).
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from rujukan.stamps import aware

GENESIS = "0" * 64
"""The previous hash of the first record."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What one audit record says, before it is chained. Ids only: never a name or a
    free text that could carry one."""

    actor_id: str
    actor_roles: str
    """The actor's roles, sorted, comma-separated."""
    actor_agency: str | None
    action: str
    outcome: str
    """The HTTP status of a command, or ``ok`` / ``refused``."""
    case_id: str | None = None
    referral_id: str | None = None
    report_ref: str | None = None
    purpose: str | None = None
    """Why personal data was processed, where a regulation asks for one."""


@dataclass(frozen=True, slots=True)
class Record:
    """One row of the chain."""

    seq: int
    recorded_at: datetime
    entry: Entry
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """The chain's head as written outside the database at one moment."""

    agency_id: str
    seq: int
    hash: str
    anchored_at: datetime
    signature: str | None = None
    """The agency's detached JWS over the other fields (see ``anchors.py``)."""


def utc_text(moment: datetime) -> str:
    """A moment in UTC, to the microsecond, as both databases give it back (SQLite
    returns naive datetimes: they are UTC)."""
    return aware(moment).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def canonical(seq: int, recorded_at: datetime, entry: Entry) -> bytes:
    """The bytes a record's hash covers: sorted keys, no whitespace, ASCII."""
    fields = {"seq": seq, "recorded_at": utc_text(recorded_at), **asdict(entry)}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")


def chain_hash(prev_hash: str, seq: int, recorded_at: datetime, entry: Entry) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(canonical(seq, recorded_at, entry))
    return digest.hexdigest()


def chained(prev_seq: int, prev_hash: str, recorded_at: datetime, entry: Entry) -> Record:
    """The record that follows ``(prev_seq, prev_hash)``."""
    seq = prev_seq + 1
    return Record(
        seq, recorded_at, entry, prev_hash, chain_hash(prev_hash, seq, recorded_at, entry)
    )


def verify(
    records: Iterable[Record],
    head: tuple[int, str] | None,
    anchors: Sequence[Anchor],
) -> list[str]:
    """Every problem found, one line each; none when the chain is intact.

    ``records`` in sequence order; ``head`` the chain-head row; ``anchors`` what was
    written outside the database."""
    problems: list[str] = []
    hashes: dict[int, str] = {}
    prev_seq, prev_hash = 0, GENESIS
    for record in records:
        problems.extend(_check(record, prev_seq, prev_hash))
        hashes[record.seq] = record.hash
        prev_seq, prev_hash = record.seq, record.hash
    if head is not None and head != (prev_seq, prev_hash):
        problems.append(
            f"head: the chain head names record {head[0]}, the chain ends at record {prev_seq}"
        )
    problems.extend(_against_anchors(hashes, prev_seq, anchors))
    return problems


def _check(record: Record, prev_seq: int, prev_hash: str) -> list[str]:
    seq = record.seq
    problems = []
    if seq > prev_seq + 1:
        missing = f"{prev_seq + 1}" if seq == prev_seq + 2 else f"{prev_seq + 1}-{seq - 1}"
        problems.append(f"record {missing}: missing (deleted)")
    if record.hash != chain_hash(record.prev_hash, seq, record.recorded_at, record.entry):
        problems.append(f"record {seq}: its hash does not match its fields (edited)")
    if record.prev_hash != prev_hash:
        problems.append(
            f"record {seq}: does not follow record {prev_seq} (inserted, or one before it changed)"
        )
    return problems


def _against_anchors(hashes: dict[int, str], last: int, anchors: Sequence[Anchor]) -> list[str]:
    problems = []
    beyond = [a for a in anchors if a.seq > last]
    if beyond:
        furthest = max(beyond, key=lambda a: a.seq)
        problems.append(
            f"anchor: record {furthest.seq} was anchored at {utc_text(furthest.anchored_at)}, "
            f"the chain ends at record {last} (truncated)"
        )
    for anchor in anchors:
        found = hashes.get(anchor.seq)
        if found is not None and found != anchor.hash:
            problems.append(
                f"anchor: record {anchor.seq} differs from its anchor of "
                f"{utc_text(anchor.anchored_at)} (the chain was rewritten)"
            )
    return problems
