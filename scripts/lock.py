"""Write ``compose/requirements.lock``: every package a production image installs (the
runtime dependencies of pyproject.toml, no extras), each pinned to one version.

pip's own resolver decides (``pip install --dry-run --report``), so the lock needs no
other tool and honours the same index configuration as any install. Run it after
changing a dependency and commit the result; the image installs the lock first and the
project with ``--no-deps`` (compose/Dockerfile).

    .venv/bin/python scripts/lock.py
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "compose" / "requirements.lock"
HEADER = """\
# The production image's packages, pinned: written by scripts/lock.py from pyproject.toml's
# runtime dependencies (no extras). Do not edit by hand.
"""


def resolve() -> list[tuple[str, str]]:
    """(name, version) of every package ``pip install .`` would install, this one aside."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet"]
        command += ["--ignore-installed", "--report", str(report), str(ROOT)]
        subprocess.run(command, check=True)
        installs = json.loads(report.read_text())["install"]
    pins = {(i["metadata"]["name"].lower(), i["metadata"]["version"]) for i in installs}
    return sorted(p for p in pins if p[0] != "rujukan")


def main() -> None:
    pins = resolve()
    LOCK.write_text(HEADER + "".join(f"{name}=={version}\n" for name, version in pins))
    print(f"wrote {len(pins)} pins to {LOCK.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
