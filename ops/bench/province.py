"""A province on the network: its directory generated, its topics provisioned in one
operator step, and a sample of its agencies started, to measure what the size of the
directory costs (``rujukan bench --province``; the plan for the country is
``docs/scale.md``).

The province is made of copies of Kapuas Hulu (its directory rows, matrix, calendar and
every other data row that names it), each copy keeping 18 or 19 of its 23 puskesmas:
15 districts and about 400 online agencies. Only a sample of them runs as processes: the
figures that matter are the operator's provisioning, which grows with the province, and
one agency's start-up and one referral's crossing, which must not.
"""

import asyncio
import csv
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ops.broker import LocalBroker, free_port
from ops.cli import account_cmds
from ops.driver import Driver
from ops.network import Member, Network
from rujukan.datafiles import DATA_DIR_ENV, PACKAGED_DATA_DIR
from rujukan.directory import AgencyDirectory, load_directory
from rujukan.runtime.accounts.demo import demo_account_with, demo_token
from rujukan.topology import district_topics, network_topics

TEMPLATE = "kapuas-hulu"
TEMPLATE_PREFIX = "kh-"
DISTRICTS = 15
PUSKESMAS_KEPT = (19, 18)
"""Puskesmas each copy keeps, alternately: 15 copies make about 400 online agencies."""
PARTITIONS = 3
CROSSINGS = 20
TARGET_STAGE = "REHABILITASI_KESEHATAN"
"""The stage of KH Lampiran I that lists the RSUD: the referral each crossing issues."""


def district_id(number: int) -> str:
    return f"provinsi-{number:02d}"


def prefix(number: int) -> str:
    return f"p{number:02d}-"


def write_province(folder: Path, districts: int = DISTRICTS) -> AgencyDirectory:
    """A data folder holding only ``districts`` copies of Kapuas Hulu; every other file
    of the packaged data is copied as it is."""
    shutil.copytree(PACKAGED_DATA_DIR, folder, dirs_exist_ok=True)
    others = sorted(p.name for p in (PACKAGED_DATA_DIR / "districts").iterdir() if p.is_dir())
    for name in others:
        shutil.rmtree(folder / "districts" / name)
    for number in range(1, districts + 1):
        _copy_district_folder(folder / "districts" / district_id(number), number)
    dropped = _dropped_names(others)
    for path in sorted(PACKAGED_DATA_DIR.glob("*.csv")):
        (folder / path.name).write_text(_clone_rows(path.read_text(), districts, dropped))
    return load_directory(folder / "directory.csv")


def _copy_district_folder(target: Path, number: int) -> None:
    target.mkdir(parents=True)
    for source in sorted((PACKAGED_DATA_DIR / "districts" / TEMPLATE).iterdir()):
        (target / source.name).write_text(_renamed(source.read_text(), number))


def _renamed(text: str, number: int) -> str:
    text = re.sub(rf"\b{TEMPLATE_PREFIX}", prefix(number), text)
    return text.replace(TEMPLATE, district_id(number))


def _dropped_names(districts: list[str]) -> re.Pattern[str]:
    """Cells that name a district not in the province, or one of its agencies."""
    agencies = [a.id for a in load_directory(PACKAGED_DATA_DIR / "directory.csv")]
    names = [*districts, *agencies]
    return re.compile("|".join(rf"(^|[\s:]){re.escape(n)}($|[\s,])" for n in names))


def _clone_rows(text: str, districts: int, dropped: re.Pattern[str]) -> str:
    """Each row naming Kapuas Hulu becomes one row per copy, rows naming another
    district go, comments and the rest stay."""
    out: list[str] = []
    puskesmas_seen: dict[int, int] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            out.append(line)
            continue
        cells = next(csv.reader([line]))
        names_template = any(c == TEMPLATE or c.startswith(TEMPLATE_PREFIX) for c in cells)
        if not names_template:
            if not any(dropped.search(c) for c in cells):
                out.append(line)
            continue
        for number in range(1, districts + 1):
            if "puskesmas" in cells:
                kept = puskesmas_seen.get(number, 0)
                if kept >= PUSKESMAS_KEPT[number % 2]:
                    continue
                puskesmas_seen[number] = kept + 1
            out.append(_csv_line([_renamed(c, number) for c in cells]))
    return "\n".join(out) + "\n"


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


@dataclass
class ProvinceFigures:
    """What ``rujukan bench --province`` measures, each start-up beside the same
    agency's start-up on the packaged two-district directory in the same run."""

    values: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@contextmanager
def _data_dir(folder: Path) -> Iterator[None]:
    """Make ``folder`` the data folder of this process and of the agencies it starts."""
    before = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before


def measure(work: Path) -> ProvinceFigures:
    """Generate the province, provision its topics, start a sample, cross referrals."""
    figures = ProvinceFigures()
    broker = LocalBroker(log_file=work / "logs" / "broker.log")
    broker.start()
    try:
        figures.values["agency_start_baseline_s"] = _start_up(
            work / "baseline", broker, f"{TEMPLATE_PREFIX}rsud", None
        )
        data = work / "data"
        directory = write_province(data)
        with _data_dir(data):
            _province(work, data, directory, broker, figures)
    finally:
        broker.stop()
    return figures


def _province(
    work: Path, data: Path, directory: AgencyDirectory, broker: LocalBroker, f: ProvinceFigures
) -> None:
    online = directory.online()
    first = district_id(1)
    f.values["province_districts"] = len({a.district for a in directory})
    f.values["province_online_agencies"] = len(online)
    f.values["province_topics"] = len(network_topics(directory, PARTITIONS))
    f.values["agency_start_up_topics"] = len(district_topics(directory, first, PARTITIONS))
    f.values["provision_s"] = _provision(work, broker, f"{prefix(1)}hub")
    f.values["agency_start_s"] = _start_up(work / "sample", broker, f"{prefix(1)}rsud", data)
    sample = [f"{prefix(1)}hub", f"{prefix(1)}rsud"]
    network = _network(work / "crossing", broker, data, sample)
    try:
        network.start()
        network.wait_ready(timeout=120)
        crossings = asyncio.run(_cross(network, directory))
    finally:
        network.stop()
    f.values["crossing_p50_ms"] = statistics.median(crossings)
    f.values["crossing_max_ms"] = max(crossings)
    f.notes.append(
        f"{len(online)} online agencies in {f.values['province_districts']:.0f} districts; "
        f"{CROSSINGS} referrals crossed from {prefix(1)}hub to {prefix(1)}rsud"
    )


def _network(folder: Path, broker: LocalBroker, data: Path | None, ids: list[str]) -> Network:
    members = [Member(agency_id, free_port()) for agency_id in ids]
    env = {DATA_DIR_ENV: str(data)} if data is not None else {}
    network = Network(data_dir=folder, members=members, bootstrap_servers=broker.bootstrap_servers)
    network.extra_env.update(env)
    for member in members:
        account_cmds.seed_demo(member.agency_id, folder)
    return network


def _provision(work: Path, broker: LocalBroker, operator_agency: str) -> float:
    """Time ``rujukan topics create``: the one operator step that creates every topic."""
    folder = work / "operator"
    keys = Network(data_dir=folder, members=[])
    keys.ensure_demo_keys(operator_agency)
    started = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, "-m", "ops.cli.main", "topics", "create"),
            *("--agency", operator_agency, "--kafka", broker.bootstrap_servers),
            *("--partitions", str(PARTITIONS), "--state-dir", str(folder)),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return time.perf_counter() - started


def _start_up(folder: Path, broker: LocalBroker, agency_id: str, data: Path | None) -> float:
    """Seconds from starting one agency's process to its readiness."""
    with _data_dir(data) if data is not None else _unchanged():
        network = _network(folder, broker, data, [agency_id])
        network.ensure_demo_keys()
        started = time.perf_counter()
        try:
            network.start_member(agency_id)
            network.wait_ready(timeout=120)
            return time.perf_counter() - started
        finally:
            network.stop()


@contextmanager
def _unchanged() -> Iterator[None]:
    yield


async def _cross(network: Network, directory: AgencyDirectory) -> list[float]:
    """Milliseconds from the hub accepting each referral to the target's desk listing it."""
    hub, target = network.members[0], network.members[1]
    officer = demo_account_with("intake_officer").account_id
    staff = demo_account_with("desk_staff").account_id
    token = demo_token(directory.get(hub.agency_id), officer)
    desk_token = demo_token(directory.get(target.agency_id), staff)
    latencies: list[float] = []
    async with (
        Driver(hub.url, token=token) as driver,
        httpx.AsyncClient(
            base_url=target.url, headers={"Authorization": f"Bearer {desk_token}"}
        ) as desk,
    ):
        for n in range(CROSSINGS):
            case_id, referral_id = f"c-prov-{n}", f"r-prov-{n}"
            await driver.open_case(case_id)
            started = time.perf_counter()
            await driver.refer(case_id, referral_id, target.agency_id, stage=TARGET_STAGE)
            await _listed(desk, referral_id)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


async def _listed(desk: httpx.AsyncClient, referral_id: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = await desk.get(f"/referrals/{referral_id}")
        if response.status_code == 200:
            return
        await asyncio.sleep(0.005)
    raise TimeoutError(f"{referral_id} did not reach the target's desk in {timeout}s")
