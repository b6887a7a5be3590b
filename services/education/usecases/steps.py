"""Any command of the handling (SKW 36–65) on a report: the domain decides; a change of
handler is announced on the journal (SKW 37(3), 38(1)); a party added later gets the
notices and referrals BTG 18 owes for them; the documents a command issues leave for
their recipients (:mod:`.copies`) — all in the command's unit of work."""

from services.education.domain import PartyIdentity, SchoolReport, decide, rules
from services.education.domain import events as e
from services.education.domain.commands import AddParty, Command, RecordSchooling
from services.education.domain.copies import copies_to_send
from services.education.domain.schooling import schooling_outcome
from services.education.usecases import copies, deadlines, duties
from services.education.usecases.school import ReportGuard, School, anyone


def run(
    school: School,
    reference: str,
    command: Command,
    identity: PartyIdentity | None = None,
    guard: ReportGuard = anyone,
) -> SchoolReport:
    """Run ``command`` on the locked report, for a caller ``guard`` admits."""
    now = school.clock()
    with school.locked(reference, guard) as (uow, repo, before):
        school.school_procedure.require_command(command)
        if isinstance(command, RecordSchooling):
            outcome = schooling_outcome(command.outcome, school.schooling)
            command = command.model_copy(update={"outcome": outcome})
        result = decide(before, command, school.today(), school.calendar)
        repo.save(result.report, now)
        repo.append_records(reference, result.records, now)
        if isinstance(command, AddParty) and identity is not None:
            rules.IDENTITY_OF_THE_ADDED_PARTY.check(
                identity.party_id == command.party.party_id,
                "identity.party_id: the identity is not the added party's",
            )
            repo.add_identities(reference, [identity])
        for routed in e.routed(reference, school.agency.id, result.records):
            uow.publish(routed, topic=school.journal_topic)
        if _owes_more_under_btg_18(before, result.report):
            known = repo.identities(reference)
            duties.act_at_once(school, uow, before, result.report, known, now, None)
        for document in copies_to_send(result.records):
            copies.send(school, uow, reference, document, now)
        deadlines.sync(school, repo, result.report)
        uow.commit()
    return result.report


def _owes_more_under_btg_18(before: SchoolReport, after: SchoolReport) -> bool:
    """Whether a command may have changed what BTG 18 makes the school send: its duties
    follow from the parties and the impacts alone (``automatic_actions``), so a command
    that changed neither owes nothing new and nothing need be planned."""
    return (before.parties, before.impacts) != (after.parties, after.impacts)
