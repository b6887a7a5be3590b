"""Closing the loop through the real broker (LT Pasal 17(3)), on SQLite and PostgreSQL:
outcomes from three agencies reach the case's companion, one of them after a
reassignment; an unanswered referral becomes overdue and is escalated to the supervisor;
the hub restarts and nothing is lost, not even an outcome sent while it was down."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from services.intake import SERVICE as HUB
from services.intake.usecases import IntakeHub
from tests.support.databases import database
from tests.support.hub_api import Api, a_name
from tests.support.responder_service import ACCEPT_ONLY, RESPONDER, report_final
from tests.support.services import RunningService, eventually, running, running_together
from tests.support.topology_check import assert_published_within_topology

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID = "kh-hub"
FAST_MONITOR: dict[str, Any] = {"monitor_interval_s": 0.2}


def hub_of(service: RunningService) -> IntakeHub:
    return service.runtime.handle(IntakeHub)


def days_later(days: int) -> Callable[[], datetime]:
    return lambda: datetime.now(UTC) + timedelta(days=days)


async def inbox(api: Api, who: str) -> list[dict[str, Any]]:
    return list(await api.get(f"/companions/{who}/inbox?all=true"))


async def acknowledge_all(hub: RunningService, case_id: str, who: str, *roles: str) -> None:
    """``who`` signs in (with ``roles``) and acknowledges everything in their inbox."""
    api = Api(hub.client_for(who, *roles))
    for item in await api.get(f"/companions/{who}/inbox"):
        await api.post(f"/cases/{case_id}/outcomes/{item['outcome_id']}/acknowledgement")


async def test_outcomes_reach_the_companion_overdue_escalates_and_a_restart_loses_nothing(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    responders = {
        a: (RESPONDER, f"sqlite:///{tmp_path / f'{a}.db'}")
        for a in ("kh-rsud", "kh-polres", "kh-dinsos")
    }
    bootstrap = broker.bootstrap_servers
    with database(db_kind, tmp_path) as hub_db:
        async with running_together(responders, bootstrap=bootstrap) as agencies:
            hub_topic = agencies["kh-rsud"].runtime.directory.get(HUB_ID).inbox_topic
            async with running(
                HUB, agency_id=HUB_ID, bootstrap=bootstrap, database_url=hub_db, **FAST_MONITOR
            ) as hub:
                api = Api(hub.http)
                case_id = await api.open_case(a_name())
                await api.planned(
                    case_id,
                    HUB_ID,
                    [
                        ("REHABILITASI_KESEHATAN", "health", "kh-rsud"),
                        ("IDENTIFIKASI", "identification", "kh-polres"),
                        ("PENAMPUNGAN", "shelter", "kh-dinsos"),
                        ("IDENTIFIKASI", "identification", "kh-imigrasi"),
                    ],
                )
                refer = api.refer
                health = await refer(case_id, "REHABILITASI_KESEHATAN", "kh-rsud")
                police = await refer(case_id, "IDENTIFIKASI", "kh-polres", note=ACCEPT_ONLY)
                shelter = await refer(case_id, "PENAMPUNGAN", "kh-dinsos", note=ACCEPT_ONLY)
                # no Kantor Imigrasi service runs here: that referral goes unanswered
                silent = await refer(case_id, "IDENTIFIKASI", "kh-imigrasi")
                health_id, police_id, shelter_id, silent_id = (
                    r["referral"]["referral_id"] for r in (health, police, shelter, silent)
                )
                await api.status_becomes(case_id, health_id, "completed")
                await api.status_becomes(case_id, police_id, "accepted")
                await api.status_becomes(case_id, shelter_id, "accepted")

                siti = await inbox(api, "comp-siti")
                assert {i["agency_id"] for i in siti} == {"kh-rsud", "kh-polres", "kh-dinsos"}
                assert [i["final"] for i in siti].count(True) == 1  # the RSUD's report

                # reassignment: what Siti has not acknowledged is handed over to Budi
                seen = siti[0]
                await Api(hub.client_for("comp-siti", "companion")).post(
                    f"/cases/{case_id}/outcomes/{seen['outcome_id']}/acknowledgement"
                )
                await api.post(
                    f"/cases/{case_id}/companion/reassignment",
                    {
                        "companion_id": "comp-budi",
                        "role": "social_welfare_worker",
                        "assignment_letter_ref": "800/140/DINSOS/2026",
                        "replaces_companion_id": "comp-siti",
                        "supervisor_id": "sup-ani",
                    },
                )
                budi = await inbox(api, "comp-budi")
                assert len(budi) == len(siti) - 1
                assert {i["handed_over_from"] for i in budi} == {"comp-siti"}
                assert [i["outcome_id"] for i in await inbox(api, "comp-siti")] == [
                    seen["outcome_id"]
                ]

                # a report after the reassignment goes straight to Budi
                report_final(agencies["kh-polres"].runtime, case_id, police_id, hub_topic)
                await api.status_becomes(case_id, police_id, "completed")
                police_final = next(
                    i
                    for i in await inbox(api, "comp-budi")
                    if i["referral_id"] == police_id and i["final"]
                )
                assert police_final["handed_over_from"] is None

                # the unanswered referral, six days on: overdue to Budi, escalated to his
                # supervisor, expired and open to re-routing
                hub_of(hub).clock = days_later(6)
                await api.status_becomes(case_id, silent_id, "expired")
                notices = [
                    (i["recipient_id"], i["escalation"])
                    for i in await inbox(api, "comp-budi") + await inbox(api, "sup-ani")
                    if i["referral_id"] == silent_id
                ]
                assert sorted(notices) == [("comp-budi", "companion"), ("sup-ani", "supervisor")]
                outcomes_before = (await api.get(f"/cases/{case_id}"))["outcomes"]

            # the hub is down; the Dinas Sosial reports its result meanwhile
            report_final(agencies["kh-dinsos"].runtime, case_id, shelter_id, hub_topic)

            async with running(
                HUB, agency_id=HUB_ID, bootstrap=bootstrap, database_url=hub_db, **FAST_MONITOR
            ) as hub:
                api = Api(hub.http)
                await api.status_becomes(case_id, shelter_id, "completed")
                case = await api.get(f"/cases/{case_id}")
                ids_before = [o["outcome_id"] for o in outcomes_before]
                assert [o["outcome_id"] for o in case["outcomes"]][: len(ids_before)] == ids_before
                shelter_final = await eventually(
                    lambda: [
                        i
                        for i in hub_of(hub).inbox("comp-budi")
                        if i.referral_id == shelter_id and i.final
                    ]
                )
                assert len(shelter_final) == 1

                await acknowledge_all(hub, case_id, "comp-budi", "companion")
                await acknowledge_all(hub, case_id, "sup-ani", "companion", "supervisor")
                case = await api.get(f"/cases/{case_id}")
                assert {loop["referral_id"]: loop["closed"] for loop in case["loops"]} == {
                    health_id: True,
                    police_id: True,
                    shelter_id: True,
                    silent_id: True,
                }
                assert case["open_loops"] == 0
                assert_published_within_topology([hub.runtime])
