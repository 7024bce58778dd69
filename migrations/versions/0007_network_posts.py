"""network posts: the posts the connectors saw, once by (network, key), and what became of each

Revision ID: 0007_network_posts
Revises: 0006
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_network_posts"
down_revision: str | None = "0006"  # 0006_question_sets.py
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seen_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("prompt_channel", sa.String(length=32), nullable=True),
        sa.Column("prompt_ts", sa.String(length=32), nullable=True),
        sa.Column("handled_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_seen_posts_task_id_tasks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seen_posts")),
        sa.UniqueConstraint("network", "key", name=op.f("uq_seen_posts_network_key")),
    )
    op.create_index(op.f("ix_seen_posts_url_key"), "seen_posts", ["url_key"])
    op.create_index(op.f("ix_seen_posts_seen_at"), "seen_posts", ["seen_at"])
    op.create_index(op.f("ix_seen_posts_state"), "seen_posts", ["state"])


def downgrade() -> None:
    op.drop_table("seen_posts")
