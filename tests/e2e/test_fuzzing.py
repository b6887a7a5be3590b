"""Schemathesis against a running network, after `rujukan demo` has created cases and
referrals: every check it has, a bounded number of examples per operation, against the
hub, one referral desk and the education service. No server error, no answer that its
OpenAPI document does not describe (status, content type, body), every refusal a
problem (RFC 9457).

The phases are the schema's examples and fuzzing (positive and negative data) within a
time budget. The coverage phase is left out: it enumerates every boundary of every
schema, which takes several minutes here, and Hypothesis fails inside it when its
workers run in threads; the boundaries that matter, huge numbers and long lists, are
proven bounded by ``tests/unit/test_request_bounds.py`` and ``test_http_edge.py``."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ops.network import Network
from rujukan.directory import load_directory
from rujukan.runtime.accounts.demo import demo_token
from tests.support.commands import rujukan, url_options
from tests.support.local_network import local_network

pytestmark = [pytest.mark.broker, pytest.mark.slow]

DEMO_MEMBERS = ("kh-hub", "kh-rsud", "kh-dinsos", "kh-polres", "kh-imigrasi", "lt-hub", "lt-rsud")
"""The agencies `rujukan demo` drives (KH Lampiran I, LT Pasal 17(2))."""
FUZZED = ("kh-hub", "kh-rsud", "btg-disdik")
EXAMPLES = 5
"""Examples per operation and phase."""
BUDGET_S = 45
"""Seconds per service: the fuzzing phase repeats until they are spent, so that the three
runs stay near two and a half minutes however loaded the machine is (a request may take seconds on a
busy machine: hashing a password, a writer waiting for SQLite)."""

CHECKS = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
"""
"""Schema-valid input may still break a domain rule (422, with the rule and article) or
meet a state that forbids it (409): that is a refusal the document describes, not a
rejected valid request."""


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    data_dir = tmp_path_factory.mktemp("network")
    with local_network(data_dir, (*DEMO_MEMBERS, "btg-disdik"), timeout=180) as running:
        yield running


@pytest.fixture(scope="module")
def credentials() -> dict[str, dict[str, str]]:
    """The headers to send to each fuzzed service, as the demo accounts `rujukan up`
    seeds: the hub's supervisor (who reaches the demo's cases and their identities), the
    RSUD's desk staff and the Dinas Pendidikan."""
    directory = load_directory()
    tokens = {
        "kh-hub": demo_token(directory.get("kh-hub"), "sup-ani"),
        "kh-rsud": demo_token(directory.get("kh-rsud"), "desk-demo"),
        "btg-disdik": demo_token(directory.get("btg-disdik"), "dinas-demo"),
    }
    return {agency: {"Authorization": f"Bearer {token}"} for agency, token in tokens.items()}


@pytest.fixture(scope="module")
def demo_ran(network: Network) -> None:
    urls = url_options(network)
    demo = rujukan("demo", "--pace", "0", "--timeout", "60", *urls, timeout=120)
    assert demo.returncode == 0, demo.stdout + demo.stderr


@pytest.fixture(scope="module")
def known_ids(
    network: Network, demo_ran: None, credentials: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """Ids of what the demo created, per service, for the path parameters: so the fuzzer
    reaches a real case and referral instead of 404s."""
    with httpx.Client(timeout=120.0) as http:
        for agency_id in FUZZED:  # each builds its document once, slowly on a busy machine
            http.get(f"{network.member(agency_id).url}/openapi.json").raise_for_status()
        hub = network.member("kh-hub").url
        as_hub = credentials["kh-hub"]
        case_id = http.get(f"{hub}/cases", headers=as_hub).json()[0]["case_id"]
        case = http.get(f"{hub}/cases/{case_id}", headers=as_hub).json()
        rsud = network.member("kh-rsud").url
        desk = http.get(f"{rsud}/referrals", headers=credentials["kh-rsud"]).json()["referrals"]
    return {
        "kh-hub": {
            "case_id": case_id,
            "referral_id": case["referrals"][0]["referral_id"],
            "outcome_id": case["outcomes"][0]["outcome_id"],
            "companion_id": "comp-siti",
            "district": "kapuas-hulu",
        },
        "kh-rsud": {"referral_id": desk[0]["referral_id"]},
    }


def schemathesis(
    url: str, headers: dict[str, str], ids: dict[str, str], workdir: Path
) -> subprocess.CompletedProcess[str]:
    parameters = "".join(f'"path.{name}" = {json.dumps(value)}\n' for name, value in ids.items())
    (workdir / "schemathesis.toml").write_text(f"[parameters]\n{parameters}{CHECKS}")
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{url}/openapi.json",
            "--checks=all",
            f"--max-examples={EXAMPLES}",
            f"--max-time={BUDGET_S}",
            "--phases=examples,fuzzing",
            "--seed=15",
            "--no-shrink",
            "--workers=1",
            "--request-timeout=30",
            "--wait-for-schema=60",
            "--report=ndjson",
            f"--report-ndjson-path={workdir / 'events.ndjson'}",
            *header_args,
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET_S * 4,
        check=False,
        cwd=workdir,
    )


def server_errors(network: Network, agency_id: str) -> str:
    """The service's own error records (type and stack, never a message with data): a
    server error the fuzzer met is explained by them, not by replaying its request."""
    log = network.data_dir / "logs" / f"{agency_id}.log"
    errors = [line for line in log.read_text().splitlines() if '"level": "ERROR"' in line]
    return "\n".join(["", f"{agency_id}'s errors:", *errors[-5:]])


@pytest.mark.parametrize("agency_id", FUZZED)
def test_a_fuzzer_finds_no_server_error_and_no_undocumented_answer(
    network: Network,
    credentials: dict[str, dict[str, str]],
    known_ids: dict[str, dict[str, str]],
    agency_id: str,
    tmp_path: Path,
) -> None:
    url = network.member(agency_id).url
    headers, ids = credentials.get(agency_id, {}), known_ids.get(agency_id, {})
    run = schemathesis(url, headers, ids, tmp_path)
    print(run.stdout[-1200:])  # the summary, with pytest -s
    assert run.returncode == 0, (
        run.stdout[-6000:] + run.stderr[-2000:] + server_errors(network, agency_id)
    )
    events = [json.loads(line) for line in (tmp_path / "events.ndjson").read_text().splitlines()]
    assert events, "schemathesis recorded no run"
