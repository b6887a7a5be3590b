"""``rujukan status``: a case's referrals and where each loop stands."""

from ops.cli.status_cmds import render
from services.intake.domain import (
    AcknowledgeOutcome,
    CasePhase,
    IssueReferral,
)
from services.intake.views import case_view
from tests.unit.intake.support import COMPANION, directory, story


def test_status_shows_each_referral_and_whether_its_loop_is_closed() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage="REHABILITASI_KESEHATAN", target_id="kh-rsud"))
    tale.do(IssueReferral(referral_id="r-2", stage="BANTUAN_HUKUM", target_id="kh-bagian-hukum"))
    tale.serve("r-1", "kh-rsud")
    for outcome in list(tale.current.outcomes.values()):
        tale.do(AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=COMPANION))

    view = case_view(tale.current, [], directory()).model_dump(mode="json")
    report = render(view)

    assert "open loops 1" in report
    r1 = next(line for line in report.splitlines() if line.strip().startswith("r-1"))
    r2 = next(line for line in report.splitlines() if line.strip().startswith("r-2"))
    assert "completed" in r1
    assert "loop closed" in r1
    assert "issued" in r2
    assert "loop OPEN" in r2
