"""Agency keys: the private key file stays with its agency, the public keys file tells
every agency which keys verify, and rotation and revocation reach a running key ring."""

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli.main import app
from ops.network import Member, Network
from rujukan.runtime.keyfiles import KeyFileError, init_keys, revoke_key, rotate_keys
from rujukan.runtime.keys import KeyRing, KeyRingError
from schemas.keys import ENC, SIG, read_public_keys

RUNNER = CliRunner()


def _ring(folder: Path, agency_id: str) -> KeyRing:
    return KeyRing(
        agency_id,
        folder / f"{agency_id}.key.json",
        folder / "public-keys.json",
        check_interval_s=0,
    )


def _init(folder: Path, agency_id: str) -> None:
    init_keys(agency_id, folder / f"{agency_id}.key.json", folder / "public-keys.json")


def test_init_writes_a_private_key_file_only_its_owner_reads_and_publishes_both_keys(
    tmp_path: Path,
) -> None:
    _init(tmp_path, "kh-hub")

    mode = stat.S_IMODE((tmp_path / "kh-hub.key.json").stat().st_mode)
    assert mode == 0o600
    records = read_public_keys(tmp_path / "public-keys.json")
    assert sorted(r.use for r in records) == [ENC, SIG]
    assert all(r.agency_id == "kh-hub" and r.valid_until is None for r in records)
    published = (tmp_path / "public-keys.json").read_text()
    private = json.loads((tmp_path / "kh-hub.key.json").read_text())
    assert all(entry["d"] not in published for entry in private["keys"])
    kid, _key = _ring(tmp_path, "kh-hub").signing_key()
    assert kid in {r.kid for r in records if r.use == SIG}


def test_init_never_overwrites_an_agency_key_file(tmp_path: Path) -> None:
    _init(tmp_path, "kh-hub")
    before = (tmp_path / "kh-hub.key.json").read_bytes()

    with pytest.raises(KeyFileError, match="exists already"):
        _init(tmp_path, "kh-hub")
    assert (tmp_path / "kh-hub.key.json").read_bytes() == before


def test_every_agency_sees_the_others_keys_in_the_one_public_keys_file(tmp_path: Path) -> None:
    _init(tmp_path, "kh-hub")
    _init(tmp_path, "kh-rsud")

    hub = _ring(tmp_path, "kh-hub")
    rsud_kid, _ = _ring(tmp_path, "kh-rsud").signing_key()
    assert [r.kid for r in hub.verification_keys("kh-rsud")] == [rsud_kid]
    enc_kid, _public = hub.encryption_public_key("kh-rsud")
    assert enc_kid in _ring(tmp_path, "kh-rsud").decryption_keys()


def test_a_rotation_signs_at_once_and_the_old_key_verifies_for_the_grace_period(
    tmp_path: Path,
) -> None:
    _init(tmp_path, "kh-rsud")
    ring = _ring(tmp_path, "kh-rsud")
    old_sig, _ = ring.signing_key()
    old_enc, _ = ring.encryption_public_key("kh-rsud")
    rotated_at = datetime.now(UTC)

    rotate_keys(
        "kh-rsud",
        tmp_path / "kh-rsud.key.json",
        tmp_path / "public-keys.json",
        grace=timedelta(hours=2),
        now=rotated_at,
    )

    new_sig, _ = ring.signing_key()  # the running ring, not a new one
    assert new_sig != old_sig
    old = next(r for r in ring.verification_keys("kh-rsud") if r.kid == old_sig)
    assert old.valid_until == rotated_at + timedelta(hours=2)
    assert old.valid_at(rotated_at + timedelta(hours=1))
    assert not old.valid_at(rotated_at + timedelta(hours=3))
    new_enc, _ = ring.encryption_public_key("kh-rsud")
    assert new_enc != old_enc
    assert {old_enc, new_enc} <= set(ring.decryption_keys())


def test_a_revoked_key_is_valid_at_no_time(tmp_path: Path) -> None:
    _init(tmp_path, "kh-rsud")
    ring = _ring(tmp_path, "kh-rsud")
    kid, _ = ring.signing_key()

    revoke_key("kh-rsud", kid, tmp_path / "public-keys.json")

    record = next(r for r in ring.verification_keys("kh-rsud") if r.kid == kid)
    assert record.revoked
    assert not record.valid_at(record.valid_from + timedelta(seconds=1))


def test_revoking_a_key_of_another_agency_is_refused(tmp_path: Path) -> None:
    _init(tmp_path, "kh-rsud")
    kid, _ = _ring(tmp_path, "kh-rsud").signing_key()

    with pytest.raises(KeyFileError, match="no published key"):
        revoke_key("kh-hub", kid, tmp_path / "public-keys.json")


def test_a_missing_key_file_is_a_one_line_error_naming_the_command(tmp_path: Path) -> None:
    _init(tmp_path, "kh-hub")

    with pytest.raises(KeyRingError) as raised:
        _ring(tmp_path, "kh-rsud")
    assert "rujukan keys init --agency kh-rsud" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_another_agency_key_file_is_refused(tmp_path: Path) -> None:
    _init(tmp_path, "kh-hub")
    (tmp_path / "kh-rsud.key.json").write_bytes((tmp_path / "kh-hub.key.json").read_bytes())

    with pytest.raises(KeyRingError, match="belongs to 'kh-hub'"):
        _ring(tmp_path, "kh-rsud")


def test_serve_without_a_key_file_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "RUJUKAN_STATE_DIR": str(tmp_path), "RUJUKAN_HTTP_PORT": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ops.cli.main", "serve", "kh-rsud"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "kh-rsud: no key file" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["keys", "init", "--agency", "no-such-agency"],
        ["keys", "init", "--agency", "kh-kodim"],  # runs no software
        ["keys", "rotate", "--agency", "kh-rsud"],  # no key file yet
        ["keys", "revoke", "--agency", "kh-rsud", "--kid", "nope"],
        ["keys", "show"],  # no public keys file yet
    ],
)
def test_a_key_command_with_bad_input_answers_one_line_and_exit_2(
    tmp_path: Path, args: list[str]
) -> None:
    result = RUNNER.invoke(app, [*args, "--state-dir", str(tmp_path)])

    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("error: "), result.output


def test_key_commands_init_rotate_show_and_revoke(tmp_path: Path) -> None:
    state = ["--state-dir", str(tmp_path)]
    assert RUNNER.invoke(app, ["keys", "init", "--agency", "kh-rsud", *state]).exit_code == 0
    rotated = RUNNER.invoke(app, ["keys", "rotate", "--agency", "kh-rsud", *state])
    assert rotated.exit_code == 0, rotated.output

    shown = RUNNER.invoke(app, ["keys", "show", "--agency", "kh-rsud", *state]).output.splitlines()
    assert [line.split()[-1] for line in shown] == ["grace", "grace", "current", "current"]
    kid = shown[0].split()[0]
    revoked = RUNNER.invoke(app, ["keys", "revoke", "--agency", "kh-rsud", "--kid", kid, *state])
    assert revoked.exit_code == 0, revoked.output
    after = RUNNER.invoke(app, ["keys", "show", *state]).output.splitlines()
    assert after[0].split()[-1] == "revoked"


def test_the_local_network_gets_demo_keys_in_its_run_folder_kept_across_restarts(
    tmp_path: Path,
) -> None:
    network = Network(data_dir=tmp_path, members=[Member("kh-hub", 1), Member("kh-rsud", 2)])

    network.ensure_demo_keys()
    first = network.key_file("kh-rsud").read_bytes()
    network.ensure_demo_keys()

    assert network.key_file("kh-rsud").read_bytes() == first
    assert network.key_file("kh-rsud").is_relative_to(tmp_path)
    agencies = {r.agency_id for r in read_public_keys(tmp_path / "keys" / "public-keys.json")}
    assert agencies == {"kh-hub", "kh-rsud"}
