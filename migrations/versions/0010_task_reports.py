"""tasks: a finished task's report reached Slack; assignments: the halfway reminder did

Revision ID: 0010_task_reports
Revises: 0009_feeds
Create Date: 2026-12-02 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_task_reports"
down_revision: str | None = "0009_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    # What an earlier version sent counts as out: upgrading must not send it again.
    columns = ("id", "status", "closed_at", "reminded_at", "reported_at")
    tasks = sa.table("tasks", *(sa.column(c) for c in columns))
    assignments = sa.table("assignments", sa.column("task_id"), sa.column("reminded_at"))
    op.execute(
        tasks.update()
        .where(tasks.c.status.in_(["finished", "cancelled"]))
        .values(reported_at=tasks.c.closed_at)
    )
    reminded = sa.select(tasks.c.reminded_at).where(tasks.c.id == assignments.c.task_id)
    op.execute(assignments.update().values(reminded_at=reminded.scalar_subquery()))


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("reported_at")
