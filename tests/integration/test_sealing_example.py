"""The sealing example of docs/security.md runs: an agency's own system, with
``schemas`` and its key files alone, seals a note to the hub and signs the record; the
hub admits it and reads the note, and the topic holds only ciphertext."""

import re
from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from tests.support.keys import KeysFolder
from tests.support.probe_service import kh_hub_for_examples, rows
from tests.support.services import eventually
from tests.support.topics import read_topics

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

SECURITY = Path(__file__).parents[2] / "docs" / "security.md"


def examples() -> list[str]:
    """The python blocks of the security document, in order: signing's, then sealing's."""
    return [str(b) for b in re.findall(r"```python\n(.*?)```", SECURITY.read_text(), re.DOTALL)]


async def test_the_documented_sealing_example_reaches_the_hub_as_ciphertext_only(
    own_broker: LocalBroker, keys_folder: KeysFolder, tmp_path: Path
) -> None:
    namespace: dict[str, Any] = {}
    for block in examples():
        exec(compile(block, str(SECURITY), "exec"), namespace)

    async with kh_hub_for_examples(own_broker.bootstrap_servers, keys_folder, tmp_path) as hub:
        await namespace["publish_acceptance_with_a_note"](
            own_broker.bootstrap_servers,
            keys_folder.key_file("kh-rsud"),
            keys_folder.public_keys_file,
        )
        await eventually(lambda: rows(hub.runtime))
        records = await read_topics(own_broker.bootstrap_servers, ["rujukan.inbox.kh-hub"])

    assert [(r["referral_id"], r["note"]) for r in rows(hub.runtime)] == [
        ("r-2", "Admitted to ward 3")
    ]
    assert len(records) == 1
    assert b"Admitted" not in records[0].raw()
    assert not hub.runtime.processor.rejected
