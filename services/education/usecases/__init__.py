"""The education service's use cases for violence in schools, one module each: opening
a report (:mod:`.opening`), the steps of the handling (:mod:`.steps`) with the documents
they send (:mod:`.copies`) and what BTG 18 owes at once (:mod:`.duties`), referring
(:mod:`.referring`), the BTG 18(6) steps of a referral (:mod:`.batang`), the answers of
the agencies referred to (:mod:`.answers`), deadlines (:mod:`.deadlines`), process codes
(:mod:`.process_codes`) and the reads (:mod:`.queries`).

Each command is one unit of work: it loads the report (locked), asks the pure domain,
stores the report and its records, stages the events (built by
:mod:`services.education.domain.events`) in the outbox and commits once.
:class:`SchoolService` is the ports (:class:`.school.School`) with every use case bound
as a method, the one object the routes, the inbox and operators' tools are given.
"""

from services.education.usecases import (
    answers,
    batang,
    deadlines,
    opening,
    process_codes,
    queries,
    referring,
    steps,
)
from services.education.usecases.school import School


class SchoolService(School):
    """Violence in schools at one Dinas Pendidikan (SKW Pasal 36–68, BTG Pasal 13–23)."""

    open_report = opening.open_report
    run = steps.run
    refer_for_recovery = referring.refer_for_recovery
    plan_referral = batang.plan_referral
    batang_step = batang.batang_step
    on_answer = answers.on_answer
    announce_missed_deadlines = deadlines.announce_missed_deadlines
    issue_process_code = process_codes.issue_process_code
    process_by_code = process_codes.process_by_code
    reports = queries.reports
    detail = queries.detail
    identities = queries.identities
    referral_view = queries.referral_view
    deadlines = queries.deadlines
    process = queries.process
