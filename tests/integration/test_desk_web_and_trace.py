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
from rujukan.runtime.accounts.demo import seed
from rujukan.runtime.audit.trail import records
from rujukan.runtime.case_trace import short_event, trace_ids
from schemas.events.referral import ReferralAccepted
from services.health import SERVICE as HEALTH
from services.intake import SERVICE as HUB
from services.intake import tables as hub_tables
from tests.support.hub_api import Api, a_name
from tests.support.services import running, running_together
from tests.support.serving import served

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID = "kh-hub"
RSUD = "kh-rsud"
TODAY = datetime.now(UTC).date().isoformat()


def trace(case_id: str, hub_url: str, rsud_url: str) -> Result:
    return CliRunner().invoke(
        cli, ["trace", case_id, "--url", f"{HUB_ID}={hub_url}", "--url", f"{RSUD}={rsud_url}"]
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
        running(HUB, agency_id=HUB_ID, bootstrap=bootstrap, database_url=hub_db) as hub,
        served(hub.app) as hub_url,
        served(started[RSUD].app) as rsud_url,
        httpx.AsyncClient(timeout=20.0) as client,
    ):
        rsud = started[RSUD]
        seed(hub.runtime.accounts)
        seed(rsud.runtime.accounts)
        api = Api(hub.http)
        child = a_name()
        case_id = await api.open_case(child)
        await api.to_contract(case_id, "trafficking")
        await api.assess(case_id, ["health"])
        await api.plan(case_id, HUB_ID, [("REHABILITASI_KESEHATAN", "health", RSUD)])
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
        result = await asyncio.to_thread(trace, case_id, hub_url, rsud_url)
        assert result.exit_code == 1, result.output
        assert (
            f"DISAGREE not_received_by_hub: {RSUD} {referral_id} referral.accepted" in result.output
        )
        assert (
            f"DISAGREE not_sent_by_agency: {RSUD} {referral_id} service.reported "
            f"{last_report.report_id}" in result.output
        )

        # only the district's auditor reaches a trace
        staff = await hub.http.get(f"/trace/cases/{case_id}")
        assert staff.status_code == 403
        assert (await rsud.anonymous.get(f"/trace/cases/{case_id}")).status_code == 401


def desk_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)
