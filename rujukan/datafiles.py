"""The network's data files: where they are and how they are read.

The agency directory, the district matrices, regional holidays and deadline rules are
CSV files edited by district staff, so every problem is reported as
``<file>:<line>: <what is wrong>`` at the line a person sees in an editor.
"""

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

DATA_DIR_ENV = "RUJUKAN_DATA_DIR"
"""Environment variable that, when set, replaces the packaged data folder."""

PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "data"
"""The data folder shipped inside the ``rujukan`` package."""


def data_dir() -> Path:
    """The data folder: ``RUJUKAN_DATA_DIR`` if set, else the packaged ``rujukan/data``,
    so a deployment (or a test) can supply its own data without touching the package."""
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured) if configured else PACKAGED_DATA_DIR


class DataFileError(ValueError):
    """A malformed data file. ``errors`` lists every problem found, each reading
    ``"<file>:<line>: <what is wrong>"`` (line 0: the file as a whole); ``path`` and
    ``line`` locate the first one."""

    def __init__(self, errors: Iterable[str], path: Path | None = None, line: int = 0) -> None:
        self.errors: list[str] = list(errors)
        self.path = path
        self.line = line
        super().__init__("\n".join(self.errors))

    @classmethod
    def at(cls, path: Path, line: int, reason: str) -> "DataFileError":
        """One problem at one line."""
        return cls([f"{path}:{line}: {reason}"], path, line)


def read_data_rows(
    path: Path, columns: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Read a data CSV into ``(line number, row)`` pairs plus line-precise errors.

    Lines are parsed one by one so that a reported line number is always the physical
    line; ``#`` comment lines and blank lines are skipped but counted. The first other
    line must be exactly the expected header. Fields are stripped of surrounding spaces;
    a field cannot span lines. A UTF-8 byte-order mark (as spreadsheets write) is fine.
    """
    rows, problems = _read(path, tuple(columns))
    return rows, [f"{path}:{line}: {reason}" for line, reason in problems]


def read_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Like :func:`read_data_rows`, but raise :class:`DataFileError` on any problem."""
    rows, problems = _read(path, tuple(columns))
    if problems:
        errors = [f"{path}:{line}: {reason}" for line, reason in problems]
        raise DataFileError(errors, path, problems[0][0])
    yield from rows


def _read(
    path: Path, columns: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [(0, f"cannot read file: {exc}")]
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[tuple[int, str]] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            fields = [f.strip() for f in next(csv.reader([line], strict=True))]
        except csv.Error as exc:
            problems.append((number, f"malformed CSV line: {exc}"))
            continue
        if not header_seen:
            header_seen = True
            header_error = _header_error(fields, columns)
            if header_error:
                return [], [(number, header_error)]
            continue
        if len(fields) != len(columns):
            problems.append((number, f"expected {len(columns)} fields, got {len(fields)}"))
            continue
        rows.append((number, dict(zip(columns, fields, strict=True))))
    if not header_seen:
        problems.append((1, f"file is empty; expected the header {','.join(columns)}"))
    return rows, problems


def _header_error(fields: list[str], columns: tuple[str, ...]) -> str | None:
    """Why a header row is not exactly ``columns``, or None if it is."""
    if tuple(fields) == columns:
        return None
    missing = [c for c in columns if c not in fields]
    unexpected = [f for f in fields if f not in columns]
    details = []
    if missing:
        details.append(f"missing column(s) {', '.join(missing)}")
    if unexpected:
        details.append(f"unexpected column(s) {', '.join(unexpected)}")
    if not details:
        details.append("columns are out of order")
    return f"header must be {','.join(columns)} ({'; '.join(details)})"
