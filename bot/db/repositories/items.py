"""Promotions and products named in answers, and the days they are live."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, cast, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.tables import ItemRow, PromptRow, ReplyRow
from bot.domain.model.common import Department
from bot.domain.model.items import Item, ItemDraft, ItemKind, LiveItems, Section
from bot.domain.model.questions import Wording

ITEM_INSERT = insert(ItemRow)  # built once: SQLAlchemy keeps its cache key
# An item as a briefing reads it (columns, not ORM objects: there may be thousands).
_LIVE = (
    ItemRow.kind, PromptRow.department, ReplyRow.user_id, ItemRow.title, ItemRow.start_date,
    ItemRow.end_date, PromptRow.round_date, ItemRow.heading,
)  # fmt: skip
_SOONEST = func.coalesce(ItemRow.start_date, PromptRow.round_date)  # undated: as mentioned


def item_rows(drafts: dict[int, list[ItemDraft]]) -> list[dict[str, Any]]:
    """The items of replies (by reply id), as rows for one INSERT of them all."""
    return [
        {
            "reply_id": reply_id, "kind": d.kind.value, "title": d.title,
            "start_date": d.start, "end_date": d.end, "live_until": d.live_until,
            "heading": None if d.heading is None else {"en": d.heading.en, "ru": d.heading.ru},
        }
        for reply_id, reply_drafts in drafts.items() for d in reply_drafts
    ]  # fmt: skip


class ItemRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace(self, reply_id: int, drafts: list[ItemDraft]) -> None:
        await self._session.execute(delete(ItemRow).where(ItemRow.reply_id == reply_id))
        if rows := item_rows({reply_id: drafts}):
            connection = await self._session.connection()
            await connection.execute(ITEM_INSERT, rows)

    async def live(self, day: date, per_section: int) -> LiveItems:
        """Items still to come (or going on) on `day`, from answers given up to that day: the
        first `per_section` of each section by date (a briefing's order), and each section's
        count. The database picks them, so a day of thousands costs what a day of a few does."""
        section = (ItemRow.kind, cast(ItemRow.heading, String))  # PostgreSQL's json has no "="
        order = (ItemRow.start_date.is_(None), _SOONEST, ItemRow.title)
        ranked = (
            select(
                *_LIVE,
                func.row_number().over(partition_by=section, order_by=order).label("place"),
                func.count().over(partition_by=section).label("total"),
            )
            .join(ReplyRow, ItemRow.reply_id == ReplyRow.id)
            .join(PromptRow, ReplyRow.prompt_id == PromptRow.id)
            .where(
                ItemRow.live_until >= day,
                PromptRow.round_date <= day,
                ReplyRow.deleted_at.is_(None),
            )
            .subquery()
        )
        rows = await self._session.execute(select(ranked).where(ranked.c.place <= per_section))
        listed: list[Item] = []
        unlisted: dict[Section, int] = {}
        for kind, department, user, title, start, end, mentioned_on, heading, _, total in rows:
            item = Item(
                ItemKind(kind), Department(department), user, title, start, end, mentioned_on,
                None if heading is None else Wording(heading["en"], heading["ru"]),
            )  # fmt: skip
            listed.append(item)
            if total > per_section:
                unlisted[item.kind, item.heading] = total - per_section
        return LiveItems(listed, unlisted)
