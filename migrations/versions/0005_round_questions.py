"""round questions: each prompt keeps the questions it asked; an item its section's heading

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What every round before this one asked: the handbook's five, as worded then.
HANDBOOK = [
    {"text": {"en": en, "ru": ru}, "kind": kind}
    for en, ru, kind in (
        ("What happened overnight?", "Что случилось за ночь?", "news"),
        (
            "What is the sales focus today — what are we pushing?",
            "На чём сегодня делаем акцент в продажах?",
            "focus",
        ),
        (
            "When is the next consumer promotion?",
            "Когда следующая акция для покупателей?",
            "promotion",
        ),
        (
            "When is the next product modification due?",
            "Когда ждать следующей модификации продукта?",
            "product",
        ),
        (
            "Which customers threatened to damage the company's reputation?",
            "Кто из покупателей угрожал подмочить репутацию компании?",
            "threat",
        ),
    )
]


def upgrade() -> None:
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("questions", sa.JSON(), nullable=True))
    prompts = sa.table("prompts", sa.column("questions", sa.JSON()))
    op.execute(prompts.update().values(questions=HANDBOOK))
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.alter_column("questions", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heading", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("heading")
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.drop_column("questions")
