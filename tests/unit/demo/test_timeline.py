"""The demo's timeline lines, from case views as the hub answers them (no network)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from ops.demo import timeline

STARTED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def at(seconds: float) -> str:
    return (STARTED + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def referral(rid: str, target: str, *history: tuple[str, float]) -> dict[str, Any]:
    return {
        "referral_id": rid,
        "target_id": target,
        "history": [{"status": status, "at": at(s)} for status, s in history],
    }


def case_view(
    referrals: list[dict[str, Any]],
    loops: list[dict[str, Any]] | None = None,
    outcomes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "case_id": "demo-kh-abc123",
        "case_number": "KH/2026/0001",
        "companion": {"companion_id": "comp-siti"},
        "referrals": referrals,
        "loops": loops or [],
        "outcomes": outcomes or [],
    }


def outcome(oid: str, rid: str, final: bool, acknowledged: float | None, to: str = "comp-siti"):
    return {
        "outcome_id": oid,
        "referral_id": rid,
        "final": final,
        "recipient_id": to,
        "acknowledged_at": at(acknowledged) if acknowledged is not None else None,
    }


HEALTH = referral(
    "demo-kh-abc123-health",
    "kh-rsud",
    ("issued", 0.5),
    ("received", 0.6),
    ("accepted", 1.0),
    ("in_progress", 1.5),
    ("completed", 2.0),
)


def whats(steps: list[timeline.Step]) -> list[str]:
    return [s.what for s in steps]


def test_a_referral_walks_from_issued_to_its_outcome_then_its_loop_closes():
    view = case_view(
        [HEALTH],
        loops=[{"referral_id": "demo-kh-abc123-health", "closed": True}],
        outcomes=[
            outcome("o1", "demo-kh-abc123-health", False, 1.2),
            outcome("o2", "demo-kh-abc123-health", True, 2.4),
        ],
    )
    steps = timeline.steps(view)
    assert whats(steps) == [
        "issued",
        "received",
        "accepted",
        "in progress",
        "outcome completed",
        "acknowledged by comp-siti",
    ]
    assert steps[-1].at == STARTED + timedelta(seconds=2.4)
    assert {(s.case, s.agency_id) for s in steps} == {("KH/2026/0001", "kh-rsud")}


def test_no_acknowledgement_step_while_the_loop_is_open():
    view = case_view(
        [HEALTH],
        loops=[{"referral_id": "demo-kh-abc123-health", "closed": False}],
        outcomes=[outcome("o2", "demo-kh-abc123-health", True, None)],
    )
    assert whats(timeline.steps(view))[-1] == "outcome completed"


def test_a_cancelled_referral_closes_its_loop_without_an_acknowledgement():
    cancelled = referral("r-2", "kh-polres", ("issued", 0.1), ("cancelled", 0.9))
    view = case_view([cancelled], loops=[{"referral_id": "r-2", "closed": True}])
    assert whats(timeline.steps(view)) == ["issued", "outcome cancelled", "loop closed"]


def test_steps_of_several_referrals_interleave_by_time_and_same_instant_keeps_order():
    offline = referral(
        "r-letter", "lt-bantuan-hukum", ("issued", 0.7), ("received", 1.1), ("accepted", 1.1)
    )
    steps = timeline.steps(case_view([HEALTH, offline]))
    assert [(s.referral_id[-6:], s.what) for s in steps[:5]] == [
        ("health", "issued"),
        ("health", "received"),
        ("letter", "issued"),
        ("health", "accepted"),
        ("letter", "received"),
    ]
    assert steps[5].what == "accepted"
    assert steps[5].referral_id == "r-letter"


def test_a_case_before_registration_is_named_by_its_id():
    view = case_view([HEALTH]) | {"case_number": None}
    assert timeline.case_label(view) == "demo-kh-abc123"


def test_a_line_shows_the_offset_case_referral_agency_and_step():
    step = timeline.Step(
        STARTED + timedelta(seconds=3.456),
        "KH/2026/0001",
        "demo-kh-abc123-health",
        "kh-rsud",
        "received",
    )
    line = timeline.line(step, STARTED)
    assert line.split() == ["3.46s", "KH/2026/0001", "demo-kh-abc123-health", "kh-rsud", "received"]
    earlier = timeline.Step(STARTED - timedelta(seconds=1), "c", "r", "a", "issued")
    assert timeline.line(earlier, STARTED).split()[0] == "0.00s"


def test_new_lines_prints_each_step_once():
    printed: set[timeline.Step] = set()
    steps = timeline.steps(case_view([HEALTH]))
    first = timeline.new_lines(steps[:2], printed, STARTED)
    again = timeline.new_lines(steps, printed, STARTED)
    assert len(first) == 2
    assert len(again) == len(steps) - 2
    assert timeline.new_lines(steps, printed, STARTED) == []


def test_only_the_companions_unacknowledged_outcomes_are_to_acknowledge():
    view = case_view(
        [HEALTH],
        outcomes=[
            outcome("o1", "x", False, 1.0),
            outcome("o2", "x", False, None),
            outcome("o3", "x", True, None, to="sup-ani"),
            outcome("o4", "x", True, None),
        ],
    )
    assert timeline.unacknowledged_outcomes(view, "comp-siti") == ["o2", "o4"]


def test_open_loops_name_the_referral_target_and_status():
    view = case_view(
        [],
        loops=[
            {
                "referral_id": "r-1",
                "target_id": "kh-rsud",
                "status": "in_progress",
                "closed": False,
            },
            {"referral_id": "r-2", "target_id": "kh-dinsos", "status": "completed", "closed": True},
        ],
    )
    assert timeline.open_loops(view) == ["r-1 (kh-rsud, in_progress)"]


def test_the_closing_line_says_every_loop_closed_or_how_many_are_open():
    assert (
        timeline.closing_line(2, 9, 0, 12.34)
        == "demo: 2 cases, 9 referrals, every loop closed in 12.3 s"
    )
    assert timeline.closing_line(2, 9, 3, 60.0) == (
        "demo: 2 cases, 9 referrals, 3 loop(s) still open after 60.0 s"
    )
