"""An overloaded hub sheds load at the door: beyond ``max_commands_in_flight`` command
requests at once, the next answers 503 with Retry-After and the network's problem body,
through real HTTP, before it writes anything; the same request succeeds when sent again."""

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest

from ops.broker import LocalBroker
from services.intake import SERVICE as HUB
from services.intake.repository import CaseRepository
from tests.support.databases import database
from tests.support.services import running
from tests.support.serving import served

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

LIMIT = 1
AT_ONCE = 24


def complaint(case_id: str) -> dict[str, object]:
    return {
        "case_id": case_id,
        "channel": "hotline_129",
        "complainant": "community",
        "child": {"name": "Anak", "sex": "female", "estimated_age": 14},
        "suspected_category": "trafficking",
    }


async def test_commands_beyond_the_limit_get_503_with_retry_after_and_succeed_when_retried(
    tmp_path: Path, broker: LocalBroker
) -> None:
    with database("sqlite", tmp_path) as url:
        async with (
            running(
                HUB,
                agency_id="kh-hub",
                bootstrap=broker.bootstrap_servers,
                database_url=url,
                max_commands_in_flight=LIMIT,
            ) as hub,
            served(hub.app) as base_url,
            httpx.AsyncClient(
                base_url=base_url, headers=dict(hub.http.headers), timeout=60
            ) as client,
        ):
            case_ids = [f"c-busy-{uuid.uuid4().hex[:8]}" for _ in range(AT_ONCE)]
            answers = await asyncio.gather(
                *(client.post("/complaints", json=complaint(c)) for c in case_ids)
            )

            statuses = {c: a.status_code for c, a in zip(case_ids, answers, strict=True)}
            assert set(statuses.values()) <= {201, 503}, statuses
            busy = [a for a in answers if a.status_code == 503]
            assert busy, "every request was admitted: the limit was not reached"
            assert len(busy) < AT_ONCE
            for answer in busy:
                assert int(answer.headers["Retry-After"]) > 0
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.json()["rule"] == "capacity_available"
                assert answer.json()["status"] == 503

            refused = [c for c, status in statuses.items() if status == 503]
            with hub.runtime.read_sessions() as session:
                cases = CaseRepository(session)
                assert [c for c in refused if cases.journal_length(c)] == []  # nothing written

            for case_id in refused:  # the same requests, sent again one at a time
                again = await client.post("/complaints", json=complaint(case_id))
                assert again.status_code == 201, again.text
            with hub.runtime.read_sessions() as session:
                cases = CaseRepository(session)
                assert all(cases.journal_length(c) > 0 for c in case_ids)
            reads = await client.get("/healthz")
            assert reads.status_code == 200
