"""scheduled runs: a job's day confirmed, or missed and told

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_runs",
        sa.Column("job", sa.String(length=32), nullable=False),
        sa.Column("round_date", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("job", "round_date", name=op.f("pk_scheduled_runs")),
    )
    # What an earlier version posted is done: upgrading must not report it as missed.
    runs = sa.table(
        "scheduled_runs", *(sa.column(c) for c in ("job", "round_date", "done_at", "notified"))
    )
    for job, table, at, whole in (
        ("checkin", "prompts", "created_at", sa.func.count() == 2),  # both departments
        ("reminders", "reminders", "sent_at", None),
        ("digest", "digests", "posted_at", None),
    ):
        source = sa.table(table, *(sa.column(c) for c in ("round_date", "ts", at)))
        done = sa.select(
            sa.literal(job), source.c.round_date, sa.func.max(source.c[at]), sa.false()
        ).group_by(source.c.round_date)
        if table != "reminders":  # a reminder's row is written once it went out
            done = done.where(source.c.ts.is_not(None))
        if whole is not None:
            done = done.having(whole)
        op.execute(runs.insert().from_select(["job", "round_date", "done_at", "notified"], done))


def downgrade() -> None:
    op.drop_table("scheduled_runs")
