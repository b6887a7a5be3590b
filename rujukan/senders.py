"""Who may send which event type into which kind of agency's inbox, as data
(``rujukan/data/senders.csv``). Checked by every inbox after the signature: a signed
event from a real agency that its kind may not send (a desk cancelling a referral, an
agency answering its own referral to another agency's desk) has no effect.
"""

from dataclasses import dataclass
from pathlib import Path

from rujukan.datafiles import DataFileError, data_dir, read_rows
from schemas.catalog import all_event_types
from schemas.vocabulary import AgencyKind

SENDERS_FILE = "senders.csv"
SENDERS_COLUMNS = ("event_type", "senders", "recipients")


@dataclass(frozen=True)
class SenderPolicy:
    """(event type, sender kind, recipient kind) triples that are allowed."""

    allowed: frozenset[tuple[str, AgencyKind, AgencyKind]]

    def may_send(self, event_type: str, sender: AgencyKind, recipient: AgencyKind) -> bool:
        return (event_type, sender, recipient) in self.allowed


def load_sender_policy(path: Path | None = None) -> SenderPolicy:
    """Read and check the file: every type must be in the event catalogue and every
    kind one that runs software."""
    path = path if path is not None else data_dir() / SENDERS_FILE
    known = set(all_event_types())
    online: set[AgencyKind] = {k for k in AgencyKind if k is not AgencyKind.OFFLINE}
    allowed: set[tuple[str, AgencyKind, AgencyKind]] = set()
    for number, row in read_rows(path, SENDERS_COLUMNS):
        if row["event_type"] not in known:
            raise DataFileError([f"{path}:{number}: unknown event type {row['event_type']!r}"])
        senders, recipients = (_kinds(row[c], path, number, online) for c in SENDERS_COLUMNS[1:])
        allowed |= {(row["event_type"], s, r) for s in senders for r in recipients}
    return SenderPolicy(frozenset(allowed))


def _kinds(text: str, path: Path, number: int, online: set[AgencyKind]) -> list[AgencyKind]:
    kinds = []
    for word in text.split():
        try:
            kind = AgencyKind(word)
        except ValueError:
            raise DataFileError([f"{path}:{number}: unknown agency kind {word!r}"]) from None
        if kind not in online:
            raise DataFileError([f"{path}:{number}: {word} runs no software"])
        kinds.append(kind)
    return kinds
