"""claims: one table of idempotency keys for every post that must happen once

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The posts already confirmed keep their keys (as bot/domain builds them), so nothing posted
# before the upgrade is posted again. Claims never confirmed (ts NULL) go: posted or not,
# nothing can be known of them now, and the new code looks a post up by its key first.
BACKFILL = [
    "SELECT 'checkin:' || CAST(round_date AS TEXT) || ':' || channel AS k, created_at AS t, ts"
    " FROM prompts WHERE ts IS NOT NULL",
    # A reminder's row was written when it was claimed; its ts was never kept.
    "SELECT 'reminder:' || CAST(round_date AS TEXT) || ':' || department AS k, sent_at AS t,"
    " '' AS ts FROM reminders",
    "SELECT 'digest:' || CAST(round_date AS TEXT) AS k, posted_at AS t, ts FROM digests"
    " WHERE ts IS NOT NULL",
    "SELECT 'alert:' || CAST(id AS TEXT) AS k, opened_at AS t, alert_ts AS ts FROM threats"
    " WHERE alert_ts IS NOT NULL",
    "SELECT 'feedback:' || CAST(f.id AS TEXT) || ':' || p.channel AS k, f.created_at AS t, p.ts"
    " FROM posts p JOIN feedback f ON f.id = p.feedback_id",
    "SELECT 'question:' || CAST(q.id AS TEXT) || ':' || p.channel AS k, q.created_at AS t, p.ts"
    " FROM posts p JOIN questions q ON q.id = p.question_id",
    # A week's roll-up is keyed by the week's last day; its row had no time of its own.
    "SELECT 'rollup:' || CAST(week_end AS TEXT) || ':' || channel AS k, CURRENT_TIMESTAMP AS t,"
    " ts FROM rollups WHERE ts IS NOT NULL",
]


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_claims")),
    )
    for select in BACKFILL:
        op.execute(
            "INSERT INTO claims (key, claimed_at, attempted_at, attempt, ts)"
            f" SELECT k, MIN(t), MIN(t), 1, MIN(ts) FROM ({select}) AS confirmed GROUP BY k"
        )
    for table in ("prompts", "digests", "rollups"):
        op.execute(f"DELETE FROM {table} WHERE ts IS NULL")
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_prompts_channel_round_date", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_prompts_channel_round_date"), ["channel", "round_date"]
        )
    op.drop_table("claims")
