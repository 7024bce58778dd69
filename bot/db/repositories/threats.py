"""Threats raised in answers or feedback, their alerts, and who closed them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed
from bot.db.tables import PromptRow, ReplyRow, ThreatRow
from bot.domain.model.common import Department
from bot.domain.model.items import Threat, ThreatStatus


def answer_threat(
    reply_id: int, department: str, user: str, round_date: date, text: str, at: datetime
) -> dict[str, Any]:
    """A new threat from an answer, as a row's values."""
    return {
        "reply_id": reply_id, "department": department, "user_id": user,
        "opened_on": round_date, "text": text, "status": ThreatStatus.OPEN.value,
        "opened_at": at,
    }  # fmt: skip


class ThreatRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(
        self, reply_id: int, text: str | None, at: datetime
    ) -> tuple[int, bool] | None:
        row = await self._session.scalar(select(ThreatRow).where(ThreatRow.reply_id == reply_id))
        if row is None:
            if text is None:
                return None
            department, user, round_date = (
                await self._session.execute(
                    select(PromptRow.department, ReplyRow.user_id, PromptRow.round_date)
                    .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
                    .where(ReplyRow.id == reply_id)
                )
            ).one()
            row = ThreatRow(**answer_threat(reply_id, department, user, round_date, text, at))
            self._session.add(row)
            await self._session.flush()
            return row.id, True
        before = (row.text, row.status)
        if text is None:
            if row.status == ThreatStatus.OPEN:
                row.status = ThreatStatus.WITHDRAWN
        else:
            row.text = text
            if row.status == ThreatStatus.WITHDRAWN:
                row.status = ThreatStatus.OPEN
        return (row.id, False) if (row.text, row.status) != before else None

    async def open_from_feedback(
        self, feedback_id: int, user: str, text: str, opened_on: date, at: datetime
    ) -> int:
        row = ThreatRow(
            feedback_id=feedback_id, user_id=user, opened_on=opened_on, text=text,
            status=ThreatStatus.OPEN, opened_at=at,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return row.id

    @staticmethod
    def _threat(row: ThreatRow) -> Threat:
        return Threat(
            row.id, Department(row.department) if row.department else None, row.user_id,
            row.text, row.opened_on, row.opened_at, ThreatStatus(row.status), row.closed_by,
            row.closed_at,
        )  # fmt: skip

    async def open_on(self, day: date, until: datetime | None = None) -> list[Threat]:
        """Threats raised on or before `day` and open at `until` (now, when None): closed
        after it, or not at all; a deleted answer's are not."""
        still_open = ThreatRow.status == ThreatStatus.OPEN
        if until is not None:
            still_open = or_(still_open, ThreatRow.closed_at >= until)
        rows = await self._session.scalars(
            select(ThreatRow)
            .outerjoin(ReplyRow, ThreatRow.reply_id == ReplyRow.id)
            .where(
                still_open,
                ThreatRow.opened_on <= day,
                ReplyRow.deleted_at.is_(None),
            )
        )
        return [self._threat(row) for row in rows]

    async def get(self, threat_id: int) -> tuple[Threat, str | None, str | None] | None:
        """The threat with the channel and ts of its alert."""
        row = await self._session.get(ThreatRow, threat_id)
        if row is None:
            return None
        return self._threat(row), row.alert_channel, row.alert_ts

    async def set_alert(self, threat_id: int, channel: str, ts: str) -> None:
        await self._session.execute(
            update(ThreatRow)
            .where(ThreatRow.id == threat_id)
            .values(alert_channel=channel, alert_ts=ts)
        )

    async def unalerted(self) -> list[int]:
        rows = await self._session.scalars(
            select(ThreatRow.id)
            .outerjoin(ReplyRow, ThreatRow.reply_id == ReplyRow.id)
            .where(
                ThreatRow.status == ThreatStatus.OPEN,
                ThreatRow.alert_ts.is_(None),
                ReplyRow.deleted_at.is_(None),
            )
            .order_by(ThreatRow.id)
        )
        return list(rows)

    async def close(self, threat_id: int, status: ThreatStatus, user: str, at: datetime) -> bool:
        """Close an open threat; False when it was closed already (the first click counts)."""
        return await changed(
            self._session,
            update(ThreatRow)
            .where(ThreatRow.id == threat_id, ThreatRow.status == ThreatStatus.OPEN)
            .values(status=status, closed_by=user, closed_at=at),
        )
