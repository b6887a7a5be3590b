"""How every ``rujukan`` command fails: one line on stderr and exit status 2.

A command that cannot do what it was asked (a wrong argument, an unknown agency, a
service or broker out of reach, a database that does not exist) raises
:class:`UserError`; typer's own usage errors are the same kind of mistake. The
top-level group (:class:`OneLineErrors`, the ``cls`` of the ``rujukan`` app) catches
both once, so an operator never reads a traceback for a mistake of theirs.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rujukan.directory import Agency

T = TypeVar("T")

EXIT_USER_ERROR = 2
"""Exit status of a user error, as typer gives its own usage errors."""


class UserError(typer.TyperException):
    """A mistake of the operator's, or something out of their reach: one line, exit 2."""

    exit_code = EXIT_USER_ERROR


class MissingExtra(UserError):
    """An operator tool whose packages a production install leaves out."""


def require_extra(extra: str, *modules: str) -> None:
    """Refuse in one line, before any work, when the ``extra`` that provides
    ``modules`` is not installed (``pip install 'rujukan[local]'``)."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtra(
            f"{', '.join(missing)} missing: this command needs the '{extra}' extra "
            f"(pip install 'rujukan[{extra}]')"
        )


class Unreachable(UserError):
    """A service or broker that does not answer: said as such, never as "not found"."""

    def __init__(self, what: str, address: str) -> None:
        super().__init__(f"{what} at {address} is unreachable")


def one_line(exc: typer.TyperException) -> str:
    """The error as one line: the message without a usage block or hints."""
    message = " ".join(exc.format_message().split())
    return f"error: {message}"


def known_agency(agency_id: str) -> Agency:
    """The directory's agency ``agency_id``; an unknown id is the operator's mistake."""
    from rujukan.directory import UnknownAgency, load_directory

    try:
        return load_directory().get(agency_id)
    except UnknownAgency as exc:
        raise UserError(str(exc)) from exc


Kafka = Annotated[
    str,
    typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers."),
]
"""The option naming the broker a command reaches (through :func:`against_broker`)."""


def against_broker(work: Coroutine[Any, Any, T], kafka: str) -> T:
    """Run ``work`` against the Kafka broker at ``kafka``; one that cannot be reached is a
    user error (the Kafka client's own log lines about refused connections are not the
    operator's). The clients ``work`` opens must close themselves on failure."""
    from aiokafka.errors import KafkaConnectionError

    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return asyncio.run(work)
    except KafkaConnectionError as exc:
        raise Unreachable("the Kafka broker", kafka) from exc


class OneLineErrors(TyperGroup):
    """The ``rujukan`` group: runs a command with typer's standalone handling off and
    says any user error in one line (``--help`` and ``typer.Exit`` keep their status)."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # ours and typer's usage errors
            if type(exc).__name__ == "NoArgsIsHelpError":  # typer's own test, unexported
                typer.echo(exc.format_message(), err=True)
            else:
                typer.echo(one_line(exc), err=True)
            return _finish(EXIT_USER_ERROR, standalone_mode)
        except typer.Abort:
            typer.echo("aborted", err=True)
            return _finish(1, standalone_mode)
        return _finish(result if isinstance(result, int) else 0, standalone_mode)


def _finish(code: int, standalone_mode: bool) -> int:
    if standalone_mode:
        sys.exit(code)
    return code
