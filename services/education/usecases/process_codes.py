"""A code a victim or reporter follows their own process with (SKW Pasal 66(1)a): shown
once when the handler issues it, the service keeps its digest only."""

from rujukan.tokens import digest, new_token
from services.education.domain.access import process_party
from services.education.usecases import queries
from services.education.usecases.school import ReportGuard, School, anyone
from services.education.views import ProcessView


def issue_process_code(
    school: School, reference: str, party_id: str, guard: ReportGuard = anyone
) -> str:
    """A new code for a victim or reporter of the report; 422 for anyone else."""
    code = new_token(18)
    with school.unit_of_work() as uow:
        repo = school.in_unit(uow)
        report = repo.load(reference)
        guard(report)
        process_party(report, party_id)
        repo.add_process_code(digest(code), reference, party_id, school.clock())
        uow.commit()
    return code


def process_by_code(school: School, code: str) -> ProcessView:
    """The process view of the victim or reporter a code was issued to (404 else)."""
    with school.read_sessions() as session:
        reference, party_id = school.repository(session).process_code(digest(code))
    return queries.process(school, reference, party_id)
