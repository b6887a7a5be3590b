"""The statutory deadlines of each report (SKW 46, 51, 56, 58(2), 62, 64; the Batang
draft sets none): computed again with every command, and each miss announced once
(SchoolDeadlineMissed on the journal topic, for the Satgas and the Dinas); the stored
rows make the monitor survive restarts."""

import logging

from schemas.events import SchoolDeadlineMissed
from services.education.domain import SchoolReport, deadlines
from services.education.repository import SchoolRepository
from services.education.usecases.school import School

log = logging.getLogger("rujukan.education")


def sync(school: School, repo: SchoolRepository, report: SchoolReport) -> None:
    """Store the report's deadlines under the district's procedure as of today."""
    rules_of_procedure = school.school_procedure.deadlines
    if not rules_of_procedure:
        return
    found = deadlines(report, school.calendar, today=school.today(), rules=rules_of_procedure)
    repo.sync_deadlines(report.reference, found, report.handler.value)


def announce_missed_deadlines(school: School) -> int:
    """Announce each missed deadline once; the number announced."""
    now = school.clock()
    announced = 0
    with school.unit_of_work() as uow:
        repo = school.in_unit(uow)
        for reference in repo.references_to_check(school.today()):
            report = repo.load(reference, for_update=True)
            sync(school, repo, report)
            for row in repo.deadlines(reference, unannounced=True):
                missed = SchoolDeadlineMissed(
                    case_id=reference,
                    agency_id=school.agency.id,
                    deadline=row.rule,
                    article=row.article,
                    unit=row.unit,
                    starts_on=row.starts_on,
                    due_on=row.due_on,
                    done_on=row.done_on,
                    handler=report.handler,
                    detected_at=now,
                )
                envelope = uow.publish(missed, topic=school.journal_topic)
                repo.mark_announced(row.id, str(envelope.id), now)
                announced += 1
        uow.commit()
    if announced:
        log.info("missed deadlines announced: %d", announced)
    return announced
