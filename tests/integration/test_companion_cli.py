"""``rujukan companions``: operators create, list and deactivate companion accounts in a
hub's database; ``rujukan up``'s demo accounts log in with the demo password."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli import companion_cmds
from ops.cli.main import app
from rujukan.runtime import db
from services.intake.web.accounts import Accounts, LoginRefused


@pytest.fixture
def hub_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kh-hub.db'}"
    (tmp_path / "kh-hub.db").touch()  # the service created it: a command never does
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def accounts_of(url: str) -> Accounts:
    return Accounts(db.session_factory(db.create_db_engine(url)))


def test_an_operator_adds_lists_and_deactivates_accounts(hub_db: str) -> None:
    runner = CliRunner()
    add = [
        "companions", "add", "--agency", "kh-hub", "--id", "comp-siti",
        "--name", "Siti Rahmawati", "--supervisor", "sup-ani", "--password-stdin",
    ]  # fmt: skip
    added = runner.invoke(app, add, input="kata-sandi-siti\n")
    assert added.exit_code == 0, added.output
    assert "comp-siti (Siti Rahmawati, supervisor sup-ani)" in added.output
    login = accounts_of(hub_db).log_in("comp-siti", "kata-sandi-siti")
    assert login.session.account.supervisor_id == "sup-ani"

    again = runner.invoke(app, add, input="kata-sandi-lain\n")
    assert again.exit_code == 2
    assert "already has an account" in again.output
    short = runner.invoke(app, [*add[:5], "comp-budi", *add[6:]], input="pendek\n")
    assert short.exit_code == 2
    assert "at least 8 characters" in short.output

    listed = runner.invoke(app, ["companions", "list", "--agency", "kh-hub"])
    assert listed.exit_code == 0
    assert "comp-siti" in listed.output
    assert "active" in listed.output
    assert "kata-sandi" not in listed.output

    ended = runner.invoke(app, ["companions", "deactivate", "comp-siti", "--agency", "kh-hub"])
    assert ended.exit_code == 0, ended.output
    assert accounts_of(hub_db).session(login.token) is None
    with pytest.raises(LoginRefused):
        accounts_of(hub_db).log_in("comp-siti", "kata-sandi-siti")
    assert "inactive" in runner.invoke(app, ["companions", "list", "--agency", "kh-hub"]).output


def test_only_an_intake_hub_has_companion_accounts(hub_db: str) -> None:
    refused = CliRunner().invoke(app, ["companions", "list", "--agency", "kh-rsud"])
    assert refused.exit_code == 2
    assert "not an intake hub" in refused.output
    unknown = CliRunner().invoke(app, ["companions", "list", "--agency", "kh-nowhere"])
    assert unknown.exit_code == 2


def test_the_demo_accounts_of_rujukan_up(tmp_path: Path) -> None:
    companion_cmds.seed_demo_accounts("kh-hub", tmp_path)
    companion_cmds.seed_demo_accounts("kh-hub", tmp_path)  # a second `up` on the same data
    accounts = accounts_of(f"sqlite:///{tmp_path / 'kh-hub.db'}")
    for companion_id, _name, supervisor_id in companion_cmds.DEMO_COMPANIONS:
        login = accounts.log_in(companion_id, companion_cmds.DEMO_PASSWORD)
        assert login.session.account.supervisor_id == supervisor_id
