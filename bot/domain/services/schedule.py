"""What the schedule has done each day, in the database: a job confirmed for a day is not run
again, and a window that closed first is told once (however many processes or restarts)."""

from __future__ import annotations

from datetime import date

from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Outcome
from bot.domain.model.once import Where
from bot.domain.ports import ScheduleNotifier, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.once import post_once


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
        async with self._uow(read_only=True) as uow:
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

    async def tell_missed(self, job: str, day: date) -> Outcome:
        """The notice in the digest channel, once (its key decides, as for every post)."""
        where = Where(f"missed:{job}:{day}", self._channel)

        async def post() -> str:
            return await self._notifier.post_missed(self._channel, job, day, key=where.key)

        async def confirm(uow: UnitOfWork, _: list[str]) -> None:
            await uow.schedule.notified(job, day)

        return await post_once(self._uow, self._notifier, self._calendar.now, where, post, confirm)
