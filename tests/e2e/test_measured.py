"""The CI variants of `rujukan chaos`, run as a person runs it: `--referrals 100` loses and
duplicates nothing while it kills processes, restarts the broker and injects poison, on
SQLite and on its own PostgreSQL server. Both use the harness's fixed ports, so they stay
in this one module (one test worker runs them one after the other)."""

import re

import pytest

from tests.support.commands import rujukan

pytestmark = [pytest.mark.broker, pytest.mark.slow]

CHAOS_LINE = re.compile(
    r"^chaos: (\d+) referrals, lost (\d+), duplicated (\d+), "
    r"dead-lettered (\d+) of (\d+) poison, recovered in ([\d.]+) s$",
    re.MULTILINE,
)


@pytest.mark.timeout(900)
def test_chaos_loses_and_duplicates_nothing_and_dead_letters_every_poison_event() -> None:
    run = rujukan("chaos", "--referrals", "100", "--seed", "7", timeout=840)
    found = CHAOS_LINE.search(run.stdout)
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    referrals, lost, duplicated, dead, poison, _recovered = found.groups()
    assert int(referrals) == 100
    assert (lost, duplicated) == ("0", "0"), run.stderr[-3000:]
    assert int(poison) >= 2
    assert dead == poison
    assert run.returncode == 0
    assert "processes killed" in run.stdout


@pytest.mark.timeout(900)
def test_chaos_on_postgresql_loses_nothing_while_its_server_is_killed() -> None:
    run = rujukan(
        "chaos", "--database", "postgres", "--referrals", "80", "--seed", "7",
        "--database-kills", "1", timeout=840,
    )  # fmt: skip
    if run.returncode == 2 and "server programs" in run.stderr:
        pytest.skip(run.stderr.strip())
    found = CHAOS_LINE.search(run.stdout)
    assert found, run.stdout[-3000:] + run.stderr[-3000:]
    referrals, lost, duplicated, dead, poison, _recovered = found.groups()
    assert int(referrals) == 80
    assert (lost, duplicated) == ("0", "0"), run.stderr[-3000:]
    assert dead == poison
    assert "database server killed 1 times" in run.stdout
    assert run.returncode == 0
