"""The journal migration keeps every stored case: entries stored under their class names
before it are renamed to their wire types (events) and record types (internal records),
and the case folds back as it was; on SQLite and PostgreSQL."""

from pathlib import Path

import sqlalchemy as sa

from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import ACCOUNTS
from services.intake.domain import apply, decide, journal_type
from services.intake.repository import CaseRepository
from services.intake.tables import INTAKE
from tests.support.databases import migrated_engine
from tests.unit.intake.support import KH, T0, complaint, network

BEFORE = "intake@5ef1a9e4943f"


def test_a_journal_stored_by_class_names_folds_back_after_the_upgrade(
    db_kind: str, tmp_path: Path
) -> None:
    decision = decide(None, complaint(), T0, network(KH))
    case = apply(None, decision)
    components = [migrate.RUNTIME, ACCOUNTS, INTAKE]
    with migrated_engine(db_kind, tmp_path, components, [BEFORE]) as engine:
        sessions = db.session_factory(engine)
        with sessions() as session, session.begin():
            repository = CaseRepository(session)
            repository.append(case.case_id, 0, decision.journal, {})
            repository.save(case, length=len(decision.journal), new=True, now=T0)
            for entry in decision.journal:  # as the hub stored them before: by class name
                session.execute(
                    sa.text("UPDATE intake_journal SET kind = :old WHERE kind = :new"),
                    {"old": type(entry.item).__name__, "new": journal_type(entry.item)},
                )

        migrate.upgrade(engine, components)

        with sessions() as session:
            kinds = session.execute(sa.text("SELECT kind FROM intake_journal ORDER BY seq"))
            assert [k for (k,) in kinds] == [journal_type(e.item) for e in decision.journal]
            assert CaseRepository(session).load(case.case_id).case == case
