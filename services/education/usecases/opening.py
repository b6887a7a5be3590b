"""Opening a school report: a report through a channel of SKW Pasal 41, or a TPPK or
Satgas finding without one, which starts at the examination (36(3)). What BTG 18 owes
for it leaves in the same unit of work (:mod:`.duties`)."""

import logging
from collections.abc import Iterable
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


def open_report(
    school: School,
    *,
    channel: ReportChannel | None,
    schools: Iterable[str],
    parties: Iterable[Party],
    identities: Iterable[PartyIdentity],
    forms: Iterable[ViolenceForm],
    impacts: Iterable[Impact],
    on: date | None,
    request_letter_ref: str | None,
) -> SchoolReport:
    """A report (``channel`` set) or a finding, routed to its handler (SKW 37–38)."""
    school.school_procedure.require(RECEIVE_REPORT if channel is not None else RECORD_FINDING)
    reference = new_id(f"sch-{school.agency.id}")
    known = {i.party_id: i for i in identities}
    try:
        result = receive_report(
            reference=reference,
            channel=channel,
            received_on=not_after_today(on, school.today()),
            schools=schools,
            parties=parties,
            forms=forms,
            impacts=impacts,
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
        duties.act_at_once(school, uow, None, report, known, now, request_letter_ref)
        deadlines.sync(school, repo, report)
        uow.commit()
    log.info("school report received", extra={"case_id": reference})
    return report
