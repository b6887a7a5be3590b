"""Issue 14, item 4, end to end: the local network as `rujukan up` starts it, `rujukan demo`
with a canary in every identity field of its children and in every free-text field that
travels sealed (RUJUKAN_DEMO_CANARY). Afterwards no canary is in any record of any topic
(key, headers, value: read from the beginning by a plain consumer), in any outbox row or
dead letter, in any agency's log, or in the database of an agency that was not its
recipient; and the recipient still shows the identity to its staff."""

import asyncio
import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from ops.demo import canaries, script
from ops.network import Network
from rujukan.directory import load_directory
from rujukan.identity_needs import load_identity_needs
from rujukan.runtime.accounts.demo import demo_token
from schemas.vocabulary import ServiceType
from tests.support.commands import rujukan, url_options
from tests.support.local_network import local_network
from tests.support.report_checks import check_reports
from tests.support.topics import read_topics

pytestmark = [pytest.mark.broker, pytest.mark.slow]

TAG = f"Cnry{uuid.uuid4().hex[:10]}"
STORY = script.cases(date(2026, 3, 2))  # its dates do not matter here, only its agencies


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    with local_network(tmp_path / "network") as running:
        yield running


def holders(canary: str) -> set[str]:
    """The agencies that may hold ``canary``: the case's hub, and the targets its value
    was addressed to (the identity only where the referral's service needs it)."""
    case_key, where = canary.removeprefix(f"{TAG}-").split("-", 1)
    (case,) = [c for c in STORY if c.key == case_key]
    needs = load_identity_needs()
    if where.startswith("child."):
        targets = {r.target_id for r in case.referrals if needs.needed(ServiceType(r.service))}
    else:
        targets = {r.target_id for r in case.referrals if r.key == where.split(".")[0]}
    return {case.hub_id} | targets


def database_values(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every value of every table of an SQLite file, as bytes, with its table."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            t for (t,) in connection.execute("select name from sqlite_master where type='table'")
        ]
        for table in tables:
            for row in connection.execute(f'select * from "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        yield table, value
                    elif value is not None:
                        yield table, str(value).encode()
    finally:
        connection.close()


def found_canaries(data: bytes) -> set[str]:
    found, start = set(), 0
    marker = TAG.encode()
    while (at := data.find(marker, start)) >= 0:
        end = at
        while end < len(data) and (chr(data[end]).isalnum() or chr(data[end]) in "-._"):
            end += 1
        found.add(data[at:end].decode())
        start = end
    return found


@pytest.mark.timeout(600)  # the network, the demo, and every district report with its PDF
def test_no_canary_of_the_demo_is_anywhere_but_with_its_recipients(
    network: Network, tmp_path: Path
):
    urls = url_options(network)
    tagged = {**os.environ, canaries.CANARY_ENV: TAG}
    demo = rujukan("demo", "--pace", "0", "--timeout", "60", *urls, timeout=90, env=tagged)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert TAG not in demo.stdout + demo.stderr

    records = asyncio.run(read_topics(network.kafka))
    assert {r.topic for r in records} >= {"rujukan.inbox.kh-rsud", "rujukan.inbox.kh-hub"}
    for record in records:
        assert TAG.encode() not in record.raw(), record.topic

    case_id = next(
        word
        for line in demo.stdout.splitlines()
        for word in line.split()
        if word.startswith("demo-kh-")
    )
    rsud = network.member("kh-rsud").url
    staff = {"Authorization": f"Bearer {demo_token(load_directory().get('kh-rsud'), 'desk-demo')}"}
    detail = httpx.get(f"{rsud}/referrals/{case_id}-health", headers=staff, timeout=10).json()
    assert detail["child"]["name"] == f"{TAG}-kh-child.name"
    assert detail["child"]["address"] == f"{TAG}-kh-child.address"

    # the district reports (every format, and the hub's page) hold no canary
    check_reports(network, tmp_path / "reports", TAG)

    network.stop()
    seen: set[str] = set()
    for member in network.members:
        for table, value in database_values(network.database_path(member.agency_id)):
            found = found_canaries(value)
            if table == "outbox":
                assert not found, (member.agency_id, found)
            for canary in found:
                assert member.agency_id in holders(canary), (member.agency_id, table, canary)
            seen |= found
    assert f"{TAG}-kh-child.name" in seen  # the recipients do hold them
    for log in (network.data_dir / "logs").iterdir():
        assert TAG.encode() not in log.read_bytes(), log.name
