"""Opening a school report: a report through a channel of SKW Pasal 41, or a TPPK or
Satgas finding without one, which starts at the examination (36(3)). What BTG 18 owes
for it leaves in the same unit of work (:mod:`.duties`)."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from rujukan.stamps import new_id
from schemas.school import Impact, ReportChannel, ViolenceForm
from services.education.domain import (
    Party,
    PartyIdentity,
    SchoolReport,
    receive_report,
    rules,
)
from services.education.domain import events as e
from services.education.domain.dates import not_after_today
from services.education.domain.procedure import RECEIVE_REPORT, RECORD_FINDING
from services.education.usecases import deadlines, duties
from services.education.usecases.school import School

log = logging.getLogger("rujukan.education")


@dataclass(frozen=True, slots=True)
class Opening:
    """What opens a school report: a report through ``channel`` (SKW 41), or a finding
    without one (36(3)), received or found ``on`` a day (today when None)."""

    channel: ReportChannel | None
    schools: Sequence[str]
    parties: Sequence[Party] = ()
    identities: Sequence[PartyIdentity] = ()
    forms: Sequence[ViolenceForm] = ()
    impacts: Sequence[Impact] = ()
    on: date | None = None
    request_letter_ref: str | None = None


def open_report(school: School, opening: Opening) -> SchoolReport:
    """A report (``channel`` set) or a finding, routed to its handler (SKW 37–38)."""
    school.school_procedure.require(
        RECEIVE_REPORT if opening.channel is not None else RECORD_FINDING
    )
    reference = new_id(f"sch-{school.agency.id}")
    known = {i.party_id: i for i in opening.identities}
    try:
        result = receive_report(
            reference=reference,
            channel=opening.channel,
            received_on=not_after_today(opening.on, school.today()),
            schools=opening.schools,
            parties=opening.parties,
            forms=opening.forms,
            impacts=opening.impacts,
        )
    except ValidationError as exc:
        raise rules.SCHOOL_REPORT_CONSISTENT.error(
            f"the report is inconsistent: {exc.errors()[0]['msg']}"
        ) from exc
    report = result.report
    for party_id in known:
        report.party(party_id)  # an identity of nobody in the report: 404
    now = school.clock()
    with school.unit_of_work() as uow:
        repo = school.in_unit(uow)
        repo.add_report(report, now)
        repo.append_records(reference, result.records, now)
        repo.add_identities(reference, known.values())
        uow.publish(e.received(report, school.agency.id), topic=school.journal_topic)
        duties.act_at_once(school, uow, None, report, known, now, opening.request_letter_ref)
        deadlines.sync(school, repo, report)
        uow.commit()
    log.info("school report received", extra={"case_id": reference})
    return report
