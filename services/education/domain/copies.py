"""Who is sent a document of the handling (SKW Pasal 47(2), 52(2)–(3)), read from the
records a command caused.

* The stop of an examination is "disampaikan kepada" the school head, the Kepala Dinas,
  the reported person and the reporter or victim (47(2) a–d).
* A copy of the decision goes to the reported person, to the Dinas for a decision the
  school head signed or to the school for one the Kepala Dinas signed (52(2) a–c), and
  to a reported pupil's parents (52(3)).
* The decision on an objection (SKW 63–64) is final (63(8)) but the regulation names no
  one it is sent to, so nothing is sent for it here.

The recipients are decided where the records are made (:func:`~.examination.stop`,
:func:`~.follow_up.issue_decision`); this module only says which documents leave.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from schemas.school import NoticeRecipient, SchoolDocument
from services.education.domain.records import DecisionIssued, ExaminationStopped, Record
from services.education.domain.values import Notice

STOP_ARTICLE = "SKW Pasal 47(2)"
DECISION_ARTICLE = "SKW Pasal 52(2)"
PARENTS_ARTICLE = "52(3)"


@dataclass(frozen=True)
class DocumentCopies:
    """One document and everyone it is sent to, one :class:`Notice` per person."""

    document: SchoolDocument
    article: str
    issued_on: date
    copies: tuple[Notice, ...]

    @property
    def recipients(self) -> tuple[NoticeRecipient, ...]:
        """Each kind of recipient once, in the order the regulation lists them."""
        return tuple(dict.fromkeys(copy.recipient for copy in self.copies))


def copies_to_send(records: Iterable[Record]) -> tuple[DocumentCopies, ...]:
    """The documents ``records`` issued that the regulation sends to named recipients."""
    sent: list[DocumentCopies] = []
    for record in records:
        if isinstance(record, ExaminationStopped):
            stop = record.stop
            sent.append(
                DocumentCopies(SchoolDocument.EXAMINATION_STOP, STOP_ARTICLE, stop.on, stop.notices)
            )
        elif isinstance(record, DecisionIssued):
            decision = record.decision
            to_parents = any(
                copy.recipient is NoticeRecipient.PARENTS_OF_REPORTED_PUPIL
                for copy in decision.copies
            )
            article = DECISION_ARTICLE + (f", {PARENTS_ARTICLE}" if to_parents else "")
            sent.append(
                DocumentCopies(SchoolDocument.DECISION, article, decision.on, decision.copies)
            )
    return tuple(sent)
