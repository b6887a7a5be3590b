"""The demo's HTTP side: the companion at each hub and the staff at each agency's
referral desk, acting through the public APIs of the running network only.

Every id is chosen here (``demo-kh-<run>``, ``demo-kh-<run>-health``), so two runs
against the same network never collide and a reader finds the cases again with
``rujukan status``.
"""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx

from ops.demo import canaries, desk_forms, script, timeline
from ops.demo.script import ScriptedCase, ScriptedReferral
from rujukan.directory import load_directory
from rujukan.runtime.accounts.demo import demo_account_with, demo_token

POLL_S = 0.1
INTAKE_OFFICER = demo_account_with("intake_officer").account_id
DESK_STAFF = demo_account_with("desk_staff").account_id
"""The demo accounts the script acts as (besides each case's companion), from the demo
accounts `rujukan up` seeded."""
"""How often the companion and the staff look again: a hop of the local network takes
tens of milliseconds."""

Echo = Callable[[str], None]


class DemoError(RuntimeError):
    """The network refused a scripted request or did not answer it."""


@dataclass(frozen=True)
class Http:
    """JSON over HTTP, as one demo account (its API token from the demo accounts `rujukan
    up` seeded, :mod:`rujukan.runtime.accounts.demo`); anything but the expected status
    is a :class:`DemoError` naming the request and the answer (a refusal names its rule
    and article)."""

    client: httpx.AsyncClient
    token: str | None = None

    def as_account(self, agency_id: str, account_id: str) -> "Http":
        """The same client, calling as ``account_id`` of ``agency_id``."""
        return Http(self.client, demo_token(load_directory().get(agency_id), account_id))

    async def get(self, url: str) -> Any:
        return await self._send("GET", url, None, 200)

    async def post(self, url: str, body: Mapping[str, Any], expect: int = 200) -> Any:
        return await self._send("POST", url, body, expect)

    async def _send(
        self, method: str, url: str, body: Mapping[str, Any] | None, expect: int
    ) -> Any:
        try:
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            response = await self.client.request(method, url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DemoError(f"{method} {url}: {exc!r}") from exc
        if response.status_code != expect:
            raise DemoError(f"{method} {url}: {response.status_code} {response.text}")
        return response.json()


@dataclass
class CaseRun:
    """One scripted case on its way through the network."""

    script: ScriptedCase
    case_id: str
    hub_url: str
    last_view: Mapping[str, Any] | None = None
    """The hub's case view as the companion last read it."""
    closed: bool = False

    def referral_id(self, referral: ScriptedReferral) -> str:
        return f"{self.case_id}-{referral.key}"

    def still_open(self) -> int:
        """Loops not closed: every scripted referral until the hub shows them closed."""
        view = self.last_view
        if view is None:
            return len(self.script.referrals)
        missing = len(self.script.referrals) - len(view["referrals"])
        return int(view["open_loops"]) + max(missing, 0)


@dataclass(frozen=True)
class DemoResult:
    case_ids: tuple[str, ...]
    referrals: int
    still_open: int
    elapsed_s: float


async def run(
    urls: Mapping[str, str],
    *,
    timeout: float,
    pace: float,
    echo: Echo,
    today: date | None = None,
    via_desk: bool = False,
) -> DemoResult:
    """Drive both scripted cases at once until every referral's loop is closed or the
    timeout passes; print each referral's timeline as the hub records it. With
    ``via_desk`` the agencies' staff answer through the desk web app's forms."""
    started, clock = datetime.now(UTC), time.monotonic()
    today = today or started.date()
    cases = canaries.from_environment(script.cases(today))
    run_id = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(timeout=10.0) as client:
        http = Http(client)
        await _check_running(http, urls, cases)
        runs = [CaseRun(c, f"demo-{c.key}-{run_id}", urls[c.hub_id]) for c in cases]
        printed: set[timeline.Step] = set()
        try:
            async with asyncio.timeout(timeout), asyncio.TaskGroup() as group:
                for case_run in runs:
                    group.create_task(
                        _drive(http, urls, case_run, pace, echo, today, via_desk=via_desk)
                    )
                group.create_task(_print_timelines(runs, printed, echo, started))
        except TimeoutError:
            _print_new_steps(runs, printed, echo, started)
            for case_run in runs:
                for loop in _open_loops(case_run):
                    echo(f"open: {case_run.case_id} {loop}")
        except ExceptionGroup as group:
            raise _first_error(group) from None
    return DemoResult(
        case_ids=tuple(r.case_id for r in runs),
        referrals=sum(len(c.referrals) for c in cases),
        still_open=sum(r.still_open() for r in runs),
        elapsed_s=time.monotonic() - clock,
    )


def _first_error(group: BaseExceptionGroup[Exception]) -> Exception:
    """The first refusal of a failed run, out of its (nested) task groups."""
    first = group.exceptions[0]
    return _first_error(first) if isinstance(first, BaseExceptionGroup) else first


def _open_loops(case_run: CaseRun) -> list[str]:
    """The open loops of the case as last read, and the scripted referrals not issued."""
    view = case_run.last_view
    issued = {r["referral_id"] for r in view["referrals"]} if view is not None else set()
    missing = [case_run.referral_id(r) for r in case_run.script.referrals]
    return (timeline.open_loops(view) if view is not None else []) + [
        f"{rid} (not issued)" for rid in missing if rid not in issued
    ]


async def _check_running(
    http: Http, urls: Mapping[str, str], cases: tuple[ScriptedCase, ...]
) -> None:
    """Every hub and online target of the script answers ``/readyz``: a clear message
    instead of a refused referral when the network is not up."""
    directory = load_directory()
    needed = [c.hub_id for c in cases] + [
        r.target_id for c in cases for r in c.referrals if directory.get(r.target_id).runs_software
    ]
    for agency_id in dict.fromkeys(needed):
        url = urls.get(agency_id)
        if url is None:
            raise DemoError(f"no URL for {agency_id}: is it in the local network?")
        try:
            await http.get(f"{url}/readyz")
        except DemoError as exc:
            raise DemoError(
                f"{agency_id} is not ready at {url} ({exc}); start the network with `rujukan up`"
            ) from exc


async def _drive(
    http: Http,
    urls: Mapping[str, str],
    case_run: CaseRun,
    pace: float,
    echo: Echo,
    today: date,
    *,
    via_desk: bool = False,
) -> None:
    """The companion takes the case from complaint to plan and issues its referrals;
    each target's staff (or, for an institution without software, the companion) answer
    and report; the companion acknowledges every outcome until every loop is closed."""
    case, hub, case_id = case_run.script, case_run.hub_url, case_run.case_id
    path = f"{hub}/cases/{case_id}"
    officer = http.as_account(case.hub_id, INTAKE_OFFICER)
    await officer.post(f"{hub}/complaints", case.complaint | {"case_id": case_id}, expect=201)
    registered = await officer.post(f"{path}/registration", {"category": case.category})
    echo(
        f"case {case_id} {registered['case_number']} ({registered['district']}, "
        f"{case.category}): companion {case.companion_id}, {len(case.referrals)} referrals"
    )
    await officer.post(
        f"{path}/companion",
        {
            "companion_id": case.companion_id,
            "role": "social_worker",
            "assignment_letter_ref": f"800/DEMO/{case.key.upper()}/{case_id[-6:]}",
            "supervisor_id": case.supervisor_id,
        },
    )
    http = http.as_account(case.hub_id, case.companion_id)
    await http.post(f"{path}/initial-contact", {})
    await http.post(f"{path}/service-contract", {"agreed_by": "child_and_guardian"})
    await http.post(f"{path}/assessment", case.assessment)
    await http.post(f"{path}/plan", case.plan(today))
    async with asyncio.TaskGroup() as group:
        for referral in case.referrals:
            referral_id = case_run.referral_id(referral)
            issued = await http.post(
                f"{path}/referrals",
                {
                    "referral_id": referral_id,
                    "stage": referral.stage,
                    "target_id": referral.target_id,
                }
                | _note(referral.note),
            )
            if issued["referral"]["offline"]:
                group.create_task(_by_letter(http, path, referral, referral_id, pace))
            elif via_desk:
                desk = urls[referral.target_id]
                group.create_task(_desk_forms(http, desk, referral, referral_id, pace))
            else:
                desk = urls[referral.target_id]
                staff = http.as_account(referral.target_id, DESK_STAFF)
                group.create_task(_desk_staff(staff, desk, case_id, referral, referral_id, pace))
        group.create_task(_companion(http, case_run))


def _note(note: str | None) -> script.Body:
    return {"note": note} if note else {}


async def _desk_staff(
    http: Http,
    desk: str,
    case_id: str,
    referral: ScriptedReferral,
    referral_id: str,
    pace: float,
) -> None:
    """The agency's staff find the referral among the new ones, accept it and report."""

    async def arrived() -> bool:
        queue = await http.get(f"{desk}/referrals?status=received&case_id={case_id}")
        return any(r["referral_id"] == referral_id for r in queue["referrals"])

    await _until(arrived)
    await asyncio.sleep(pace)
    await http.post(f"{desk}/referrals/{referral_id}/accept", _note(referral.answer_note))
    for report in referral.reports:
        await asyncio.sleep(pace)
        await http.post(f"{desk}/referrals/{referral_id}/reports", report, expect=201)


async def _desk_forms(
    http: Http, desk: str, referral: ScriptedReferral, referral_id: str, pace: float
) -> None:
    """The agency's staff answer and report through the desk web app's forms, in a
    browser session of their own (cookies, form tokens)."""
    async with httpx.AsyncClient(timeout=http.client.timeout) as browser:
        await desk_forms.answer_through_forms(
            browser,
            desk,
            referral_id,
            referral.answer_note,
            referral.reports,
            pace=pace,
            error=DemoError,
            until=_until,
        )


async def _by_letter(
    http: Http, case_path: str, referral: ScriptedReferral, referral_id: str, pace: float
) -> None:
    """An institution without software answers and reports on paper; the companion
    records both at the hub (counted exactly like an electronic answer)."""
    path = f"{case_path}/referrals/{referral_id}"
    answer = {"decision": "accepted", "note": referral.answer_note or "by letter"}
    await asyncio.sleep(pace)
    await http.post(f"{path}/offline-answer", answer)
    for report in referral.reports:
        await asyncio.sleep(pace)
        await http.post(f"{path}/offline-report", report)


async def _companion(http: Http, case_run: CaseRun) -> None:
    """The companion watches the case and acknowledges every outcome delivered to them,
    until every loop is closed (LT Pasal 17(3))."""
    case = case_run.script
    path = f"{case_run.hub_url}/cases/{case_run.case_id}"
    while True:
        view = await http.get(path)
        case_run.last_view = view
        pending = timeline.unacknowledged_outcomes(view, case.companion_id)
        for outcome_id in pending:
            case_run.last_view = await http.post(
                f"{path}/outcomes/{outcome_id}/acknowledgement", {}
            )  # the hub answers with the case as it now stands (acknowledged by the caller)
        if not pending and case_run.still_open() == 0:
            case_run.closed = True
            return
        await asyncio.sleep(POLL_S)


async def _print_timelines(
    runs: list[CaseRun], printed: set[timeline.Step], echo: Echo, started: datetime
) -> None:
    """Print the new steps of every case together, in time order, as the companions
    read them, until every case's loops are closed."""
    while True:
        finished = all(r.closed for r in runs)
        _print_new_steps(runs, printed, echo, started)
        if finished:
            return
        await asyncio.sleep(POLL_S)


def _print_new_steps(
    runs: list[CaseRun], printed: set[timeline.Step], echo: Echo, started: datetime
) -> None:
    found = [s for r in runs if r.last_view is not None for s in timeline.steps(r.last_view)]
    for text in timeline.new_lines(found, printed, started):
        echo(text)


async def _until(condition: Callable[[], Awaitable[bool]]) -> None:
    while not await condition():
        await asyncio.sleep(POLL_S)
