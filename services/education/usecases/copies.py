"""The documents of the handling sent to the recipients the regulation names: the stop of
an examination (SKW 47(2)) and the decision (52(2)–(3)), stored and announced
(SchoolCopiesSent) in the unit of work of the command that issued them."""

from datetime import datetime

from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id
from services.education.domain import events as e
from services.education.domain.copies import DocumentCopies
from services.education.usecases.school import School


def send(
    school: School, uow: UnitOfWork, reference: str, document: DocumentCopies, now: datetime
) -> None:
    """The document leaves for its recipients; the journal names them by kind, the
    report detail by party too."""
    copies_id = new_id("c")
    event = e.copies_sent(reference, school.agency.id, copies_id, document, now)
    envelope = uow.publish(event, topic=school.journal_topic)
    school.in_unit(uow).add_copies(event, document.copies, str(envelope.id))
