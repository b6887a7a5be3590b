"""Who may reach what in the companion web app: the one place the rule is enforced.

A companion reaches a case only while they are its **current** companion
(``case.companion.companion_id``, LT Pasal 7(3)): anyone else — a former companion, a
supervisor, another companion — gets the same `NotFound` as for a case that does not
exist (404, never 403: the answer must not tell that the case exists), for the pages and
the JSON API alike.

One exception, for acknowledging only: an outcome delivered to someone else than the
current companion (a supervisor's escalated overdue notice, LT Pasal 17(3)) may be
acknowledged by its recipient, who sees it in their inbox; the case itself stays
unreachable for them. The recipient is always the logged-in companion, never an id from
the request.

Commands check the rule inside their own unit of work (the `Builder` runs on the case
as loaded and locked for the command), so a reassignment cannot slip between the check
and the change.
"""

from __future__ import annotations

from rujukan.errors import NotFound
from services.intake.access import is_current_companion, not_found
from services.intake.domain import (
    AcknowledgeOutcome,
    Case,
    Command,
    RecordOfflineAnswer,
    RecordOfflineReport,
)
from services.intake.repository import CaseRepository, Loaded
from services.intake.usecases import IntakeHub, Outcome


def may_acknowledge(case: Case | None, outcome_id: str, companion_id: str) -> bool:
    """The current companion may try to acknowledge any outcome of their case (the domain
    then checks it was delivered to them); anyone else only an outcome delivered to them."""
    if is_current_companion(case, companion_id):
        return True
    if case is None:
        return False
    outcome = case.outcomes.get(outcome_id)
    return outcome is not None and outcome.recipient_id == companion_id


class CompanionAccess:
    """The hub's use cases as one logged-in companion may use them."""

    def __init__(self, hub: IntakeHub) -> None:
        self.hub = hub

    def case(self, companion_id: str, case_id: str) -> Case:
        """The case, if ``companion_id`` is its current companion."""
        try:
            case = self.hub.read(case_id)
        except NotFound:
            raise not_found(case_id) from None
        if not is_current_companion(case, companion_id):
            raise not_found(case_id)
        return case

    def acknowledge(self, companion_id: str, case_id: str, outcome_id: str) -> Outcome:
        command = AcknowledgeOutcome(outcome_id=outcome_id, companion_id=companion_id)

        def build(loaded: Loaded, _repository: CaseRepository) -> Command:
            if not may_acknowledge(loaded.case, outcome_id, companion_id):
                raise not_found(case_id)
            return command

        return self.hub.act(case_id, build)

    def record_offline(
        self, companion_id: str, case_id: str, command: RecordOfflineAnswer | RecordOfflineReport
    ) -> Outcome:
        """Record an offline institution's answer or report on the companion's own case."""

        def build(loaded: Loaded, _repository: CaseRepository) -> Command:
            if not is_current_companion(loaded.case, companion_id):
                raise not_found(case_id)
            return command

        return self.hub.act(case_id, build)
