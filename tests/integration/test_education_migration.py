"""The education service's tables take plural names without losing a row: a report, a
party's identity, a referral with its BTG 18(6) steps and a deadline stored before the
rename read back after it, and the service works on them; on SQLite and PostgreSQL."""

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from rujukan.desk import DESK
from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import ACCOUNTS
from schemas.vocabulary import ServiceType, Sex
from services.education import tables as t
from services.education.domain import PartyIdentity, receive_report
from services.education.domain.commands import RequestStatement
from services.education.repository import DeadlineRow, ReferralRow, SchoolRepository
from tests.support.databases import migrated_engine
from tests.unit.education.builders import REPORTED, VICTIM, run

BEFORE = "education@86fc985a7a77"
NOW = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)
CHILD = PartyIdentity(party_id="v1", name="(name)", sex=Sex.FEMALE, estimated_age=12)


def _as_before(table: sa.Table, old_name: str) -> sa.Table:
    return table.to_metadata(sa.MetaData(), name=old_name)


def test_reports_identities_referrals_and_deadlines_survive_the_rename(
    db_kind: str, tmp_path: Path
) -> None:
    opening = receive_report(
        reference="sch-1",
        channel=None,
        received_on=date(2026, 3, 2),
        schools=["sd-1"],
        parties=[VICTIM, REPORTED],
    )
    opened, opened_records = opening.report, opening.records
    report = run(opened, RequestStatement(party_id="v1", on=date(2026, 3, 3)))
    referral = ReferralRow(
        referral_id="r-1",
        reference="sch-1",
        case_id="sch-1-1",
        hub_id="btg-hub",
        target_id="btg-rsud",
        service=ServiceType.HEALTH,
        party_id="v1",
        purpose="btg_18_4c",
        article="BTG Pasal 18(4)c",
        stage="PENANGANAN",
        identity_included=True,
        status="issued",
        issued_at=NOW,
        event_id="e-1",
    )
    components = [migrate.RUNTIME, ACCOUNTS, DESK, t.EDUCATION]
    with migrated_engine(db_kind, tmp_path, components, [BEFORE]) as engine:
        with engine.begin() as connection:
            connection.execute(
                sa.insert(_as_before(t.report, "education_report")),
                {
                    "reference": "sch-1",
                    "origin": report.origin.value,
                    "handler": report.handler.value,
                    "status": report.status.value,
                    "received_on": report.received_on,
                    "state": report.model_dump(mode="json"),
                    "created_at": NOW,
                    "updated_at": NOW,
                },
            )
            connection.execute(
                sa.insert(_as_before(t.identity, "education_identity")),
                {"reference": "sch-1", "party_id": "v1", "identity": CHILD.model_dump(mode="json")},
            )
            connection.execute(
                sa.insert(_as_before(t.referral, "education_referral")),
                asdict(referral) | {"steps": None},
            )
            connection.execute(
                sa.insert(_as_before(t.deadline, "education_deadline")),
                {
                    "reference": "sch-1",
                    "rule": "examination",
                    "party_id": "",
                    "starts_on": date(2026, 3, 3),
                    "due_on": date(2026, 4, 14),
                    "unit": "working_days",
                    "kind": "limit",
                    "article": "SKW Pasal 46(2)",
                    "status": "pending",
                    "handler": "tppk",
                },
            )

        migrate.upgrade(engine, components)

        with db.session_factory(engine)() as session:
            stored = SchoolRepository(session)
            assert stored.load("sch-1") == report
            assert stored.identities("sch-1") == {"v1": CHILD}
            assert stored.referral("r-1") == referral
            (deadline,) = stored.deadlines("sch-1")
            assert isinstance(deadline, DeadlineRow)
            assert (deadline.rule, deadline.due_on) == ("examination", date(2026, 4, 14))
            stored.append_records("sch-1", opened_records, NOW)  # its key names the new table
            session.commit()
            assert [r.record_type for r in stored.records_of("sch-1")] == [
                "ReportReceived",
                "HandlerAssigned",
            ]
        names = set(sa.inspect(engine).get_table_names())
        assert {"education_reports", "education_party_identities", "education_referrals"} <= names
        assert not {"education_report", "education_identity", "education_referral"} & names
