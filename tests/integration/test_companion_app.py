"""The companion web app in-process (httpx against the hub's app), with the real broker
and a stand-in agency, on SQLite and PostgreSQL: logins and sessions, form tokens, the
404 rule for pages and the JSON API, acknowledging outcomes, offline answers and reports,
and a supervisor's escalated notice."""

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from ops.broker import LocalBroker
from rujukan.runtime.accounts.tables import account_sessions
from services.intake.usecases import IntakeHub
from tests.support.companion_app import PASSWORD, companion, hub_with_companions
from tests.support.databases import database
from tests.support.hub_api import Api, a_name
from tests.support.responder_service import RESPONDER
from tests.support.services import RunningService, running_together

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID = "kh-hub"
SITI = ("comp-siti", "Siti Rahmawati", "sup-ani")
BUDI = ("comp-budi", "Budi Santoso", "sup-ani")
ANI = ("sup-ani", "Ani Suryani", None)


def hub_of(service: RunningService) -> IntakeHub:
    return service.runtime.handle(IntakeHub)


def later(delta: timedelta) -> Callable[[], datetime]:
    return lambda: datetime.now(UTC) + delta


def login_error(html: str) -> str:
    found = re.search(r'data-error="([^"]+)"', html)
    assert found, "no error on the login page"
    return found.group(1)


async def test_logins_sessions_and_form_tokens(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        async with hub_with_companions(broker.bootstrap_servers, url, SITI) as hub:
            async with companion(hub.app) as siti:
                anonymous = await siti.page("/companion/")
                assert (anonymous.status_code, anonymous.headers["location"]) == (
                    303,
                    "/companion/login",
                )
                assert (await siti.http.get("/companion/api/cases")).status_code == 401

                # one answer for a wrong password and an unknown companion
                wrong = await siti.log_in("comp-siti", "bukan-sandinya")
                unknown = await siti.log_in("comp-nobody", "bukan-sandinya")
                assert wrong.status_code == unknown.status_code == 401
                assert login_error(wrong.text) == login_error(unknown.text) == "login.failed"
                assert "rujukan_session" not in siti.http.cookies

                # the login form needs its own token
                forged = await siti.http.post(
                    "/companion/login", data={"companion_id": "comp-siti", "password": PASSWORD}
                )
                assert forged.status_code == 400

                ok = await siti.log_in("comp-siti")
                assert (ok.status_code, ok.headers["location"]) == (303, "/companion/")
                cookie = next(
                    c for c in ok.headers.get_list("set-cookie") if c.startswith("rujukan_session=")
                )
                assert "HttpOnly" in cookie
                assert "samesite=lax" in cookie.lower()
                assert "Path=/companion" in cookie
                home = await siti.page("/companion/")
                assert home.status_code == 200
                assert "Kasus saya" in home.text
                assert home.headers["cache-control"] == "no-store"

                # the hub keeps only a digest of the session token
                token = siti.http.cookies["rujukan_session"]
                with hub.runtime.engine.connect() as connection:
                    stored = connection.execute(
                        sa.select(account_sessions.c.token_digest)
                    ).scalars()
                    assert list(stored) == [hashlib.sha256(token.encode()).hexdigest()]

                # state changes need the session's form token
                for data in ({}, {"csrf_token": "forged"}):
                    refused = await siti.http.post("/companion/logout", data=data)
                    assert refused.status_code == 403
                assert (await siti.http.post("/companion/api/logout")).status_code == 403
                assert (await siti.page("/companion/")).status_code == 200

                # sessions end 8 hours after the login, by the hub's clock
                hub_of(hub).clock = later(timedelta(hours=8, minutes=1))
                expired = await siti.page("/companion/")
                assert expired.headers["location"] == "/companion/login?expired=1"
                assert (await siti.http.get("/companion/api/cases")).status_code == 401
                login_page = await siti.page(expired.headers["location"])
                assert "Sesi Anda telah berakhir" in login_page.text

                # log in again, then out
                assert (await siti.log_in("comp-siti")).status_code == 303
                out = await siti.submit("/companion/", "/companion/logout")
                assert (out.status_code, out.headers["location"]) == (303, "/companion/login")
                assert (await siti.page("/companion/")).status_code == 303
                with hub.runtime.engine.connect() as connection:
                    live = connection.execute(
                        sa.select(sa.func.count()).select_from(account_sessions)
                    ).scalar_one()
                    assert live == 0  # the expired one went at the next login

            async with companion(hub.app) as client:
                refused = await client.http.post(
                    "/companion/api/login", json={"companion_id": "comp-siti", "password": "x"}
                )
                assert refused.status_code == 401
                answer = await client.http.post(
                    "/companion/api/login", json={"companion_id": "comp-siti", "password": PASSWORD}
                )
                assert answer.status_code == 200
                assert answer.json()["companion_id"] == "comp-siti"
                assert answer.json()["csrf_token"] == await client.api_token()
                assert (await client.http.get("/companion/api/cases")).status_code == 200


async def test_a_burst_of_wrong_passwords_from_one_address_does_not_stop_the_real_user(
    broker: LocalBroker, db_kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with database(db_kind, tmp_path) as url:
        async with hub_with_companions(broker.bootstrap_servers, url, SITI) as hub:
            login = "/companion/api/login"
            async with (
                companion(hub.app, "203.0.113.7") as fuzzer,
                companion(hub.app, "10.20.0.5") as siti,
            ):
                caplog.set_level("WARNING", logger="rujukan.accounts")
                for _ in range(30):
                    wrong = {"companion_id": "comp-siti", "password": "tebakan-salah"}
                    assert (await fuzzer.http.post(login, json=wrong)).status_code == 401
                right = {"companion_id": "comp-siti", "password": PASSWORD}
                # the address that guessed waits, even with the right password...
                assert (await fuzzer.http.post(login, json=right)).status_code == 401
                # ...while the companion signs in from her own, at once
                assert (await siti.http.post(login, json=right)).status_code == 200
            failures = [r for r in caplog.records if r.name == "rujukan.accounts"]
            assert len(failures) == 31  # every failed sign-in, the throttled one too
            assert {r.__dict__["client"] for r in failures} == {"203.0.113.7"}
            assert all("tebakan-salah" not in str(r.__dict__) for r in failures)


async def test_a_companion_reaches_only_their_cases_and_closes_loops_in_the_app(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    bootstrap = broker.bootstrap_servers
    responders = {"kh-rsud": (RESPONDER, f"sqlite:///{tmp_path / 'rsud.db'}")}
    with database(db_kind, tmp_path) as url:
        async with (
            running_together(responders, bootstrap=bootstrap),
            hub_with_companions(bootstrap, url, SITI, BUDI) as hub,
        ):
            api = Api(hub.http)
            child = a_name()
            mine = await api.open_case(child)
            lines = [
                ("REHABILITASI_KESEHATAN", "health", "kh-rsud"),
                ("IDENTIFIKASI", "identification", "kh-dukcapil"),
            ]
            number = (await api.planned(mine, HUB_ID, lines))["case_number"]
            health = (await api.refer(mine, "REHABILITASI_KESEHATAN", "kh-rsud"))["referral"]
            letter = (await api.refer(mine, "IDENTIFIKASI", "kh-dukcapil"))["referral"]
            assert letter["offline"]
            await api.status_becomes(mine, health["referral_id"], "completed")
            theirs = await api.open_case(a_name())
            their_number = (await api.to_contract(theirs, "child_labour", "comp-budi"))[
                "case_number"
            ]
            outcomes = (await api.get(f"/cases/{mine}"))["outcomes"]
            accepted, final = (
                next(o for o in outcomes if o["final"] is flag) for flag in (False, True)
            )
            page = f"/companion/cases/{mine}"

            async with companion(hub.app) as siti, companion(hub.app) as budi:
                assert (await siti.log_in("comp-siti")).status_code == 303
                assert (await budi.log_in("comp-budi")).status_code == 303

                home = await siti.page("/companion/")
                assert number in home.text
                assert their_number not in home.text
                assert home.text.count('data-acknowledge="') == 2  # the RSUD's two outcomes

                # another companion's case answers 404, like a case that does not exist
                for path in (f"/companion/cases/{theirs}", "/companion/cases/c-000000000000"):
                    missing = await siti.page(path)
                    assert missing.status_code == 404
                    assert "Tidak ditemukan" in missing.text
                    assert their_number not in missing.text
                not_mine = await siti.http.get(f"/companion/api/cases/{theirs}")
                unknown = await siti.http.get("/companion/api/cases/c-000000000000")
                assert not_mine.status_code == unknown.status_code == 404
                assert not_mine.json()["detail"] == f"no case {theirs!r}"
                same = ("type", "title", "status")  # as for a case that does not exist
                assert [not_mine.json()[k] for k in same] == [unknown.json()[k] for k in same]
                assert (await budi.page(page)).status_code == 404
                assert (await budi.http.get(f"/companion/api/cases/{mine}")).status_code == 404
                ack = f"{page}/outcomes/{final['outcome_id']}/acknowledge"
                assert (await budi.submit("/companion/", ack, {"back": "case"})).status_code == 404
                api_ack = f"/companion/api/cases/{mine}/outcomes/{{}}/acknowledgement"
                sneaky = await budi.api_post(api_ack.format(final["outcome_id"]))
                assert sneaky.status_code == 404
                offline = f"{page}/referrals/{letter['referral_id']}/offline-answer"
                sneaky = await budi.submit("/companion/", offline, {"decision": "accepted"})
                assert sneaky.status_code == 404

                # nor through the staff API with Budi's own token: every route of the case,
                # the identity, Siti's inbox, and the listing
                budi_api = hub.client_for("comp-budi")
                siti_api = Api(hub.client_for("comp-siti"))
                for method, path in [
                    ("GET", f"/cases/{mine}"),
                    ("GET", f"/cases/{mine}/identity"),
                    ("GET", f"/cases/{mine}/monitoring"),
                    ("GET", f"/cases/{mine}/referrals/{health['referral_id']}/chain"),
                    ("POST", f"/cases/{mine}/outcomes/{final['outcome_id']}/acknowledgement"),
                    ("POST", f"/cases/{mine}/referrals/{letter['referral_id']}/offline-answer"),
                    ("POST", f"/cases/{mine}/evaluation"),
                    ("GET", "/companions/comp-siti/inbox"),
                ]:
                    refused = await budi_api.request(method, path, json={})
                    assert refused.status_code == 404, (method, path, refused.text)
                listed = (await budi_api.get("/cases")).json()
                assert [c["case_id"] for c in listed] == [theirs]
                assert (await budi_api.get("/refused-inbound")).status_code == 403
                assert (await budi_api.post("/complaints", json={})).status_code == 403
                identity = await siti_api.get(f"/cases/{mine}/identity")
                assert identity["child"]["name"] == child
                # the intake officer recorded the complaint; the identity is not theirs to read
                await api.get(f"/cases/{mine}/identity", status=404)
                ani = Api(hub.client_for("sup-ani", "supervisor"))
                assert (await ani.get(f"/cases/{mine}/identity"))["child"]["name"] == child
                other_supervisor = Api(hub.client_for("sup-lain", "supervisor"))
                await other_supervisor.get(f"/cases/{mine}/identity", status=404)

                # the case page: a timeline per referral, never the child's identity
                shown = await siti.page(page)
                assert shown.status_code == 200
                assert child not in shown.text
                assert number in shown.text
                assert "RSUD" in shown.text or "Rumah Sakit" in shown.text

                # acknowledge the final report on the page; the id in the form is ignored
                done = await siti.submit(page, ack, {"back": "case", "companion_id": "comp-budi"})
                assert (done.status_code, done.headers["location"]) == (303, page)
                loops = {
                    loop["referral_id"]: loop["closed"]
                    for loop in (await api.get(f"/cases/{mine}"))["loops"]
                }
                assert loops[health["referral_id"]] is True
                detail = (await siti.http.get(f"/companion/api/cases/{mine}")).json()
                timeline = next(
                    r for r in detail["referrals"] if r["referral_id"] == health["referral_id"]
                )
                assert [s["state"] for s in timeline["steps"]] == ["done"] * 5
                assert timeline["steps"][-1]["by"] == "comp-siti"

                # the acceptance through the JSON API, once
                acknowledged = await siti.api_post(api_ack.format(accepted["outcome_id"]))
                assert acknowledged.status_code == 200
                assert acknowledged.json()["acknowledged_at"] is not None
                again = await siti.api_post(api_ack.format(accepted["outcome_id"]))
                assert again.status_code == 409
                assert again.json()["rule"] == "outcome_acknowledged_once"
                headerless = await siti.http.post(api_ack.format(accepted["outcome_id"]))
                assert headerless.status_code == 403

                # an offline institution's answer and report, recorded on the page
                refused = await siti.submit(page, offline, {"decision": "declined"})
                assert refused.status_code == 422
                assert "Penolakan memerlukan alasan" in refused.text
                incomplete = await siti.submit(page, offline, {})
                assert incomplete.status_code == 422
                assert "Jawaban: wajib diisi" in incomplete.text
                answered = await siti.submit(page, offline, {"decision": "accepted"})
                assert answered.status_code == 303
                report = f"{page}/referrals/{letter['referral_id']}/offline-report"
                fields = {"status": "completed", "final": "on", "note": "Dokumen kependudukan"}
                assert (await siti.submit(page, report, fields)).status_code == 303
                recorded = await api.referral(mine, letter["referral_id"])
                assert recorded["status"] == "completed"
                assert [r["agency_id"] for r in recorded["reports"]] == ["kh-dukcapil"]

                # ...and they count like electronic ones: in the inbox, closing the loop
                inbox = await api.get("/companions/comp-siti/inbox")
                by_hand = [i for i in inbox if i["referral_id"] == letter["referral_id"]]
                assert sorted(i["final"] for i in by_hand) == [False, True]
                assert {i["agency_id"] for i in by_hand} == {"kh-dukcapil"}
                for item in by_hand:
                    action = f"{page}/outcomes/{item['outcome_id']}/acknowledge"
                    assert (
                        await siti.submit("/companion/", action, {"back": "home"})
                    ).status_code == 303
                case = await api.get(f"/cases/{mine}")
                assert case["open_loops"] == 0
                assert "Semua rujukan tuntas" in (await siti.page(page)).text


async def test_a_supervisor_acknowledges_an_escalated_notice_without_reaching_the_case(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    settings: dict[str, Any] = {"monitor_interval_s": 0.2}
    with database(db_kind, tmp_path) as url:
        async with hub_with_companions(broker.bootstrap_servers, url, SITI, ANI, **settings) as hub:
            api = Api(hub.http)
            case_id = await api.open_case(a_name())
            number = (await api.to_contract(case_id, "trafficking"))["case_number"]
            await api.assess(case_id, ["identification"])
            await api.plan(case_id, HUB_ID, [("IDENTIFIKASI", "identification", "kh-imigrasi")])
            # no Kantor Imigrasi service runs here: the referral goes unanswered
            silent = (await api.refer(case_id, "IDENTIFIKASI", "kh-imigrasi"))["referral"]
            hub_of(hub).clock = later(timedelta(days=6))
            await api.status_becomes(case_id, silent["referral_id"], "expired")

            async with companion(hub.app) as ani:
                assert (await ani.log_in("sup-ani")).status_code == 303
                view = (await ani.http.get("/companion/api/cases")).json()
                (notice,) = view["overdue"]
                assert (notice["escalated"], notice["own_case"]) == (True, False)
                assert view["cases"] == []
                home = await ani.page("/companion/")
                assert number in home.text
                assert f'href="/companion/cases/{case_id}"' not in home.text
                assert "Dieskalasi ke penyelia" in home.text
                assert (await ani.page(f"/companion/cases/{case_id}")).status_code == 404

                action = f"/companion/cases/{case_id}/outcomes/{notice['outcome_id']}/acknowledge"
                done = await ani.submit("/companion/", action, {"back": "home"})
                assert (done.status_code, done.headers["location"]) == (303, "/companion/")
                assert (await ani.http.get("/companion/api/cases")).json()["overdue"] == []

            async with companion(hub.app) as siti:
                assert (await siti.log_in("comp-siti")).status_code == 303
                view = (await siti.http.get("/companion/api/cases")).json()
                assert [(o["escalated"], o["own_case"]) for o in view["overdue"]] == [(False, True)]
                assert view["overdue"][0]["agency_id"] == "kh-imigrasi"
                detail = (await siti.http.get(f"/companion/api/cases/{case_id}")).json()
                (timeline,) = detail["referrals"]
                assert timeline["status"] == "expired"
                assert [s["state"] for s in timeline["steps"]][-1] == "done"
