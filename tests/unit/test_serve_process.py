"""What an agency process does to itself before it serves (``ops/serve.py``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from ops.serve import YOUNGEST_GENERATION_SIZE
from rujukan.runtime.keyfiles import init_keys
from rujukan.runtime.settings import default_key_file, default_public_keys_file

SERVE_AND_REPORT = """
import gc, json
import uvicorn

def report(app, **options):
    print(json.dumps({"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}))

uvicorn.run = report
default = gc.get_threshold()
from ops.serve import serve
serve("kh-rsud")
print(json.dumps({"default": default}))
"""


def test_a_served_agency_freezes_what_it_built_and_collects_young_objects_rarely(
    tmp_path: Path,
) -> None:
    init_keys("kh-rsud", default_key_file(tmp_path, "kh-rsud"), default_public_keys_file(tmp_path))
    env = {
        **os.environ,
        "RUJUKAN_STATE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kh-rsud.db'}",
    }

    result = subprocess.run(
        [sys.executable, "-c", SERVE_AND_REPORT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    serving, after = (json.loads(line) for line in result.stdout.splitlines())
    assert serving["frozen"] > 10_000, "the imports and the app are out of the collector's way"
    assert serving["threshold"] == [YOUNGEST_GENERATION_SIZE, *after["default"][1:]]
