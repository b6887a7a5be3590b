"""Agency keys: ``keys init``, ``show``, ``rotate`` and ``revoke``.

The private key file is the agency's own (``RUJUKAN_KEY_FILE``, default
``keys/<agency>.key.json`` under ``RUJUKAN_STATE_DIR``); the public keys file is the
network's (``RUJUKAN_PUBLIC_KEYS_FILE``, default ``keys/public-keys.json`` there).
Bad input answers one line and exit code 2.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ops.cli.errors import UserError, known_agency
from rujukan.runtime.keyfiles import (
    DEFAULT_GRACE,
    KeyFileError,
    init_keys,
    revoke_key,
    rotate_keys,
)
from rujukan.runtime.settings import default_key_file, default_public_keys_file
from schemas.keys import PublicKeyRecord, PublicKeysError, read_public_keys

app = typer.Typer(help="Agency signing and encryption keys.", no_args_is_help=True)

T = TypeVar("T")

AgencyOption = Annotated[str, typer.Option("--agency", help="The agency's directory id.")]
KeyFile = Annotated[
    Path | None,
    typer.Option(envvar="RUJUKAN_KEY_FILE", help="The agency's private key file."),
]
PublicKeys = Annotated[
    Path | None,
    typer.Option(envvar="RUJUKAN_PUBLIC_KEYS_FILE", help="The network's public keys file."),
]
StateDir = Annotated[
    Path,
    typer.Option(envvar="RUJUKAN_STATE_DIR", help="Where the default key files live."),
]


@app.command()
def init(
    agency: AgencyOption,
    key_file: KeyFile = None,
    public_keys: PublicKeys = None,
    state_dir: StateDir = Path(".rujukan"),
) -> None:
    """Create an agency's signing and encryption key pairs and publish their public keys."""
    private, public = _key_files(agency, key_file, public_keys, state_dir)
    records = _or_exit(lambda: init_keys(agency, private, public))
    typer.echo(f"private keys of {agency} in {private} (mode 0600: keep it with the agency)")
    for record in records:
        typer.echo(f"published {record.kid} in {public}")


@app.command()
def show(
    agency: Annotated[str | None, typer.Option("--agency", help="Only this agency.")] = None,
    public_keys: PublicKeys = None,
    state_dir: StateDir = Path(".rujukan"),
) -> None:
    """List the published keys: kid, use, validity and state."""
    public = public_keys or default_public_keys_file(state_dir)
    records = _or_exit(lambda: read_public_keys(public))
    shown = [r for r in records if agency is None or r.agency_id == agency]
    if not shown:
        typer.echo(f"no published keys{f' of {agency}' if agency else ''} in {public}")
        return
    now = datetime.now(UTC)
    for record in shown:
        until = record.valid_until.isoformat(timespec="seconds") if record.valid_until else "-"
        typer.echo(
            f"{record.kid:<40} {record.use}  from {record.valid_from.isoformat(timespec='seconds')}"
            f"  until {until}  {_state(record, now)}"
        )


@app.command()
def rotate(
    agency: AgencyOption,
    grace_hours: Annotated[
        float, typer.Option(help="How long the old keys still verify.", min=0)
    ] = DEFAULT_GRACE.total_seconds() / 3600,
    key_file: KeyFile = None,
    public_keys: PublicKeys = None,
    state_dir: StateDir = Path(".rujukan"),
) -> None:
    """New key pairs that sign at once; the old ones verify for a grace period."""
    private, public = _key_files(agency, key_file, public_keys, state_dir)
    grace = timedelta(hours=grace_hours)
    records = _or_exit(lambda: rotate_keys(agency, private, public, grace=grace))
    for record in records:
        typer.echo(
            f"published {record.kid}; older {record.use} keys of {agency} stay valid "
            f"{grace_hours:g} h more"
        )


@app.command()
def revoke(
    agency: AgencyOption,
    kid: Annotated[str, typer.Option("--kid", help="The key id, from `keys show`.")],
    public_keys: PublicKeys = None,
    state_dir: StateDir = Path(".rujukan"),
) -> None:
    """Revoke a key (a stolen one): it verifies nothing from now on."""
    public = public_keys or default_public_keys_file(state_dir)
    record = _or_exit(lambda: revoke_key(agency, kid, public))
    typer.echo(f"revoked {record.kid}")


def _state(record: PublicKeyRecord, now: datetime) -> str:
    if record.revoked:
        return "revoked"
    if record.valid_until is not None and now > record.valid_until:
        return "expired"
    if record.valid_until is not None:
        return "grace"
    return "current"


def _key_files(
    agency_id: str, key_file: Path | None, public_keys: Path | None, state_dir: Path
) -> tuple[Path, Path]:
    """The private key file and public keys file of an agency that runs software (the
    defaults under ``state_dir``); any other agency has no keys and ends the command."""
    agency = known_agency(agency_id)
    if not agency.runs_software:
        raise UserError(f"{agency_id} runs no software: it has no keys")
    return (
        key_file or default_key_file(state_dir, agency_id),
        public_keys or default_public_keys_file(state_dir),
    )


def _or_exit(action: Callable[[], T]) -> T:
    try:
        return action()
    except (KeyFileError, PublicKeysError) as exc:
        raise UserError(str(exc)) from exc
