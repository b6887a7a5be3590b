"""``rujukan accounts notify``: an operator chooses an account's channels and quiet hours
and the facility's address; a webhook's secret is printed once; bad input is one line.
``rujukan up``'s mail catcher prints every notice it receives."""

import asyncio
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from typer.testing import CliRunner

from ops.broker import free_port
from ops.cli.main import app
from ops.cli.network_cmds import mail_settings, start_mail_catcher


def test_an_operator_chooses_channels_for_an_account_and_the_facility(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kh-rsud.db").touch()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'kh-rsud.db'}")
    runner = CliRunner()
    add = ["accounts", "add", "--agency", "kh-rsud", "--id", "desk-ayu", "--name", "Ayu"]
    assert runner.invoke(app, [*add, "--role", "desk_staff"]).exit_code == 0
    notify = ["accounts", "notify", "--agency", "kh-rsud"]

    chosen = runner.invoke(
        app,
        [*notify, "--id", "desk-ayu", "--email", "ayu@rsud.test", "--webhook",
         "https://sms.example/hook", "--quiet", "22:00-06:00"],
    )  # fmt: skip
    assert chosen.exit_code == 0, chosen.output
    assert chosen.stdout.startswith("whsec_")
    assert "channels email, webhook" in chosen.stdout
    assert "quiet=22:00-06:00" in chosen.stdout

    shown = runner.invoke(app, [*notify, "--id", "desk-ayu", "--no-webhook"])
    assert "whsec_" not in shown.output
    assert "channels email;" in shown.stdout
    facility = runner.invoke(app, [*notify, "--facility", "--email", "igd@rsud.test"])
    assert "@facility channels email;" in facility.stdout

    for bad in (
        ["--id", "nobody", "--email", "x@y.test"],
        ["--id", "desk-ayu", "--quiet", "25:00-06:00"],
    ):
        refused = runner.invoke(app, [*notify, *bad])
        assert refused.exit_code == 2
        assert len(refused.stderr.splitlines()) == 1, refused.stderr


def test_rujukan_ups_mail_catcher_prints_each_notice_with_its_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    catcher = start_mail_catcher(free_port())
    message = EmailMessage()
    message["From"], message["To"] = "rujukan@localhost", "desk@kh-rsud.demo.invalid"
    message["Subject"] = "[Rujukan] A new referral (health) is waiting"
    message.set_content(
        "A new referral (health) is waiting: http://127.0.0.1:8101/desk/referrals/r-1\n"
    )
    try:
        settings = mail_settings(catcher.port)
        asyncio.run(
            aiosmtplib.send(message, hostname="127.0.0.1", port=catcher.port, start_tls=False)
        )
    finally:
        catcher.stop()
    printed = capsys.readouterr().out
    assert "mail to desk@kh-rsud.demo.invalid: [Rujukan] A new referral (health)" in printed
    assert "http://127.0.0.1:8101/desk/referrals/r-1" in printed
    assert settings["RUJUKAN_SMTP_PORT"] == str(catcher.port)
