"""The hub's journal names its entries by wire type and reads them through the
catalogue of event types, so an entry stored as an older version is upcast like the same
event arriving on the wire, and a renamed class still reads every stored journal."""

from datetime import UTC, datetime
from typing import Any

import pytest

from schemas import base, catalog
from schemas.events.case import CaseEvaluated, ComplaintReceived
from services.intake.domain import (
    ChildIdentityRecorded,
    CorruptJournal,
    Decision,
    decide,
    journal_item,
    journal_type,
)
from tests.unit.intake.support import KH, T0, complaint, network

V1 = "id.rujukan.case.evaluated.v1"
V2 = "id.rujukan.case.evaluated.v2"


def opening() -> Decision:
    return decide(None, complaint(), T0, network(KH))


def test_a_public_event_is_stored_under_its_wire_type_and_a_record_under_its_record_type() -> None:
    decision = opening()
    kinds = [journal_type(entry.item) for entry in decision.journal]
    assert kinds[:2] == [ComplaintReceived.event_type, ChildIdentityRecorded.record_type]
    assert not any(kind in {"ComplaintReceived", "ChildIdentityRecorded"} for kind in kinds)


def test_every_stored_entry_reads_back_as_the_entry_it_was() -> None:
    decision = opening()
    for entry in decision.journal:
        payload = entry.item.model_dump(mode="json")
        assert journal_item(journal_type(entry.item), payload) == entry.item


def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    """The (imagined) v1 called the evaluation's verdict ``well``."""
    upcast = dict(data)
    upcast["physically_and_mentally_well"] = upcast.pop("well")
    return upcast


@pytest.fixture
def evaluated_is_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue in which the current CaseEvaluated is v2 and v1 has an upcaster."""
    current = {k: v for k, v in base._CATALOG.items() if k != V1}
    monkeypatch.setattr(base, "_CATALOG", {**current, V2: CaseEvaluated})
    monkeypatch.setattr(catalog, "UPCASTERS", {V1: (V2, _from_v1)})


@pytest.mark.usefixtures("evaluated_is_v2")
def test_an_entry_stored_as_v1_is_upcast_to_the_current_v2() -> None:
    stored = {"case_id": "c-kh-0001", "well": True, "evaluated_at": "2026-12-10T09:00:00Z"}

    item = journal_item(V1, stored)

    assert item == CaseEvaluated(
        case_id="c-kh-0001",
        physically_and_mentally_well=True,
        evaluated_at=datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
    )


def test_an_unknown_or_foreign_kind_is_a_corrupt_journal() -> None:
    with pytest.raises(CorruptJournal, match="unknown journal entry kind"):
        journal_item("OutcomeRecorded", {"case_id": "c-kh-0001"})  # a class name, not a type
    with pytest.raises(CorruptJournal, match="not an event of the hub's journal"):
        journal_item("id.rujukan.school.report_received.v1", {"case_id": "c-kh-0001"})
