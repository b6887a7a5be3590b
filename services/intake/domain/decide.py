"""`decide`: one pure decision function per command, chosen by the command's type.

A decision reads the case (None before the complaint), the command, the time and the
district's network, and returns the journal entries to record, or raises `RuleViolation`
(422) / `IllegalState` (409) naming the rule and its article. It never changes the case:
the caller folds the entries with `evolve` (see `apply`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, get_type_hints

from services.intake.domain.commands import Command
from services.intake.domain.decide_closing import decide_evaluate_case, decide_terminate_case
from services.intake.domain.decide_consent import (
    decide_record_return_consent,
    decide_withdraw_return_consent,
)
from services.intake.domain.decide_handover import decide_record_hand_over
from services.intake.domain.decide_opening import (
    decide_agree_service_contract,
    decide_assign_companion,
    decide_make_initial_contact,
    decide_reassign_companion,
    decide_receive_complaint,
    decide_record_emergency_handling,
    decide_register_case,
)
from services.intake.domain.decide_planning import (
    decide_agree_intervention_plan,
    decide_complete_assessment,
)
from services.intake.domain.decide_recorded import (
    decide_record_offline_answer,
    decide_record_offline_report,
    decide_record_onward_referral,
)
from services.intake.domain.decide_referrals import (
    decide_accept_referral,
    decide_cancel_referral,
    decide_decline_referral,
    decide_expire_referral,
    decide_issue_referral,
    decide_mark_referral_received,
    decide_put_referral_on_hold,
    decide_report_service,
    decide_reroute_referral,
    decide_resume_referral,
)
from services.intake.domain.journal import Decision
from services.intake.domain.loop import (
    close_the_loop,
    decide_acknowledge_outcome,
    decide_record_overdue,
)
from services.intake.domain.model import Case
from services.intake.domain.network import Network


def decide(case: Case | None, command: Command, now: datetime, network: Network) -> Decision:
    """Decide ``command`` on ``case`` at ``now`` in the hub's ``network``; every answer,
    report and overdue notice it produces is also recorded and delivered to the case's
    companion (LT Pasal 17(3), :mod:`services.intake.domain.loop`)."""
    return close_the_loop(case, command, _decide(case, command, now, network), now)


DECISIONS = (
    decide_receive_complaint,
    decide_record_emergency_handling,
    decide_register_case,
    decide_assign_companion,
    decide_reassign_companion,
    decide_make_initial_contact,
    decide_agree_service_contract,
    decide_complete_assessment,
    decide_agree_intervention_plan,
    decide_issue_referral,
    decide_record_return_consent,
    decide_withdraw_return_consent,
    decide_reroute_referral,
    decide_mark_referral_received,
    decide_accept_referral,
    decide_decline_referral,
    decide_put_referral_on_hold,
    decide_resume_referral,
    decide_report_service,
    decide_record_offline_answer,
    decide_record_offline_report,
    decide_record_onward_referral,
    decide_record_hand_over,
    decide_cancel_referral,
    decide_record_overdue,
    decide_acknowledge_outcome,
    decide_expire_referral,
    decide_evaluate_case,
    decide_terminate_case,
)
"""Every decision function; each decides the command type its ``command`` parameter names."""

_DECIDERS: dict[type[Command], Callable[[Case | None, Any, datetime, Network], Decision]] = {
    get_type_hints(decision)["command"]: decision for decision in DECISIONS
}
"""The decision function of each command type."""


def _decide(case: Case | None, command: Command, now: datetime, network: Network) -> Decision:
    return _DECIDERS[type(command)](case, command, now, network)
