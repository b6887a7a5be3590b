"""desk: plural table names, as every other component's

Renames the desk's tables; their rows, keys and indexes stay as they are.

Revision ID: 1aa0fe763a3f
Revises: 5007f81af849
Create Date: 2026-12-07 01:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "1aa0fe763a3f"
down_revision: str | Sequence[str] | None = "5007f81af849"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (
    ("desk_referral", "desk_referrals"),
    ("desk_child", "desk_child_identities"),
    ("desk_report", "desk_reports"),
    ("desk_sent", "desk_sent_events"),
    ("desk_delivery", "desk_deliveries"),
    ("desk_onward", "desk_onward_referrals"),
    ("desk_capacity", "desk_capacity_notices"),
)
"""(old name, new name), referenced tables before the tables referencing them."""


def upgrade() -> None:
    for old, new in RENAMED:
        op.rename_table(old, new)


def downgrade() -> None:
    for old, new in reversed(RENAMED):
        op.rename_table(new, old)
