"""education: staff accounts move to the network's accounts

Carries every staff account (role, a TPPK's school, the digest of its API token, active
flag) over to the ``accounts`` component, then drops the service's own table. Tokens
issued before keep working: they are found by their digest.

Revision ID: 86fc985a7a77
Revises: 5c2ff919a901
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "86fc985a7a77"
down_revision: str | Sequence[str] | None = "5c2ff919a901"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "a32aca84a684"


def upgrade() -> None:
    op.execute(
        """
        INSERT INTO accounts (account_id, display_name, roles, district_level, school_id,
            supervisor_id, password_hash, token_digest, active, created_at, updated_at)
        SELECT account_id, display_name, role, false, school_id, NULL, NULL, token_digest,
            active, created_at, updated_at
        FROM education_staff_account
        WHERE account_id NOT IN (SELECT account_id FROM accounts)
        """
    )
    op.drop_table("education_staff_account")


def downgrade() -> None:
    op.create_table(
        "education_staff_account",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("school_id", sa.String(length=64), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_education_staff_account")),
        sa.UniqueConstraint("token_digest", name="uq_education_staff_account_token"),
    )
