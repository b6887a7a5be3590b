"""``rujukan accounts``: operators add, list, deactivate accounts and issue API tokens in
an agency's database; bad input answers one line and exit 2; ``rujukan up``'s demo
accounts sign in with the demo values of the data file."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli import account_cmds
from ops.cli.main import app
from rujukan.directory import load_directory
from rujukan.runtime import db
from rujukan.runtime.accounts import Accounts, LoginRefused, Principal
from rujukan.runtime.accounts.demo import demo_token, for_agency

COMPOSE = Path(__file__).resolve().parents[2] / "compose"


def db_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agency_id: str) -> str:
    url = f"sqlite:///{tmp_path / f'{agency_id}.db'}"
    (tmp_path / f"{agency_id}.db").touch()  # the service created it: a command never does
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def accounts_of(url: str, agency_id: str) -> Accounts:
    engine = db.create_db_engine(url)
    return Accounts(db.session_factory(engine), load_directory().get(agency_id))


ADD_SITI = [
    "accounts", "add", "--agency", "kh-hub", "--id", "comp-siti", "--name", "Siti Rahmawati",
    "--role", "companion", "--supervisor", "sup-ani", "--password-stdin",
]  # fmt: skip
ADD_TPPK = [
    "accounts", "add", "--agency", "kh-disdikbud", "--id", "tppk-smpn2",
    "--name", "TPPK SMP Negeri 2", "--role", "tppk", "--role", "desk_staff",
    "--school", "20100001",
]  # fmt: skip


def test_an_operator_adds_lists_and_deactivates_a_companion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = db_of(tmp_path, monkeypatch, "kh-hub")
    runner = CliRunner()
    added = runner.invoke(app, ADD_SITI, input="kata-sandi-siti\n")
    assert added.exit_code == 0, added.output
    assert "comp-siti (companion) of kh-hub" in added.output
    login = accounts_of(url, "kh-hub").log_in("comp-siti", "kata-sandi-siti")
    assert login.session.account.supervisor_id == "sup-ani"

    again = runner.invoke(app, ADD_SITI, input="kata-sandi-lain\n")
    assert (again.exit_code, again.output.count("\n")) == (2, 1)
    assert "exists" in again.output
    short = runner.invoke(app, [*ADD_SITI[:5], "comp-budi", *ADD_SITI[6:]], input="pendek\n")
    assert short.exit_code == 2
    assert "at least 8 characters" in short.output

    listed = runner.invoke(app, ["accounts", "list", "--agency", "kh-hub"])
    assert listed.exit_code == 0
    assert "comp-siti" in listed.output
    assert "active" in listed.output
    assert "kata-sandi" not in listed.output

    ended = runner.invoke(app, ["accounts", "deactivate", "comp-siti", "--agency", "kh-hub"])
    assert ended.exit_code == 0, ended.output
    assert accounts_of(url, "kh-hub").session(login.token) is None
    with pytest.raises(LoginRefused):
        accounts_of(url, "kh-hub").log_in("comp-siti", "kata-sandi-siti")
    assert "inactive" in runner.invoke(app, ["accounts", "list", "--agency", "kh-hub"]).output


def test_a_token_opens_only_its_account_until_it_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = db_of(tmp_path, monkeypatch, "kh-disdikbud")
    runner = CliRunner()
    assert runner.invoke(app, ADD_TPPK).exit_code == 0
    issue = ["accounts", "token", "tppk-smpn2", "--agency", "kh-disdikbud"]
    issued = runner.invoke(app, issue)
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    assert token.startswith("rjk_kh-disdikbud_")
    accounts = accounts_of(url, "kh-disdikbud")
    assert accounts.by_token(token) == Principal(
        "tppk-smpn2",
        "kh-disdikbud",
        frozenset({"tppk", "desk_staff"}),
        "TPPK SMP Negeri 2",
        school_id="20100001",
    )
    assert accounts.by_token(token + "x") is None

    replaced = runner.invoke(app, issue)
    assert accounts.by_token(token) is None  # the old token stops at once
    new_token = replaced.stdout.strip()
    assert accounts.by_token(new_token) is not None
    listed = runner.invoke(app, ["accounts", "list", "--agency", "kh-disdikbud"])
    assert "20100001" in listed.output
    assert new_token not in listed.output

    runner.invoke(app, ["accounts", "deactivate", "tppk-smpn2", "--agency", "kh-disdikbud"])
    assert accounts.by_token(new_token) is None


def test_a_monitoring_token_made_by_make_secrets_is_registered_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "make-secrets.sh"
    shutil.copy(COMPOSE / "make-secrets.sh", script)
    subprocess.run(["sh", str(script)], check=True, capture_output=True)
    secrets = tmp_path / "secrets"
    url = db_of(tmp_path, monkeypatch, "kh-rsud")
    runner = CliRunner()
    add = ["accounts", "add", "--agency", "kh-rsud", "--id", "monitoring"]
    assert runner.invoke(app, [*add, "--name", "Prometheus", "--role", "monitoring"]).exit_code == 0
    register = ["accounts", "token", "monitoring", "--agency", "kh-rsud", "--token-file"]

    own = secrets / "monitoring-kh-rsud.token"
    registered = runner.invoke(app, [*register, str(own)])
    assert registered.exit_code == 0, registered.output
    token = own.read_text()
    assert re.fullmatch(r"rjk_kh-rsud_[A-Za-z0-9]{32}", token)
    assert token not in registered.output
    principal = accounts_of(url, "kh-rsud").by_token(token)
    assert principal is not None
    assert principal.roles == frozenset({"monitoring"})

    (tmp_path / "short.token").write_text("rjk_kh-rsud_tooshort\n")
    for path, message in [
        (secrets / "monitoring-kh-hub.token", "the token names kh-hub"),
        (tmp_path / "short.token", "not an API token"),
        (tmp_path / "missing.token", "cannot read"),
    ]:
        refused = runner.invoke(app, [*register, str(path)])
        assert (refused.exit_code, refused.output.count("\n")) == (2, 1), refused.output
        assert message in refused.output
    assert accounts_of(url, "kh-rsud").by_token(token) is not None  # still the one


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "tppk"], "names its school"),
        (["--role", "satgas", "--school", "20100001"], "names its school"),
        (["--role", "companion"], "companion: not a role at a education agency"),
        (["--role", "kepala"], "kepala: not a role"),
    ],
)
def test_bad_input_answers_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str], message: str
) -> None:
    db_of(tmp_path, monkeypatch, "kh-disdikbud")
    base = ["accounts", "add", "--agency", "kh-disdikbud", "--id", "x", "--name", "X"]
    refused = CliRunner().invoke(app, [*base, *extra])
    assert refused.exit_code == 2
    assert message in refused.output
    assert refused.output.count("\n") == 1


@pytest.mark.parametrize("command", [["list"], ["token", "x"], ["deactivate", "x"]])
def test_an_unknown_or_offline_agency_or_account_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    db_of(tmp_path, monkeypatch, "kh-hub")
    for agency in ("kh-nowhere", "lt-bantuan-hukum"):
        refused = CliRunner().invoke(app, ["accounts", *command, "--agency", agency])
        assert refused.exit_code == 2, refused.output
    if command != ["list"]:
        unknown = CliRunner().invoke(app, ["accounts", *command, "--agency", "kh-hub"])
        assert (unknown.exit_code, unknown.output) == (2, "error: no account x\n")


@pytest.mark.parametrize("agency_id", ["kh-hub", "kh-disdikbud", "skw-disdik", "kh-rsud"])
def test_the_demo_accounts_of_rujukan_up(tmp_path: Path, agency_id: str) -> None:
    account_cmds.seed_demo(agency_id, tmp_path)
    account_cmds.seed_demo(agency_id, tmp_path)  # a second `up` on the same data
    agency = load_directory().get(agency_id)
    accounts = accounts_of(f"sqlite:///{tmp_path / f'{agency_id}.db'}", agency_id)
    seeded = for_agency(agency)
    assert {"monitoring-demo"} < {a.account_id for a in seeded}
    for account in seeded:
        if account.password:
            login = accounts.log_in(account.account_id, account.password)
            assert login.session.account.roles == account.roles
        if account.token_secret:
            principal = accounts.by_token(demo_token(agency, account.account_id))
            assert principal is not None
            assert principal.account_id == account.account_id


def test_the_school_staff_demo_accounts_are_at_the_services_with_a_school_procedure() -> None:
    """TPPK, Satgas, Dinas and Pemda accounts at Singkawang's (SKW) and Batang's (BTG)
    education services; none at Kapuas Hulu's or Luwu Timur's, bound by neither."""
    directory = load_directory()
    school_staff = {"tppk-demo", "satgas-demo", "dinas-demo", "pemda-demo"}
    for agency_id in ("skw-disdik", "btg-disdik"):
        held = {a.account_id for a in for_agency(directory.get(agency_id))}
        assert school_staff <= held, agency_id
    for agency_id in ("kh-disdikbud", "lt-disdik", "blu-disdik"):
        held = {a.account_id for a in for_agency(directory.get(agency_id))}
        assert not school_staff & held, agency_id
        assert "desk-demo" in held
