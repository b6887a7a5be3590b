"""education: plural table names, as every other component's

Renames the education service's tables; their rows, keys and indexes stay as they are.

Revision ID: 1e6d9275f4c7
Revises: 86fc985a7a77
Create Date: 2026-12-07 04:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "1e6d9275f4c7"
down_revision: str | Sequence[str] | None = "86fc985a7a77"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (
    ("education_report", "education_reports"),
    ("education_record", "education_records"),
    ("education_identity", "education_party_identities"),
    ("education_hub_case", "education_hub_cases"),
    ("education_referral", "education_referrals"),
    ("education_outcome", "education_outcomes"),
    ("education_notice", "education_notices"),
    ("education_unroutable", "education_unroutable_referrals"),
    ("education_deadline", "education_deadlines"),
    ("education_process_code", "education_process_codes"),
)
"""(old name, new name), referenced tables before the tables referencing them;
``education_copies`` is plural already."""


def upgrade() -> None:
    for old, new in RENAMED:
        op.rename_table(old, new)


def downgrade() -> None:
    for old, new in reversed(RENAMED):
        op.rename_table(new, old)
