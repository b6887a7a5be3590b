"""The sealing example of docs/security.md runs: an agency's own system, with
``schemas`` and its key files alone, seals a note to the hub and signs the record; the
hub admits it and reads the note, and the topic holds only ciphertext."""

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from tests.support.keys import KeysFolder
from tests.support.probe_service import PROBE, rows
from tests.support.services import running
from tests.support.topics import read_topics

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

SECURITY = Path(__file__).parents[2] / "docs" / "security.md"


def examples() -> list[str]:
    """The python blocks of the security document, in order: signing's, then sealing's."""
    return [str(b) for b in re.findall(r"```python\n(.*?)```", SECURITY.read_text(), re.DOTALL)]


async def test_the_documented_sealing_example_reaches_the_hub_as_ciphertext_only(
    own_broker: LocalBroker, keys_folder: KeysFolder, tmp_path: Path
) -> None:
    keys_folder.ensure("kh-hub", "kh-rsud")
    namespace: dict[str, Any] = {}
    for block in examples():
        exec(compile(block, str(SECURITY), "exec"), namespace)

    async with running(
        PROBE,
        agency_id="kh-hub",
        database_url=f"sqlite:///{tmp_path}/hub.db",
        bootstrap=own_broker.bootstrap_servers,
        keys=keys_folder,
    ) as hub:
        await namespace["publish_acceptance_with_a_note"](
            own_broker.bootstrap_servers,
            keys_folder.key_file("kh-rsud"),
            keys_folder.public_keys_file,
        )
        for _ in range(300):
            if rows(hub.runtime):
                break
            await asyncio.sleep(0.1)
        records = await read_topics(own_broker.bootstrap_servers, ["rujukan.inbox.kh-hub"])

    assert [(r["referral_id"], r["note"]) for r in rows(hub.runtime)] == [
        ("r-2", "Admitted to ward 3")
    ]
    assert len(records) == 1
    assert b"Admitted" not in records[0].raw()
    assert not hub.runtime.processor.rejected
