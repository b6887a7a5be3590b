"""The demo's scripted cases fit the district matrices and the local network."""

from datetime import UTC, date, datetime

import pytest

from ops.demo import script
from ops.network import load_members
from rujukan.desk.rules import DeskReport, ReportContext, ReportDraft, desk_rules, no_policy
from rujukan.directory import load_directory
from rujukan.matrix import load_matrix
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import ServiceType
from services.health.domain.policy import HEALTH_POLICY
from services.legal.domain.policy import LEGAL_POLICY
from services.social.domain.policy import SOCIAL_POLICY

CASES = script.cases(date(2026, 3, 2))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_every_scripted_referral_is_listed_in_its_districts_matrix(case):
    directory = load_directory()
    district = directory.get(case.hub_id).district
    matrix = load_matrix(district, directory)
    for referral in case.referrals:
        service = matrix.service_for(referral.stage, referral.target_id, directory)
        assert service == referral.service, referral
        assert referral.reports, referral
        assert referral.reports[-1]["final"], referral
        assert not any(r["final"] for r in referral.reports[:-1]), referral


def test_every_hub_and_online_target_runs_in_the_local_network():
    directory = load_directory()
    running = {m.agency_id for m in load_members()}
    for case in CASES:
        assert case.hub_id in running
        for referral in case.referrals:
            online = directory.get(referral.target_id).runs_software
            assert (referral.target_id in running) == online, referral.target_id


def test_luwu_timur_has_an_institution_without_software_and_ids_are_distinct():
    directory = load_directory()
    (luwu_timur,) = [c for c in CASES if c.hub_id == "lt-hub"]
    assert any(not directory.get(r.target_id).runs_software for r in luwu_timur.referrals)
    for case in CASES:
        assert len({r.key for r in case.referrals}) == len(case.referrals)


def test_the_plan_has_one_line_per_referral_due_in_two_weeks():
    plan = CASES[0].plan(date(2026, 3, 2))
    assert len(plan["services"]) == len(CASES[0].referrals)
    assert {line["due_on"] for line in plan["services"]} == {"2026-03-16"}


POLICIES = {"health": HEALTH_POLICY, "social": SOCIAL_POLICY, "legal": LEGAL_POLICY}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_every_scripted_report_passes_the_desk_rules_and_its_services_policy(case):
    """What the demo's staff report is refused by no rule (offline targets: the desk
    rules only; the hub checks that facts fit the service)."""
    directory = load_directory()
    today = date(2026, 3, 2)
    history: list[DeskReport] = []
    for referral in case.referrals:
        policy = POLICIES.get(directory.get(referral.target_id).kind, no_policy)
        referral_id = f"{referral.target_id}/{referral.key}"
        for seq, body in enumerate(referral.reports, start=1):
            draft = ReportDraft.model_validate(body)
            context = ReportContext(
                referral_id=referral_id,
                service=ServiceType(referral.service),
                status=ReferralStatus.ACCEPTED if seq == 1 else ReferralStatus.IN_PROGRESS,
                draft=draft,
                history=tuple(r for r in history if r.referral_id.startswith(referral.target_id)),
                today=today,
            )
            assert desk_rules()(context) == []
            policy(context)
            history.append(
                DeskReport(
                    report_id=f"{referral.key}-{seq}",
                    referral_id=referral_id,
                    case_id=case.key,
                    seq=seq,
                    status=draft.status,
                    final=draft.final,
                    facts=tuple(draft.facts),
                    reported_at=datetime(2026, 3, 2, tzinfo=UTC),
                )
            )
