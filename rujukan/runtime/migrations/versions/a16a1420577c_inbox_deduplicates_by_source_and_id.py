"""inbox: de-duplicate by (source, ce_id)

Revision ID: a16a1420577c
Revises: dd8716593026
Create Date: 2026-12-06 22:00:00.000000

Existing rows are kept: a handled event keeps its source; a row with no source (a
malformed record, keyed by a digest of its content) gets ''.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a16a1420577c"
down_revision: str | Sequence[str] | None = "dd8716593026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE inbox SET source = '' WHERE source IS NULL")
    with op.batch_alter_table("inbox", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("source", existing_type=sa.String(length=128), nullable=False)
        batch_op.drop_constraint("pk_inbox", type_="primary")
        batch_op.create_primary_key("pk_inbox", ["source", "dedup_key"])


def downgrade() -> None:
    with op.batch_alter_table("inbox", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("pk_inbox", type_="primary")
        batch_op.create_primary_key("pk_inbox", ["dedup_key"])
        batch_op.alter_column("source", existing_type=sa.String(length=128), nullable=True)
