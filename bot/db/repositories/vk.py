"""Linked VK profiles and the VK events handled."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import insert_once
from bot.db.tables import VkEventRow, VkLinkRow


class VkRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def link(self, user: str, vk_id: int, at: datetime) -> str | None:
        other = await self.user_of(vk_id)
        if other is not None and other != user:
            return other
        await self._session.execute(delete(VkLinkRow).where(VkLinkRow.user_id == user))
        self._session.add(VkLinkRow(user_id=user, vk_id=vk_id, linked_at=at))
        await self._session.flush()
        return None

    async def unlink(self, user: str) -> int | None:
        vk_id = await self.link_of(user)
        if vk_id is not None:
            await self._session.execute(delete(VkLinkRow).where(VkLinkRow.user_id == user))
        return vk_id

    async def link_of(self, user: str) -> int | None:
        return await self._session.scalar(select(VkLinkRow.vk_id).where(VkLinkRow.user_id == user))

    async def links(self, users: Collection[str]) -> dict[str, int]:
        rows = await self._session.execute(
            select(VkLinkRow.user_id, VkLinkRow.vk_id).where(VkLinkRow.user_id.in_(list(users)))
        )
        return {user: vk_id for user, vk_id in rows}

    async def user_of(self, vk_id: int) -> str | None:
        return await self._session.scalar(select(VkLinkRow.user_id).where(VkLinkRow.vk_id == vk_id))

    async def known(self, event_id: str) -> bool:
        found = await self._session.scalar(
            select(VkEventRow.event_id).where(VkEventRow.event_id == event_id)
        )
        return found is not None

    async def remember(self, event_id: str, at: datetime) -> bool:
        return await insert_once(self._session, VkEventRow, event_id=event_id, seen_at=at)

    async def forget_events(self, before: datetime) -> int:
        result = await self._session.execute(delete(VkEventRow).where(VkEventRow.seen_at < before))
        return int(result.rowcount)  # type: ignore[attr-defined]
