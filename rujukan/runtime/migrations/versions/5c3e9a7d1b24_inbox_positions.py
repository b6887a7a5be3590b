"""inbox_positions: where the inbox stands in each partition, per broker incarnation

Revision ID: 5c3e9a7d1b24
Revises: a16a1420577c
Create Date: 2026-12-07 09:30:00.000000

The table starts empty: until an agency's inbox has handled a batch of a partition, the
broker's committed offset is where it starts, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c3e9a7d1b24"
down_revision: str | Sequence[str] | None = "a16a1420577c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_positions",
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("incarnation", sa.String(length=200), nullable=False),
        sa.Column("next_offset", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", "partition", name=op.f("pk_inbox_positions")),
    )


def downgrade() -> None:
    op.drop_table("inbox_positions")
