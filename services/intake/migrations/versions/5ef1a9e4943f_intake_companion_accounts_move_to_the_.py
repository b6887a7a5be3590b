"""intake: companion accounts move to the network's accounts

Carries every companion account (its password hash, supervisor and active flag) and its
live sessions over to the ``accounts`` component, then drops the hub's own tables.
A companion who supervises another gets the ``supervisor`` role too.

Revision ID: 5ef1a9e4943f
Revises: 0474f76d2017
Create Date: 2026-12-06 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5ef1a9e4943f"
down_revision: str | Sequence[str] | None = "0474f76d2017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "a32aca84a684"


def upgrade() -> None:
    op.execute(
        """
        INSERT INTO accounts (account_id, display_name, roles, district_level, school_id,
            supervisor_id, password_hash, token_digest, active, created_at, updated_at)
        SELECT c.companion_id, c.display_name,
            CASE WHEN EXISTS (SELECT 1 FROM intake_companion_accounts s
                              WHERE s.supervisor_id = c.companion_id)
                 THEN 'companion supervisor' ELSE 'companion' END,
            false, NULL, c.supervisor_id, c.password_hash, NULL, c.active,
            c.created_at, c.updated_at
        FROM intake_companion_accounts c
        WHERE c.companion_id NOT IN (SELECT account_id FROM accounts)
        """
    )
    op.execute(
        """
        INSERT INTO account_sessions (token_digest, account_id, csrf_token, created_at,
            expires_at)
        SELECT token_digest, companion_id, csrf_token, created_at, expires_at
        FROM intake_companion_sessions
        """
    )
    with op.batch_alter_table("intake_companion_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_intake_companion_sessions_expires_at")
        batch_op.drop_index("ix_intake_companion_sessions_companion")
    op.drop_table("intake_companion_sessions")
    op.drop_table("intake_companion_accounts")


def downgrade() -> None:
    op.create_table(
        "intake_companion_accounts",
        sa.Column("companion_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("supervisor_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("companion_id", name=op.f("pk_intake_companion_accounts")),
    )
    op.create_table(
        "intake_companion_sessions",
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("companion_id", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_digest", name=op.f("pk_intake_companion_sessions")),
    )
    with op.batch_alter_table("intake_companion_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intake_companion_sessions_companion", ["companion_id"], unique=False
        )
        batch_op.create_index(
            "ix_intake_companion_sessions_expires_at", ["expires_at"], unique=False
        )
