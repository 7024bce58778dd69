"""feeds: each feed's validators for the next conditional GET, and the items it has shown

Revision ID: 0009_feeds
Revises: 0008_vk
Create Date: 2026-12-01 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_feeds"
down_revision: str | None = "0008_vk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "feed_items",
        sa.Column("feed", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feed"], ["feeds.url"], name=op.f("fk_feed_items_feed_feeds")),
        sa.PrimaryKeyConstraint("feed", "key", name=op.f("pk_feed_items")),
    )


def downgrade() -> None:
    op.drop_table("feed_items")
    op.drop_table("feeds")
