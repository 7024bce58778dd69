"""VK likes verified: people link their VK profile; during a task on the company's VK post a
like from a linked person marks their assignment done and verified (their DM updates), and at
the deadline likes.getList confirms the rest. A like taken back after that is flagged."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import timedelta

from bot.domain.calendar import WorkCalendar
from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import AssignmentState
from bot.domain.model.vk import Unlinked, VkLike
from bot.domain.parsing.vk import profile, wall_post
from bot.domain.ports import TaskNotifier, UnitOfWorkFactory, VkReader
from bot.domain.services.task_delivery import TaskDelivery

log = logging.getLogger(__name__)

CHECKED = (AssignmentState.WAITING, AssignmentState.DONE)  # those whose like can be seen
EVENT_MEMORY = timedelta(days=2)  # how long an event id is kept against VK's retries


class VkService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: TaskNotifier,
        delivery: TaskDelivery,
        calendar: WorkCalendar,
        reader: VkReader,
        group_id: int,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._delivery = delivery
        self._calendar = calendar
        self._reader = reader
        self._group_id = group_id

    def our_post(self, url: str) -> str | None:
        """The post a task's URL names, when it is on the company's own wall (its likes are
        the ones VK tells the community about)."""
        post = wall_post(url)
        return post if post is not None and post.startswith(f"-{self._group_id}_") else None

    # ---------------------------------------------------------------- profile links
    async def link(self, user: str, text: str) -> int:
        """Link `user` to the profile typed; returns its VK id. Raises TaskInputError."""
        found = profile(text)
        if isinstance(found, str):
            try:
                person = await self._reader.person(found)
            except Exception:
                log.warning("VK did not resolve %r", found, exc_info=True)
                raise TaskInputError("vk.error.unavailable") from None
            if person is None:
                raise TaskInputError("vk.error.no_such_profile", text=found)
            found = person
        async with self._uow() as uow:
            taken = await uow.vk.link(user, found, self._calendar.now())
            if taken is not None:
                raise TaskInputError("vk.error.taken", user=taken)
            await uow.commit()
        return found

    async def unlink(self, user: str) -> int | None:
        """Remove `user`'s link; returns the profile it was to (None: there was none)."""
        async with self._uow() as uow:
            removed = await uow.vk.unlink(user)
            await uow.commit()
        return removed

    async def unlink_for(self, user: str, manager: str) -> Unlinked | None:
        """A manager removes someone's link (a profile they linked that is not theirs, say),
        and they are told by DM; None: they had none."""
        vk_id = await self.unlink(user)
        if vk_id is None:
            return None
        try:
            await self._notifier.vk_unlinked(user, vk_id, manager)
        except Exception:
            log.warning("%s not told their VK link was removed", user, exc_info=True)
            return Unlinked(vk_id, told=False)
        return Unlinked(vk_id, told=True)

    async def link_of(self, user: str) -> int | None:
        async with self._uow(read_only=True) as uow:
            return await uow.vk.link_of(user)

    async def unlinked(self, users: Collection[str]) -> list[str]:
        """Those of `users` without a linked profile, in order."""
        async with self._uow(read_only=True) as uow:
            linked = await uow.vk.links(users)
        return [user for user in users if user not in linked]

    # ---------------------------------------------------------------- events
    async def known(self, event_id: str) -> bool:
        async with self._uow(read_only=True) as uow:
            return await uow.vk.known(event_id)

    async def remember(self, event_id: str) -> None:
        async with self._uow() as uow:
            await uow.vk.remember(event_id, self._calendar.now())
            await uow.commit()

    async def forget_events(self) -> int:
        """The events older than EVENT_MEMORY: VK's retries of them are long over."""
        async with self._uow() as uow:
            forgotten = await uow.vk.forget_events(self._calendar.now() - EVENT_MEMORY)
            await uow.commit()
        return forgotten

    async def like(self, event_id: str, like: VkLike) -> int:
        """A like added or taken back: the event recorded and the assignments it changes, in
        one commit (VK sends an event again until it hears "ok": the second changes nothing).
        Returns how many assignments changed."""
        now = self._calendar.now()
        async with self._uow() as uow:
            if not await uow.vk.remember(event_id, now):
                return 0
            user = await uow.vk.user_of(like.liker)
            found = await uow.tasks.on_vk_post(like.post, [user]) if user else []
            change = uow.tasks.verify if like.added else uow.tasks.unlike
            changed = [a.id for _, a in found if await change(a.id, now)]
            await uow.commit()
        await self._show(changed)
        return len(changed)

    async def at_deadline(self, task_id: int) -> None:
        """The likes on VK now confirm whoever linked a profile and was not seen yet (done in
        time: the like was there by the deadline), and flag a verified like no longer there."""
        async with self._uow(read_only=True) as uow:
            task = await uow.tasks.get(task_id)
            if task is None or task.vk_post is None:
                return
            assignments = [a for a in await uow.tasks.assignments(task_id) if a.state in CHECKED]
            links = await uow.vk.links([a.user for a in assignments])
        if not links:
            return
        likers = await self._reader.likers(task.vk_post)
        now, verified = self._calendar.now(), []
        async with self._uow() as uow:
            for a in assignments:
                vk_id = links.get(a.user)
                if vk_id is None:
                    continue
                if vk_id in likers and (not a.verified or a.unliked_at is not None):
                    if await uow.tasks.verify(a.id, task.deadline):
                        verified.append(a.id)
                elif vk_id not in likers and a.verified and a.unliked_at is None:
                    await uow.tasks.unlike(a.id, now)
            await uow.commit()
        await self._show(verified, progress=False)

    async def _show(self, assignment_ids: list[int], *, progress: bool = True) -> None:
        """The DMs of the changed assignments, and their tasks' live messages."""
        for assignment_id in assignment_ids:
            async with self._uow(read_only=True) as uow:
                found = await uow.tasks.assignment(assignment_id)
            if found is None:
                continue
            task, assignment = found
            if assignment.dm_ts:
                try:
                    await self._notifier.update_task_dm(task, assignment)
                except Exception:
                    log.warning("task %s: DM of %s not updated", task.id, assignment.user,
                                exc_info=True)  # fmt: skip
            if progress:
                self._delivery.progress_soon(task.id)
