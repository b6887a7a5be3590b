"""The district's report through the running network (issue: reports for the task force
and the Bupati): a known set of cases, referrals and school reports driven through the
real broker into the Singkawang hub, a stand-in RSUD and the education service; the
sections the hub and the education service publish to the district's reporting role
hold exactly those figures, a small cell withheld; no withheld figure can be solved for;
no identity or free text (each a canary) is in any format's text, the PDF's included
(poppler's ``pdftotext``); and no other role reaches the route."""

import json
import shutil
import subprocess
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from ops.reports.collect import report as joined
from ops.reports.formats import as_csv, as_html, as_json, as_pdf
from ops.services import definition_for
from rujukan.directory import load_directory
from rujukan.referral_deadlines import district_timezone
from rujukan.runtime.reports import SECTION_PATH
from schemas.vocabulary import AgencyKind
from tests.support.databases import database
from tests.support.disclosure_attack import exposed_in_report
from tests.support.hub_api import Api
from tests.support.responder_service import ACCEPT_ONLY, DECLINE, RESPONDER
from tests.support.services import RunningService, running_together

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB_ID, SCHOOLS_ID, RSUD_ID = "skw-hub", "skw-disdik", "skw-rsud"
TAG = f"Rpt{uuid.uuid4().hex[:8]}"
SCHOOL = "20100001"
CALM: dict[str, Any] = {
    "consumer_session_timeout_ms": 6000,
    "consumer_heartbeat_interval_ms": 1000,
    "incarnation_check_interval_s": 2.0,
}
REPORT_SECRET = "r" * 40
"""The district reporting officer's token secret, the same at both agencies."""


def canary(where: str, n: int) -> str:
    return f"{TAG}-{where}-{n}"


def child(n: int) -> dict[str, Any]:
    return {
        "name": canary("name", n),
        "date_of_birth": "2012-05-01",
        "sex": "female",
        "address": canary("address", n),
        "disability": canary("disability", n),
        "guardian_contact": canary("guardian", n),
    }


async def open_and_refer(
    api: Api, n: int, category: str, channel: str, note: str | None
) -> tuple[str, str]:
    """A case from complaint to a health referral to the RSUD, free text all canaries."""
    opened = await api.post(
        "/complaints",
        {
            "channel": channel,
            "complainant": "family",
            "child": child(n),
            "case_information": canary("information", n),
            "suspected_category": category,
        },
        status=201,
    )
    case_id = str(opened["case_id"])
    await api.to_contract(case_id, category)
    conditions = ("physical", "psychological", "social", "spiritual")
    await api.post(
        f"/cases/{case_id}/assessment",
        {
            **{f"{c}_condition": canary(c, n) for c in conditions},
            "legal_status": canary("legal", n),
            "analysis": canary("analysis", n),
            "conclusion": canary("conclusion", n),
            "recommended_services": ["health"],
        },
    )
    await api.plan(case_id, HUB_ID, [("LAYANAN_KESEHATAN", "health", RSUD_ID)])
    options = {"note": note} if note else {}
    referred = await api.refer(case_id, "LAYANAN_KESEHATAN", RSUD_ID, **options)
    return case_id, str(referred["referral"]["referral_id"])


def reporting_officer(*services: RunningService) -> str:
    """The district's reporting officer, an account of the district at each agency."""
    for service in services:
        accounts = service.runtime.accounts
        accounts.add("pelapor", "Pelapor", ["report_officer"], district_level=True)
        token = accounts.issue_token("pelapor", REPORT_SECRET)
    return token


async def section(service: RunningService, token: str, start: str, end: str) -> dict[str, Any]:
    response = await service.anonymous.get(
        SECTION_PATH,
        params={"from": start, "to": end},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def table(sec: dict[str, Any], name: str, *, previous: bool = False) -> dict[str, Any]:
    tables = sec["previous_tables" if previous else "tables"]
    return next(t for t in tables if t["name"] == name)


def cell(t: dict[str, Any], row: str, col: str) -> int | None:
    value: int | None = t["cells"][t["rows"].index(row)][t["cols"].index(col)]
    return value


def agrees(t: dict[str, Any], truth: Counter[tuple[str, str]]) -> list[str]:
    """Every figure of ``t`` that is published and differs from ``truth``, and every
    small count that is published (both must be empty)."""
    wrong = []
    for r, row in enumerate(t["rows"]):
        for c, col in enumerate(t["cols"]):
            real, shown = truth[(row, col)], t["cells"][r][c]
            if (shown is not None and shown != real) or (0 < real < 5 and shown is not None):
                wrong.append(f"{t['name']}[{row},{col}] = {shown}, is {real}")
        if t["row_totals"] is not None:
            real = sum(v for (rr, _c), v in truth.items() if rr == row)
            if t["row_totals"][r] not in (None, real) or (0 < real < 5 and t["row_totals"][r]):
                wrong.append(f"{t['name']}[{row}] total = {t['row_totals'][r]}, is {real}")
    total = sum(truth.values())
    if t["total"] not in (None, total) or (0 < total < 5 and t["total"] is not None):
        wrong.append(f"{t['name']} total = {t['total']}, is {total}")
    return wrong


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (installed by scripts/test.sh)."""
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


async def test_the_district_report_counts_what_happened_and_never_identifies_a_child(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as hub_db, database(db_kind, tmp_path) as schools_db:
        services = {
            RSUD_ID: (RESPONDER, f"sqlite:///{tmp_path / 'rsud.db'}"),
            HUB_ID: (definition_for(AgencyKind.INTAKE), hub_db),
            SCHOOLS_ID: (definition_for(AgencyKind.EDUCATION), schools_db),
        }
        await _report_of_known_cases(broker, services, tmp_path)


async def _report_of_known_cases(
    broker: LocalBroker, services: dict[str, tuple[Any, str]], tmp_path: Path
) -> None:
    """The report's figures against the cases, referrals and school reports driven here
    (on the hub's and the education service's databases of the test's kind)."""
    async with running_together(services, bootstrap=broker.bootstrap_servers, **CALM) as net:
        hub, schools = net[HUB_ID], net[SCHOOLS_ID]
        api = Api(hub.http)
        # six cases of sexual violence by the hotline, five served, one declined; one
        # trafficking case that walked in, accepted and still open
        notes = [None, None, None, None, None, DECLINE]
        driven = [
            await open_and_refer(api, n, "sexual_violence", "hotline_129", note)
            for n, note in enumerate(notes)
        ]
        driven.append(await open_and_refer(api, 6, "trafficking", "walk_in", ACCEPT_ONLY))
        cases, referrals = [c for c, _r in driven], [r for _c, r in driven]
        for case_id, referral_id, status in zip(
            cases, referrals, [*["completed"] * 5, "declined", "accepted"], strict=True
        ):
            await api.status_becomes(case_id, referral_id, status)
        # the companion acknowledges every outcome but the trafficking case's
        siti = Api(hub.client_for("comp-siti", "companion"))
        inbox = await siti.get("/companions/comp-siti/inbox?all=true")
        for item in inbox:
            if item["case_id"] != cases[-1]:
                await siti.post(
                    f"/cases/{item['case_id']}/outcomes/{item['outcome_id']}/acknowledgement"
                )

        # the hub's section before the schools' reports open cases of their own (BTG 18(6))
        token = reporting_officer(hub, schools)
        # the report counts the district's own days (WIB here), not UTC's
        today = datetime.now(district_timezone(load_directory().get(HUB_ID).district)).date()
        start, end = str(today - timedelta(days=29)), str(today)
        hub_section = await section(hub, token, start, end)

        # six school reports by letter: five of physical violence, one of bullying
        tppk = Api(schools.client_for("tppk-1", "tppk", school_id=SCHOOL))
        for n, form in enumerate(["physical"] * 5 + ["bullying"]):
            await tppk.post(
                "/school-reports",
                {
                    "channel": "letter",
                    "schools": [SCHOOL],
                    "parties": [
                        {
                            "party_id": "p-v",
                            "roles": ["victim"],
                            "status": "pupil",
                            "child": True,
                            "school_id": SCHOOL,
                        },
                        {
                            "party_id": "p-r",
                            "roles": ["reported"],
                            "status": "pupil",
                            "child": True,
                            "school_id": SCHOOL,
                        },
                    ],
                    "identities": [
                        {
                            "party_id": "p-v",
                            "name": canary("pupil", n),
                            "sex": "male",
                            "date_of_birth": "2013-02-01",
                            "guardian_contact": canary("parent", n),
                        }
                    ],
                    "forms": [form],
                    "impacts": ["psychological_harm"],
                },
                status=201,
            )

        school_section = await section(schools, token, start, end)

        # --- the hub's figures against what was driven --------------------------------
        opened = table(hub_section, "cases_opened")
        truth = Counter({("sexual_violence", "hotline_129"): 6, ("trafficking", "walk_in"): 1})
        assert agrees(opened, truth) == []
        assert cell(opened, "trafficking", "walk_in") is None  # one child: withheld
        # its complement: with the grand total of 7 published, the 6 would give the 1 back
        assert cell(opened, "sexual_violence", "hotline_129") is None
        assert opened["total"] == 7
        by_agency = table(hub_section, "referrals_by_agency")
        status_truth = Counter(
            {(RSUD_ID, "completed"): 5, (RSUD_ID, "declined"): 1, (RSUD_ID, "accepted"): 1}
        )
        assert agrees(by_agency, status_truth) == []
        assert cell(by_agency, RSUD_ID, "completed") == 5
        by_stage = table(hub_section, "referrals_by_stage")
        assert agrees(by_stage, Counter({("LAYANAN_KESEHATAN", "health"): 7})) == []
        assert by_stage["total"] == 7
        answers = table(hub_section, "answer_deadlines")
        assert agrees(answers, Counter({("health", "met"): 7})) == []
        assert cell(answers, "health", "met") == 7
        outcomes = table(hub_section, "outcome_deadlines")
        assert agrees(outcomes, Counter({("health", "met"): 5, ("health", "open"): 1})) == []
        declines = table(hub_section, "declines")
        assert agrees(declines, Counter({("no_capacity", "count"): 1})) == []
        assert cell(declines, "no_capacity", "count") is None
        acknowledged = Counter(
            (i["agency_id"], "waiting" if i["case_id"] == cases[-1] else "acknowledged")
            for i in inbox
        )
        assert agrees(table(hub_section, "outcomes_acknowledged"), acknowledged) == []
        for empty in ("cases_closed", "escalations", "reroutings", "trafficking_returns"):
            assert table(hub_section, empty)["total"] == 0
        assert all(t["total"] == 0 for t in hub_section["previous_tables"])
        medians = {m["name"]: m["values"] for m in hub_section["measures"]}
        assert medians["answer_days"] == {"health": 0.0}  # 7 answers, the same day
        assert medians["outcome_days"] == {"health": 0.0}

        # --- the education service's figures ------------------------------------------
        by_form = table(school_section, "school_reports_by_form")
        forms = Counter({("physical", "tppk"): 5, ("bullying", "tppk"): 1})
        assert agrees(by_form, forms) == []
        assert by_form["row_totals"][by_form["rows"].index("bullying")] is None
        steps = table(school_section, "school_reports_by_step")
        assert agrees(steps, Counter({("tppk", "received"): 6})) == []
        assert cell(steps, "tppk", "received") == 6
        origin = table(school_section, "school_reports_by_origin")
        assert agrees(origin, Counter({("report", "count"): 6})) == []

        # --- nothing withheld can be solved for -----------------------------------------
        report = joined("singkawang", "Kota Singkawang", [hub_section, school_section])
        assert exposed_in_report(report) == []

        # --- no identity, no free text, in any format -----------------------------------
        texts = {
            "json": as_json(report).decode(),
            "csv": as_csv(report).decode(),
            "html": as_html(report).decode(),
            "pdf": pdf_text(as_pdf(report), tmp_path),
        }
        for form, text in texts.items():
            assert TAG not in text, form
            assert "referrals_by_agency" in text or "by agency and status" in text, form
        assert "Cases opened, by category and channel" in texts["pdf"]
        assert "sexual violence" in texts["pdf"]
        assert "<5*" in texts["pdf"]
        assert json.loads(texts["json"])["sections"][0]["agency_id"] == HUB_ID

        # --- only the district's reporting role --------------------------------------
        params = {"from": start, "to": end}
        refused = await hub.http.get(SECTION_PATH, params=params)  # an intake officer
        assert refused.status_code == 403
        assert (await hub.anonymous.get(SECTION_PATH, params=params)).status_code == 401
        dinas = schools.client_for("dinas-1", "dinas")
        assert (await dinas.get(SECTION_PATH, params=params)).status_code == 403
        backwards = await hub.anonymous.get(
            SECTION_PATH,
            params={"from": end, "to": start},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert backwards.status_code == 422
        assert backwards.json()["rule"] == "report_period"
