"""The desk web app and the auditor's trace through the real broker: the RSUD's staff
answer a referral through the desk's forms as a browser without JavaScript does
(cookies, form tokens), a report its rules refuse shows the rule and its article and
changes nothing; then `rujukan trace` joins the hub's journal with the RSUD's own records
line by line, shows no identity, and reports a dropped answer and a report the agency
never sent as disagreements. One network (hub + RSUD, served on loopback ports) for the
whole module's one scenario."""

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select
from typer.testing import CliRunner, Result

from ops.broker import LocalBroker
from ops.cli.main import app as cli
from ops.demo.desk_forms import DeskBrowser, report_fields
from rujukan.desk import tables as desk_tables
from rujukan.desk.store import DeskRepository
from rujukan.runtime.accounts.demo import demo_account_with, demo_token, seed
from rujukan.runtime.audit.trail import records
from rujukan.runtime.case_trace import short_event, trace_ids
from schemas.events.referral import ReferralAccepted
from services.health import SERVICE as HEALTH
from services.intake import SERVICE as HUB
from services.intake import tables as hub_tables
from tests.support.hub_api import Api, a_name
from tests.support.services import RunningService, running, running_together
from tests.support.serving import served

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID = "kh-hub"
RSUD = "kh-rsud"
TODAY = datetime.now(UTC).date().isoformat()


def trace(case_id: str, hub_url: str, rsud_url: str, *more: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["trace", case_id, "--url", f"{HUB_ID}={hub_url}", "--url", f"{RSUD}={rsud_url}", *more],
    )


def trace_lines(output: str, agency: str) -> list[list[str]]:
    """The trace's lines of ``agency``, split in columns (time, agency, role, event...)."""
    rows = [re.split(r"\s{2,}", line) for line in output.splitlines()]
    return [r for r in rows if len(r) >= 6 and r[1] == agency]


async def test_staff_answer_through_the_desk_and_the_trace_joins_and_checks_the_records(
    broker: LocalBroker, tmp_path: Path
) -> None:
    bootstrap = broker.bootstrap_servers
    agencies = {RSUD: (HEALTH, f"sqlite:///{tmp_path / 'rsud.db'}")}
    hub_db = f"sqlite:///{tmp_path / 'hub.db'}"
    async with (
        running_together(agencies, bootstrap=bootstrap) as started,
        served(started[RSUD].app) as rsud_url,
        running(
            HUB,
            agency_id=HUB_ID,
            bootstrap=bootstrap,
            database_url=hub_db,
            agency_urls={RSUD: rsud_url},
        ) as hub,
        served(hub.app) as hub_url,
        httpx.AsyncClient(timeout=20.0) as client,
    ):
        rsud = started[RSUD]
        seed(hub.runtime.accounts)
        seed(rsud.runtime.accounts)
        api = Api(hub.http)
        child = a_name()
        case_id = await api.open_case(child)
        await api.planned(case_id, HUB_ID, [("REHABILITASI_KESEHATAN", "health", RSUD)])
        issued = await api.refer(case_id, "REHABILITASI_KESEHATAN", RSUD)
        referral_id = issued["referral"]["referral_id"]

        # a stranger is sent to sign in; staff sign in and find the referral among the new
        page = await client.get(f"{rsud_url}/desk/", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/desk/login")
        desk = DeskBrowser(client, rsud_url, AssertionError)
        await desk.sign_in()
        await api.status_becomes(case_id, referral_id, "received")
        inbox = (await client.get(f"{rsud_url}/desk/")).text
        new = inbox.split('data-section="new"')[1].split("</section>")[0]
        assert f'data-referral="{referral_id}"' in new
        assert child not in inbox

        # staff choose how they are told, on a page of the desk app (its session cookie)
        assert 'href="/desk/notifications"' in inbox
        prefs = await client.get(f"{rsud_url}/desk/notifications")
        assert prefs.status_code == 200
        assert prefs.headers["content-security-policy"].startswith("default-src 'self'")
        assert '<html lang="id">' in prefs.text
        form = {"csrf_token": desk_token(prefs.text), "email": "staff@rsud.test"}
        half = await client.post(
            f"{rsud_url}/desk/notifications?lang=en", data={**form, "quiet_from": "22:00"}
        )
        assert half.status_code == 422
        assert "Quiet hours need both a start and an end (HH:MM)" in half.text
        chosen = await client.post(f"{rsud_url}/desk/notifications", data=form)
        assert chosen.status_code == 200
        assert "Channels now: email<" in chosen.text  # English, as asked for and remembered
        again = (await client.get(f"{rsud_url}/desk/notifications?lang=id")).text
        assert again.count("staff@rsud.test")
        assert "Saluran saat ini: email<" in again

        # its page shows the identity, and that view is audited
        shown = await client.get(f"{rsud_url}/desk/referrals/{referral_id}")
        assert child in shown.text
        assert shown.headers["content-security-policy"].startswith("default-src 'self'")
        with rsud.runtime.read_sessions() as session:
            actions = [r.entry.action for r in records(session, case_id=case_id)]
        assert "desk.referral.identity.read" in actions

        # a form without the session's token changes nothing
        forged = await client.post(
            f"{rsud_url}/desk/referrals/{referral_id}/accept", data={"csrf_token": "x"}
        )
        assert forged.status_code == 403
        await desk.submit(referral_id, "accept", {"note": "Poli anak, besok pagi"})
        await api.status_becomes(case_id, referral_id, "accepted")

        # a visum without the examination it reports is refused on the form (KH Lampiran I)
        visum = {"kind": "visum_issued", "document_ref": "VER/1", "issued_on": TODAY}
        refused = await client.post(
            f"{rsud_url}/desk/referrals/{referral_id}/report",
            data={
                "csrf_token": desk_token(shown.text),
                **report_fields({"status": "completed", "facts": [visum]}),
            },
        )
        assert refused.status_code == 422
        assert "examination_before_visum" in refused.text
        assert "KH Lampiran I" in refused.text
        assert 'data-form="report" open' in refused.text
        with rsud.runtime.read_sessions() as session:
            assert DeskRepository(session).reports_of(referral_id) == []

        exam = {"kind": "medical_examination", "examined_on": TODAY}
        await desk.submit(
            referral_id, "report", report_fields({"status": "completed", "facts": [exam, visum]})
        )
        await desk.submit(referral_id, "hold", {"reason": "Anak dirawat di luar kota"})
        await api.status_becomes(case_id, referral_id, "on_hold")
        await desk.submit(referral_id, "resume", {})
        await api.status_becomes(case_id, referral_id, "in_progress")

        # capacity: refused for a service the matrix does not list the RSUD for
        inbox = (await client.get(f"{rsud_url}/desk/")).text
        beds = {"csrf_token": desk_token(inbox), "service": "shelter", "available": "2"}
        refused_beds = await client.post(f"{rsud_url}/desk/capacity", data=beds)
        assert refused_beds.status_code == 422
        assert "capacity_for_a_listed_service" in refused_beds.text
        beds |= {"service": "health", "available": "3", "capacity": "8"}
        published = await client.post(f"{rsud_url}/desk/capacity", data=beds)
        assert published.status_code == 303
        assert 'data-capacity="health"' in (await client.get(f"{rsud_url}/desk/")).text
        final = {
            "status": "completed",
            "final": True,
            "facts": [{"kind": "treatment", "phase": "completed"}],
        }
        await desk.submit(referral_id, "report", report_fields(final))
        await api.status_becomes(case_id, referral_id, "completed")

        # a reported fact reads in words, in the page's language, not as its code
        done = (await client.get(f"{rsud_url}/desk/referrals/{referral_id}?lang=en")).text
        assert 'Phase <span data-fact-value="phase">completed</span>' in done
        done = (await client.get(f"{rsud_url}/desk/referrals/{referral_id}?lang=id")).text
        assert 'Tahap <span data-fact-value="phase">selesai</span>' in done

        # the trace: every record of the RSUD's, in order, with its trace id; no identity
        result = await asyncio.to_thread(trace, case_id, hub_url, rsud_url)
        assert result.exit_code == 0, result.output
        assert child not in result.output
        assert "Desa Nanga Badau" not in result.output
        with rsud.runtime.read_sessions() as session:
            sent = DeskRepository(session).sent_of(referral_id)
            ids = trace_ids(session, [s["event_id"] for s in sent])
        mine = [
            r
            for r in trace_lines(result.output, RSUD)
            if not r[3].startswith(("audit:", "outcome."))
        ]
        assert [(r[3], r[4], r[5]) for r in mine] == [
            (short_event(s["event_type"]), referral_id, ids[str(s["event_id"])]) for s in sent
        ]
        assert [r[3] for r in mine] == [
            "referral.received",
            "referral.accepted",
            "service.reported",
            "referral.on_hold",
            "referral.resumed",
            "service.reported",
        ]
        with hub.runtime.read_sessions() as session:
            journal = session.execute(
                select(hub_tables.journal.c.kind).where(hub_tables.journal.c.case_id == case_id)
            ).all()
        hub_lines = [r for r in trace_lines(result.output, HUB_ID) if not r[3].startswith("audit:")]
        assert len(hub_lines) == len(journal)
        recorded = [r for r in hub_lines if r[4] == referral_id and r[3] == "referral.accepted"]
        assert recorded
        assert recorded[0][5] == ids[str(sent[1]["event_id"])]
        assert "the hub's and the agencies' records agree" in result.output

        # an answer the hub never received, a report the agency never sent
        with hub.runtime.sessions.begin() as session:
            session.execute(
                delete(hub_tables.journal).where(
                    hub_tables.journal.c.case_id == case_id,
                    hub_tables.journal.c.kind == ReferralAccepted.event_type,
                )
            )
        with rsud.runtime.read_sessions() as session:
            last_report, last_event = DeskRepository(session).reports_of(referral_id)[-1]
        with rsud.runtime.sessions.begin() as session:
            session.execute(
                delete(desk_tables.sent).where(desk_tables.sent.c.event_id == last_event)
            )
        html = tmp_path / "trace.html"
        result = await asyncio.to_thread(trace, case_id, hub_url, rsud_url, "--html", str(html))
        assert result.exit_code == 1, result.output
        assert (
            f"DISAGREE not_received_by_hub: {RSUD} {referral_id} referral.accepted" in result.output
        )
        assert (
            f"DISAGREE not_sent_by_agency: {RSUD} {referral_id} service.reported "
            f"{last_report.report_id}" in result.output
        )

        # the auditor's page at the hub shows the same timeline and disagreements
        written = html.read_text(encoding="utf-8")
        assert 'data-disagreement="not_received_by_hub"' in written
        assert child not in written
        records_count = int(re.search(r": (\d+) records from", result.output).group(1))  # type: ignore[union-attr]
        assert written.count("data-line=") == records_count
        await auditor_page_shows_the_trace(hub, hub_url, case_id, child, records_count)

        # only the district's auditor reaches a trace
        staff = await hub.http.get(f"/trace/cases/{case_id}")
        assert staff.status_code == 403
        assert (await rsud.anonymous.get(f"/trace/cases/{case_id}")).status_code == 401

        await decline_and_refer_on_through_the_forms(api, desk, client, rsud_url)


async def referral_to_rsud(api: Api) -> tuple[str, str]:
    """A new case with one referral from the hub to the RSUD (KH Lampiran I)."""
    case_id = await api.open_case(a_name())
    await api.planned(case_id, HUB_ID, [("REHABILITASI_KESEHATAN", "health", RSUD)])
    issued = await api.refer(case_id, "REHABILITASI_KESEHATAN", RSUD)
    referral_id: str = issued["referral"]["referral_id"]
    await api.status_becomes(case_id, referral_id, "received")
    return case_id, referral_id


async def decline_and_refer_on_through_the_forms(
    api: Api, desk: DeskBrowser, client: httpx.AsyncClient, rsud_url: str
) -> None:
    """The decline and onward forms: a refused form is shown open with why and changes
    nothing; then the hub sees the decline, and the onward referral to a puskesmas the
    matrix lists for the same stage (KH Lampiran I) is recorded and reported."""
    declined_case, declined = await referral_to_rsud(api)
    page = (await client.get(f"{rsud_url}/desk/referrals/{declined}")).text
    no_detail = {"csrf_token": desk_token(page), "reason": "other"}
    refused = await client.post(f"{rsud_url}/desk/referrals/{declined}/decline", data=no_detail)
    assert refused.status_code == 422
    assert 'data-form="decline" open' in refused.text
    assert 'data-action="accept"' in refused.text  # still waiting for an answer
    await desk.submit(declined, "decline", {"reason": "other", "detail": "Dokter anak cuti"})
    await api.status_becomes(declined_case, declined, "declined")

    onward_case, origin = await referral_to_rsud(api)
    await desk.submit(origin, "accept", {})
    page = (await client.get(f"{rsud_url}/desk/referrals/{origin}")).text
    police = {"csrf_token": desk_token(page), "target_id": "kh-polres"}
    refused = await client.post(f"{rsud_url}/desk/referrals/{origin}/onward", data=police)
    assert refused.status_code == 422
    assert 'data-form="onward" open' in refused.text
    assert "KH Lampiran I" in refused.text
    assert "data-onward=" not in refused.text
    await desk.submit(origin, "onward", {"target_id": "kh-puskesmas-badau", "note": "Dekat rumah"})
    shown = (await client.get(f"{rsud_url}/desk/referrals/{origin}")).text
    assert "data-onward=" in shown
    assert 'data-fact-kind="referred_on"' in shown
    await api.status_becomes(onward_case, origin, "in_progress")


async def signed_in(client: httpx.AsyncClient, url: str, account_id: str, password: str) -> str:
    """Sign in at the auditor's page; the page's form token."""
    login = await client.get(f"{url}/audit/login")
    answer = await client.post(
        f"{url}/audit/login",
        data={"account_id": account_id, "password": password, "csrf_token": desk_token(login.text)},
    )
    assert answer.status_code == 303, answer.text
    home = await client.get(f"{url}/audit/")
    return desk_token(home.text) if home.status_code == 200 else ""


async def auditor_page_shows_the_trace(
    hub: RunningService, hub_url: str, case_id: str, child: str, records_count: int
) -> None:
    """The auditor signs in, gives their token on the form; the hub asks the RSUD with it
    (at its address in RUJUKAN_AGENCY_URLS) and shows the joined timeline, the dropped
    answer as a disagreement, and no identity. Anyone else is kept out."""
    auditor = demo_account_with("auditor")  # seeded with its demo password and token
    token = demo_token(hub.runtime.agency, auditor.account_id)
    async with httpx.AsyncClient(timeout=20.0) as browser:
        stranger = await browser.post(
            f"{hub_url}/audit/trace", data={"case_id": case_id, "token": token}
        )
        assert stranger.status_code == 303
        assert stranger.headers["location"].startswith("/audit/login")
        form = await signed_in(browser, hub_url, auditor.account_id, auditor.password or "")
        shown = await browser.post(
            f"{hub_url}/audit/trace", data={"csrf_token": form, "case_id": case_id, "token": token}
        )
        assert shown.status_code == 200, shown.text
        assert shown.text.count("data-line=") == records_count
        assert f'data-agency="{RSUD}"' in shown.text
        assert 'data-disagreement="not_received_by_hub"' in shown.text
        assert 'data-disagreement="not_sent_by_agency"' in shown.text
        assert child not in shown.text
        assert token not in shown.text
        # a token that is not the signed-in auditor's asks nobody
        other = await browser.post(
            f"{hub_url}/audit/trace",
            data={"csrf_token": form, "case_id": case_id, "token": token + "x"},
        )
        assert other.status_code == 403
        assert "data-trace=" not in other.text
    companion = demo_account_with("companion")
    async with httpx.AsyncClient(timeout=20.0) as browser:
        assert (
            await signed_in(browser, hub_url, companion.account_id, companion.password or "") == ""
        )
        assert (await browser.get(f"{hub_url}/audit/")).status_code == 403


def desk_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)
