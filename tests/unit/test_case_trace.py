"""Joining the hub's and the agencies' records of a case (`rujukan.runtime.case_trace`):
one timeline in time order, the hub's record of an agency's event takes that event's trace
id, and every answer or report one side holds and the other does not is a disagreement."""

from datetime import UTC, datetime, timedelta

from rujukan.runtime.case_trace import AgencyTrace, TraceEntry, join, safe_detail, trace_id_of

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def entry(minutes: int, agency: str, event: str, **fields: object) -> TraceEntry:
    return TraceEntry(
        at=T0 + timedelta(minutes=minutes),
        agency_id=agency,
        actor_role="hub" if agency == "kh-hub" else "desk_staff",
        event=event,
        referral_id="r-1",
        **fields,  # type: ignore[arg-type]
    )


def hub(*entries: TraceEntry) -> AgencyTrace:
    issued = entry(0, "kh-hub", "referral.issued", detail="target_id=kh-rsud stage=X")
    return AgencyTrace(agency_id="kh-hub", case_id="c-1", entries=[issued, *entries])


def rsud(*entries: TraceEntry) -> AgencyTrace:
    return AgencyTrace(agency_id="kh-rsud", case_id="c-1", entries=list(entries))


def test_records_that_agree_make_one_timeline_in_time_order_with_the_senders_trace_id():
    sent = entry(2, "kh-rsud", "referral.accepted", trace_id=TRACE)
    recorded = entry(3, "kh-hub", "referral.accepted")
    timeline = join(hub(recorded), [rsud(sent)])
    assert timeline.disagreements == []
    assert [(line.agency_id, line.event) for line in timeline.lines] == [
        ("kh-hub", "referral.issued"),
        ("kh-rsud", "referral.accepted"),
        ("kh-hub", "referral.accepted"),
    ]
    assert timeline.lines[-1].trace_id == TRACE


def test_an_answer_the_hub_never_received_and_a_report_the_agency_never_sent_disagree():
    accepted = entry(2, "kh-rsud", "referral.accepted")
    reported = entry(5, "kh-hub", "service.reported", key="rep-9")
    timeline = join(hub(reported), [rsud(accepted)])
    assert [(d.kind, d.event, d.key) for d in timeline.disagreements] == [
        ("not_received_by_hub", "referral.accepted", None),
        ("not_sent_by_agency", "service.reported", "rep-9"),
    ]


def test_an_agency_that_could_not_be_asked_is_named_and_its_referrals_are_not_judged():
    timeline = join(hub(entry(3, "kh-hub", "referral.accepted")), [], unreachable=["kh-rsud"])
    assert [(d.kind, d.agency_id) for d in timeline.disagreements] == [("not_reachable", "kh-rsud")]


def test_a_line_shows_only_ids_and_vocabulary_values():
    payload = {"target_id": "kh-rsud", "note": "Melati, 12 tahun", "child": {"name": "Melati"}}
    assert safe_detail(payload) == "target_id=kh-rsud"
    assert trace_id_of(f"00-{TRACE}-00f067aa0ba902b7-01") == TRACE
    assert trace_id_of("garbage") is None
