"""What the schedule has done each day, in the database: a job confirmed for a day is not run
again, and a window that closed first is told once (however many processes or restarts)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain.calendar import WorkCalendar
from bot.domain.once import post_once

if TYPE_CHECKING:
    from bot.domain.ports import ScheduleNotifier, UnitOfWork, UnitOfWorkFactory


class ScheduleLedger:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: ScheduleNotifier,
        calendar: WorkCalendar,
        channel: str,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._channel = channel  # where a missed post is told: the digest channel

    async def is_done(self, job: str, day: date) -> bool:
        async with self._uow() as uow:
            return await uow.schedule.is_done(job, day)

    async def done(self, job: str, day: date) -> None:
        async with self._uow() as uow:
            await uow.schedule.done(job, day, self._calendar.now())
            await uow.commit()

    async def missed(self, job: str, day: date) -> bool:
        """Record that `job`'s window closed unconfirmed: True for the one call that did (none
        if the job was confirmed meanwhile)."""
        async with self._uow() as uow:
            first = await uow.schedule.first_miss(job, day, self._calendar.now())
            await uow.commit()
        return first

    async def tell_missed(self, job: str, day: date) -> bool:
        """The notice in the digest channel, once; False when it was posted before."""

        async def claim(uow: UnitOfWork) -> bool:
            return await uow.schedule.claim_notice(job, day)

        async def post() -> str:
            return await self._notifier.post_missed(self._channel, job, day)

        async def release(uow: UnitOfWork, _: bool) -> None:
            await uow.schedule.release_notice(job, day)

        return await post_once(self._uow, claim, post, release)
