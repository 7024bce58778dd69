"""VK: linked profiles, the events handled, a task's VK post, an assignment's like seen on VK

Revision ID: 0008_vk
Revises: 0007_network_posts
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_vk"
down_revision: str | None = "0007_network_posts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vk_links",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("vk_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_vk_links")),
        sa.UniqueConstraint("vk_id", name=op.f("uq_vk_links_vk_id")),
    )
    op.create_table(
        "vk_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_vk_events")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vk_post", sa.String(length=48), nullable=True))
        batch_op.create_index(batch_op.f("ix_tasks_vk_post"), ["vk_post"], unique=False)
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("unliked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("unliked_at")
        batch_op.drop_column("verified_at")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_vk_post"))
        batch_op.drop_column("vk_post")
    op.drop_table("vk_events")
    op.drop_table("vk_links")
