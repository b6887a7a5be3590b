"""Every request is one SERVER span in the trace its caller names (W3C ``traceparent``),
and the events it causes stay in that trace: a case's journey across agencies is one
trace, from the staff member's request on."""

from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode

from tests.support.services import RunningService, eventually

TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
CALLER_SPAN = 0x00F067AA0BA902B7
TRACEPARENT = f"00-{TRACE_ID:032x}-{CALLER_SPAN:016x}-01"
COMPLAINT = {
    "channel": "hotline_129",
    "complainant": "family",
    "child": {"name": "Anak", "sex": "female", "estimated_age": 12},
    "suspected_category": "trafficking",
}


def in_trace(spans: Any) -> list[ReadableSpan]:
    return [s for s in spans.get_finished_spans() if s.context.trace_id == TRACE_ID]


async def test_a_command_is_one_server_span_in_the_callers_trace_and_its_events_follow(
    kh_hub: RunningService, spans: Any
) -> None:
    headers = {"traceparent": TRACEPARENT}
    answer = await kh_hub.http.post("/complaints", json=COMPLAINT, headers=headers)
    assert answer.status_code == 201
    journal = f"send {kh_hub.runtime.agency.journal_topic}"
    await eventually(lambda: any(s.name == journal for s in in_trace(spans)))

    (server,) = [s for s in in_trace(spans) if s.kind == SpanKind.SERVER]
    assert server.name == "POST /complaints"
    assert server.parent is not None
    assert server.parent.span_id == CALLER_SPAN
    assert dict(server.attributes or {}) == {
        "http.request.method": "POST",
        "http.route": "/complaints",
        "http.response.status_code": 201,
    }
    (sent,) = [s for s in in_trace(spans) if s.name == journal]
    assert sent.parent is not None
    assert sent.parent.span_id == server.context.span_id


async def test_a_refusal_is_traced_with_its_status_and_health_checks_are_not(
    kh_hub: RunningService, spans: Any
) -> None:
    headers = {"traceparent": TRACEPARENT}
    assert (await kh_hub.anonymous.get("/cases", headers=headers)).status_code == 401
    assert (await kh_hub.http.get("/healthz", headers=headers)).status_code == 200
    assert (await kh_hub.http.get("/no-such-path", headers=headers)).status_code == 404
    broken = await kh_hub.http.post("/complaints", content=b"{", headers=headers)
    assert broken.status_code == 422

    named = [
        (s.name, (s.attributes or {}).get("http.response.status_code"), s.status.status_code)
        for s in in_trace(spans)
        if s.kind == SpanKind.SERVER
    ]
    assert named == [
        ("GET /cases", 401, StatusCode.UNSET),
        ("GET", 404, StatusCode.UNSET),
        ("POST /complaints", 422, StatusCode.UNSET),
    ]
