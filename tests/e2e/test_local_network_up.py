"""The local network as `rujukan up` starts it: the broker and one process per member
of ops/data/local_network.csv, each serving its agency's API (ports chosen free
here, so that the test never collides with a network already running); then
`rujukan demo` drives its two cases through it, as a newcomer runs it."""

import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from ops.broker import free_port
from ops.network import Member, Network, load_members
from rujukan.directory import load_directory

pytestmark = [pytest.mark.broker, pytest.mark.slow]


HUB_PATHS = {"/complaints", "/cases/{case_id}/referrals", "/companions/{companion_id}/inbox"}
DESK_PATHS = {"/referrals", "/referrals/{referral_id}/reports", "/capacity"}
CLOSING = re.compile(r"^demo: 2 cases, (\d+) referrals, every loop closed in \d+\.\d s$")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """One network for the module: starting it is most of the time these tests take."""
    members = [Member(m.agency_id, free_port()) for m in load_members()]
    running = Network(data_dir=tmp_path_factory.mktemp("network"), members=members)
    try:
        running.start()
        running.wait_ready(timeout=120)
        yield running
    finally:
        running.stop()


def rujukan(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ops.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_every_member_of_the_local_network_starts_and_serves_its_api(network: Network):
    directory = load_directory()
    with httpx.Client(timeout=5.0) as client:
        for member in network.members:
            status = client.get(f"{member.url}/status").json()
            assert (status["agency_id"], status["ready"]) == (member.agency_id, True)
            paths = set(client.get(f"{member.url}/openapi.json").json()["paths"])
            if directory.get(member.agency_id).kind == "intake":
                assert paths >= HUB_PATHS
                assert client.get(f"{member.url}/cases").json() == []
            else:
                assert paths >= DESK_PATHS
                assert client.get(f"{member.url}/referrals").json()["referrals"] == []


def test_the_demo_closes_every_referrals_loop_and_status_shows_it(network: Network):
    urls = [f"--url={m.agency_id}={m.url}" for m in network.members]
    demo = rujukan("demo", "--pace", "0", "--timeout", "40", *urls, timeout=60)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    lines = demo.stdout.splitlines()
    closing = CLOSING.match(lines[-1])
    assert closing, lines[-1]
    assert len([line for line in lines if " acknowledged by comp-" in line]) == int(
        closing.group(1)
    )
    cases = dict(re.findall(r"^case (demo-(kh|lt)-\w+) ", demo.stdout, re.MULTILINE))
    assert sorted(cases.values()) == ["kh", "lt"]
    hubs = {"kh": network.member("kh-hub").url, "lt": network.member("lt-hub").url}
    for case_id, district in cases.items():
        status = rujukan("status", case_id, "--hub", hubs[district], timeout=30)
        assert status.returncode == 0, status.stderr
        head, *rest = status.stdout.splitlines()
        assert head.endswith("open loops 0"), head
        referral_lines = [line for line in rest if line.strip().startswith(case_id)]
        assert referral_lines
        assert all(line.rstrip().endswith("loop closed") for line in referral_lines), rest


def test_the_demo_fails_and_names_the_open_loops_when_the_timeout_passes(network: Network):
    urls = [f"--url={m.agency_id}={m.url}" for m in network.members]
    demo = rujukan("demo", "--pace", "5", "--timeout", "2", *urls, timeout=60)
    assert demo.returncode == 1, demo.stdout + demo.stderr
    lines = demo.stdout.splitlines()
    summary = re.fullmatch(
        r"demo: 2 cases, 9 referrals, 9 loop\(s\) still open after (\d+\.\d) s", lines[-1]
    )
    assert summary, lines[-1]
    assert float(summary[1]) >= 2.0
    assert len([line for line in lines if line.startswith("open: demo-")]) == 9
