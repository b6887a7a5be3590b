"""The education service's own tables (migration component ``education``), next to the
referral desk's in the same database; plural names, as every component's (renamed by
migration ``1e6d9275f4c7``, their indexes and constraints keeping the names they had).

- ``education_reports``: one report (or TPPK finding) of violence in a school, the
  aggregate as of its last command (JSON of the pure ``SchoolReport``: roles and local
  ids, never a name) and the row a command locks.
- ``education_records``: every record a command caused, in order (the audit trail).
- ``education_party_identities``: who the parties are — the **only** table holding names
  of victims, witnesses and reported persons (SKW Pasal 33, 44(2); UU PDP 27/2022).
- ``education_hub_cases``: the intake hub case opened for a child (BTG 18(6); the school's
  ComplaintSubmitted), one per child per report.
- ``education_referrals``: the referrals the service issued (BTG 18(4)c, 18(2)j, SKW 65),
  with their status as the targets answer and their BTG 18(6) steps.
- ``education_outcomes``: every answer and report received about those referrals.
- ``education_notices``: the notices issued by themselves (parents, Dinas or Gugus Tugas).
- ``education_unroutable_referrals``: the referrals owed at once (BTG 18(4)c, 18(2)j) for
  which the district's matrix lists no institution online, once per pupil, purpose and
  service.
- ``education_copies``: every document of the handling sent to the recipients the
  regulation names (the stop of an examination, SKW 47(2); the decision, 52(2)–(3)),
  with one entry per person (recipient and party id).
- ``education_deadlines``: the statutory deadlines of each report (SKW 46, 51, 62, 64,
  58(2)) as last computed, and whether their miss was announced — stored, so a restart
  announces nothing twice and forgets nothing.
- ``education_process_codes``: the digest of each code a victim or reporter follows their
  process with (SKW 66(1)a), never the code.
"""

from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from rujukan.runtime.db import AGENCY_LENGTH as _AGENCY
from rujukan.runtime.db import EVENT_ID_LENGTH as _EVENT_ID
from rujukan.runtime.db import REF_LENGTH as _REF
from rujukan.runtime.db import SURROGATE_KEY as _Id
from rujukan.runtime.db import new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()


report = Table(
    "education_reports",
    metadata,
    Column("reference", String(_REF), primary_key=True),
    Column("origin", String(16), nullable=False),
    Column("handler", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_education_report_handler", "handler", "updated_at"),
)

record = Table(
    "education_records",
    metadata,
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("record_type", String(64), nullable=False),
    Column("article", String(120), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("body", JSON, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

identity = Table(
    "education_party_identities",
    metadata,
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), primary_key=True),
    Column("party_id", String(_REF), primary_key=True),
    Column("identity", JSON, nullable=False),
)

hub_case = Table(
    "education_hub_cases",
    metadata,
    Column("case_id", String(_REF), primary_key=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("party_id", String(_REF), nullable=False),
    Column("hub_id", String(_AGENCY), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    UniqueConstraint("reference", "party_id", name="uq_education_hub_case_party"),
)

referral = Table(
    "education_referrals",
    metadata,
    Column("referral_id", String(_REF), primary_key=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("case_id", String(_REF), nullable=False),
    Column("party_id", String(_REF), nullable=True),
    Column("purpose", String(32), nullable=False),
    Column("article", String(120), nullable=False),
    Column("stage", String(64), nullable=False),
    Column("service", String(32), nullable=False),
    Column("target_id", String(_AGENCY), nullable=False),
    Column("hub_id", String(_AGENCY), nullable=True),
    Column("identity_included", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    Column("steps", JSON, nullable=True),
    Index("ix_education_referral_reference", "reference"),
)

outcome = Table(
    "education_outcomes",
    metadata,
    Column("event_id", String(_EVENT_ID), primary_key=True),
    Column(
        "referral_id",
        String(_REF),
        ForeignKey("education_referrals.referral_id"),
        nullable=False,
    ),
    Column("event_type", String(128), nullable=False),
    Column("agency_id", String(_AGENCY), nullable=False),
    Column("status", String(32), nullable=True),
    Column("final", Boolean, nullable=False),
    Column("body", JSON, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_education_outcome_referral", "referral_id", "received_at"),
)

notice = Table(
    "education_notices",
    metadata,
    Column("notice_id", String(_REF), primary_key=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("party_id", String(_REF), nullable=True),
    Column("article", String(120), nullable=False),
    Column("by_letter", Boolean, nullable=False),
    Column("services", JSON, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    Index("ix_education_notice_reference", "reference"),
)

unroutable = Table(
    "education_unroutable_referrals",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("party_id", String(_REF), nullable=False, default=""),
    Column("purpose", String(32), nullable=False),
    Column("service", String(32), nullable=False),
    Column("article", String(120), nullable=False),
    Column("about", JSON, nullable=False),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    UniqueConstraint("reference", "party_id", "purpose", "service", name="uq_education_unroutable"),
)

copies = Table(
    "education_copies",
    metadata,
    Column("copies_id", String(_REF), primary_key=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("document", String(32), nullable=False),
    Column("article", String(120), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    Index("ix_education_copies_reference", "reference"),
)

deadline = Table(
    "education_deadlines",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("party_id", String(_REF), nullable=False, default=""),
    Column("starts_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("article", String(120), nullable=False),
    Column("status", String(16), nullable=False),
    Column("done_on", Date, nullable=True),
    Column("handler", String(16), nullable=False),
    Column("missed_event_id", String(_EVENT_ID), nullable=True),
    Column("missed_notified_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("reference", "rule", "party_id", "starts_on", name="uq_education_deadline"),
    Index("ix_education_deadline_open", "status", "due_on"),
)

process_code = Table(
    "education_process_codes",
    metadata,
    Column("code_digest", String(64), primary_key=True),
    Column("reference", String(_REF), ForeignKey("education_reports.reference"), nullable=False),
    Column("party_id", String(_REF), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Index("ix_education_process_code_party", "reference", "party_id"),
)


EDUCATION = Component("education", metadata, Path(__file__).parent / "migrations" / "versions")
"""The education service's migration component, after the desk's."""
