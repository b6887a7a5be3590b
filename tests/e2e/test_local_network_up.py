"""The local network as `rujukan up` starts it: the broker and one process per member
of ops/data/local_network.csv, each serving its agency's API (ports chosen free
here, so that the test never collides with a network already running); then
`rujukan demo` drives its two cases through it, as a newcomer runs it."""

import re
from collections.abc import Iterator

import httpx
import pytest

from ops.network import Network
from rujukan.directory import load_directory
from rujukan.runtime.accounts.demo import demo_token
from tests.support.commands import rujukan, url_options
from tests.support.local_network import local_network

pytestmark = [pytest.mark.broker, pytest.mark.slow]


HUB_PATHS = {"/complaints", "/cases/{case_id}/referrals", "/companions/{companion_id}/inbox"}
DESK_PATHS = {"/referrals", "/referrals/{referral_id}/reports", "/capacity"}
CLOSING = re.compile(r"^demo: 2 cases, (\d+) referrals, every loop closed in \d+\.\d s$")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """One network for the module: starting it is most of the time these tests take."""
    with local_network(tmp_path_factory.mktemp("network")) as running:
        yield running


def test_every_member_of_the_local_network_starts_and_serves_its_api(network: Network):
    directory = load_directory()
    with httpx.Client(timeout=30.0) as client:  # an OpenAPI document takes seconds
        for member in network.members:
            agency = directory.get(member.agency_id)
            assert client.get(f"{member.url}/status").status_code == 401
            monitoring = bearer(demo_token(agency, "monitoring-demo"))
            status = client.get(f"{member.url}/status", headers=monitoring).json()
            assert (status["agency_id"], status["ready"]) == (member.agency_id, True)
            paths = set(client.get(f"{member.url}/openapi.json").json()["paths"])
            if agency.kind == "intake":
                assert paths >= HUB_PATHS
                officer = bearer(demo_token(agency, "petugas-demo"))
                assert client.get(f"{member.url}/cases", headers=officer).json() == []
            else:
                assert paths >= DESK_PATHS
                staff = bearer(demo_token(agency, "desk-demo"))
                queue = client.get(f"{member.url}/referrals", headers=staff).json()
                assert queue["referrals"] == []


def test_every_route_in_each_openapi_document_refuses_a_caller_without_credentials(
    network: Network,
) -> None:
    public = {"/healthz", "/readyz", "/companion/api/login", "/school-process"}
    with httpx.Client(timeout=30.0) as client:  # an OpenAPI document takes seconds
        for member in network.members:
            document = client.get(f"{member.url}/openapi.json").json()
            for path, operations in document["paths"].items():
                if path in public:
                    continue
                concrete = re.sub(r"\{[^}]+\}", "x-1", path)
                for method in operations:
                    response = client.request(method.upper(), f"{member.url}{concrete}")
                    assert response.status_code == 401, (member.agency_id, method, path)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_demo_closes_every_referrals_loop_and_status_shows_it(network: Network):
    urls = url_options(network)
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
        hub_id = f"{district}-hub"
        token = demo_token(load_directory().get(hub_id), "petugas-demo")
        status = rujukan("status", case_id, "--hub", hubs[district], "--token", token, timeout=30)
        assert status.returncode == 0, status.stderr
        head, *rest = status.stdout.splitlines()
        assert head.endswith("open loops 0"), head
        referral_lines = [line for line in rest if line.strip().startswith(case_id)]
        assert referral_lines
        assert all(line.rstrip().endswith("loop closed") for line in referral_lines), rest


def test_the_demo_fails_and_names_the_open_loops_when_the_timeout_passes(network: Network):
    urls = url_options(network)
    demo = rujukan("demo", "--pace", "5", "--timeout", "2", *urls, timeout=60)
    assert demo.returncode == 1, demo.stdout + demo.stderr
    lines = demo.stdout.splitlines()
    summary = re.fullmatch(
        r"demo: 2 cases, 9 referrals, 9 loop\(s\) still open after (\d+\.\d) s", lines[-1]
    )
    assert summary, lines[-1]
    assert float(summary[1]) >= 2.0
    assert len([line for line in lines if line.startswith("open: demo-")]) == 9


def test_the_demo_through_the_desk_forms_closes_every_loop_and_trace_shows_each_path(
    network: Network,
):
    """``rujukan demo --via-desk``: the staff answer through the desk web app's forms;
    then ``rujukan trace`` signs in as the district's auditor and prints each referral's
    path, hub and agency records joined in time order, with no identity in it."""
    urls = url_options(network)
    demo = rujukan("demo", "--via-desk", "--pace", "0", "--timeout", "60", *urls, timeout=90)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert CLOSING.match(demo.stdout.splitlines()[-1]), demo.stdout
    case_id = re.findall(r"^case (demo-kh-\w+) ", demo.stdout, re.MULTILINE)[0]
    trace = rujukan("trace", case_id, *urls, timeout=60)
    assert trace.returncode == 0, trace.stdout + trace.stderr
    assert "Anak Demo Kapuas Hulu" not in trace.stdout
    assert "Kecamatan Badau" not in trace.stdout
    rows = [re.split(r"\s{2,}", line) for line in trace.stdout.splitlines()[1:-1]]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    directory = load_directory()
    online = {
        r[4]: r[1]
        for r in rows
        if r[3] == "referral.received" and directory.get(r[1]).kind != "intake"
    }
    assert len(online) >= 5
    for referral_id, agency_id in online.items():
        path = [r[3] for r in rows if r[4] == referral_id and r[1] == agency_id]
        path = [event for event in path if not event.startswith(("audit:", "outcome."))]
        assert path[:2] == ["referral.received", "referral.accepted"], (referral_id, path)
        assert set(path[2:]) == {"service.reported"}, (referral_id, path)
        hub_path = [r[3] for r in rows if r[4] == referral_id and r[1] == "kh-hub"]
        assert hub_path.index("referral.issued") < hub_path.index("referral.accepted")
        assert "outcome.acknowledged" in hub_path
        assert all(
            re.fullmatch(r"[0-9a-f]{32}", r[5])
            for r in rows
            if r[4] == referral_id and r[3] == "referral.accepted"
        )
