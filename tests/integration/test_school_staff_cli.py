"""``rujukan school-staff``: operators create, list, re-issue and deactivate the staff
accounts of an education service (TPPK, Satgas, Dinas); a token opens the account it was
issued for until it is replaced or the account deactivated; ``rujukan up``'s demo
accounts open with their public demo tokens."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli import school_staff_cmds
from ops.cli.main import app
from rujukan.runtime import db
from services.education.domain.access import Staff, StaffRole
from services.education.staff import StaffAccounts


@pytest.fixture
def school_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kh-disdikbud.db'}"
    (tmp_path / "kh-disdikbud.db").touch()  # the service created it: a command never does
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def accounts_of(url: str) -> StaffAccounts:
    return StaffAccounts(db.session_factory(db.create_db_engine(url)))


ADD_TPPK = [
    "school-staff", "add", "--agency", "kh-disdikbud", "--id", "tppk-smpn2",
    "--name", "TPPK SMP Negeri 2", "--role", "tppk", "--school", "20100001",
]  # fmt: skip


def test_an_operator_issues_a_token_that_opens_only_its_account(school_db: str) -> None:
    runner = CliRunner()
    added = runner.invoke(app, ADD_TPPK)
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    assert accounts_of(school_db).by_token(token) == Staff("tppk-smpn2", StaffRole.TPPK, "20100001")
    assert accounts_of(school_db).by_token(token + "x") is None

    again = runner.invoke(app, ADD_TPPK)
    assert again.exit_code == 2
    assert "exists" in again.output

    replaced = runner.invoke(app, [*ADD_TPPK, "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert accounts_of(school_db).by_token(token) is None  # the old token stops at once
    new_token = replaced.stdout.strip()
    assert accounts_of(school_db).by_token(new_token) is not None

    listed = runner.invoke(app, ["school-staff", "list", "--agency", "kh-disdikbud"])
    assert "tppk-smpn2" in listed.output
    assert "20100001" in listed.output
    assert new_token not in listed.output

    ended = runner.invoke(
        app, ["school-staff", "deactivate", "tppk-smpn2", "--agency", "kh-disdikbud"]
    )
    assert ended.exit_code == 0, ended.output
    assert accounts_of(school_db).by_token(new_token) is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "tppk"], "names its school"),
        (["--role", "satgas", "--school", "20100001"], "leave out --school"),
    ],
)
def test_a_tppk_account_names_its_school_and_only_a_tppk_s_does(
    school_db: str, extra: list[str], message: str
) -> None:
    base = ["school-staff", "add", "--agency", "kh-disdikbud", "--id", "x", "--name", "X"]
    refused = CliRunner().invoke(app, [*base, *extra])
    assert refused.exit_code == 2
    assert message in refused.output


def test_only_an_education_service_has_staff_accounts(school_db: str) -> None:
    refused = CliRunner().invoke(
        app, ["school-staff", "list", "--agency", "kh-hub"], env={"COLUMNS": "200"}
    )
    assert refused.exit_code == 2
    assert "not an education service" in refused.output
    role = CliRunner().invoke(app, [*ADD_TPPK[:-4], "--role", "kepala", "--school", "1"])
    assert role.exit_code == 2


def test_the_demo_staff_of_rujukan_up(tmp_path: Path) -> None:
    school_staff_cmds.seed_demo_staff("kh-disdikbud", tmp_path)
    school_staff_cmds.seed_demo_staff("kh-disdikbud", tmp_path)  # a second `up`
    accounts = accounts_of(f"sqlite:///{tmp_path / 'kh-disdikbud.db'}")
    for account_id, _name, role, school, token in school_staff_cmds.DEMO_STAFF:
        assert accounts.by_token(token) == Staff(account_id, StaffRole(role), school)
