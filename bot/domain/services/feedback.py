"""Customer insight sent back to marketing and sales, and coordination questions to both."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, timedelta

from bot.domain.calendar import Backoff, WorkCalendar
from bot.domain.model.checkin import ThreadReply
from bot.domain.model.common import Department, Outcome, PostResult
from bot.domain.model.errors import TaskInputError
from bot.domain.model.feedback import (
    AskQuestion,
    Delivery,
    Feedback,
    FeedbackCounts,
    FeedbackKind,
    NewFeedback,
    Question,
    Rollup,
    Vote,
)
from bot.domain.model.once import Where
from bot.domain.ports import FeedbackNotifier, Spawn, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.briefing import BriefingService
from bot.domain.services.channels import each_channel
from bot.domain.services.once import post_once
from bot.domain.services.presence import PresenceWatch

log = logging.getLogger(__name__)

Copy = Callable[[Department], Awaitable[Outcome]]  # posts one department's copy, once
COPY_ATTEMPTS = 3  # a copy is tried this often at once, then by the scheduler's sweep
COPY_BACKOFF = Backoff(0.25)  # seconds before the second try, doubling: a blip, not an outage
RETRY_COPIES_FOR = timedelta(days=1)  # the sweep gives up on a feedback copy this much later


def rollup(
    week_end: date, this_week: list[Feedback], week_before: list[Feedback], untaken: list[Feedback]
) -> Rollup:
    now, before = Counter(f.kind for f in this_week), Counter(f.kind for f in week_before)
    items: dict[FeedbackKind, list[Feedback]] = {}
    for item in this_week:
        items.setdefault(item.kind, []).append(item)
    return Rollup(
        week_end,
        {kind: (now[kind], before[kind]) for kind in FeedbackKind if now[kind] or before[kind]},
        untaken,
        {kind: items[kind] for kind in FeedbackKind if kind in items},
    )


def stats(days: int, items: list[Feedback]) -> FeedbackCounts:
    kinds = Counter(f.kind for f in items)
    departments = Counter(d for f in items for d in f.departments)
    return FeedbackCounts(
        days,
        {kind: kinds[kind] for kind in FeedbackKind if kinds[kind]},
        {d: departments[d] for d in Department if departments[d]},
        len(items),
        sum(f.urgent for f in items),
        sum(f.taken_by is not None for f in items),
        sum(f.done_by is not None for f in items),
    )


class FeedbackService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: FeedbackNotifier,
        briefings: BriefingService,
        spawn: Spawn,
        calendar: WorkCalendar,
        channels: dict[Department, str],
        managers: frozenset[str],
        presence: PresenceWatch,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._briefings = briefings
        self._spawn = spawn
        self._calendar = calendar
        self._channels = channels
        self._managers = managers
        self._presence = presence

    # ---------------------------------------------------------------- feedback items
    async def create(self, new: NewFeedback, author: str) -> tuple[Feedback, Delivery]:
        """Store the item, post it to its departments' channels, each copy recorded the moment
        it is out; an urgent complaint also opens a reputation threat, alerted at once. A copy
        that keeps failing is left to retry_copies()."""
        now = self._calendar.now()
        async with self._uow() as uow:
            item = await uow.feedback.add(
                Feedback(
                    0, author, now, new.kind, new.text, new.link, new.network, new.departments,
                    new.urgent,
                )
            )  # fmt: skip
            threat_id = None
            if new.urgent and new.kind is FeedbackKind.COMPLAINT:
                threat_id = await uow.threats.open_from_feedback(
                    item.id, author, new.text, self._calendar.local_date(now), now
                )
            await uow.commit()
        if threat_id is not None:
            self._spawn(self._briefings.alert(threat_id), f"threat alert {threat_id}")
        return item, await self._copies(item.departments, self._feedback_copy(item))

    # ---------------------------------------------------------------- copies
    def _feedback_copy(self, item: Feedback) -> Copy:
        def post(channel: str, key: str) -> Awaitable[str]:
            return self._notifier.post_feedback(channel, item, key=key)

        return self._copy(f"feedback:{item.id}", post, feedback_id=item.id)

    def _question_copy(self, question: Question) -> Copy:
        def post(channel: str, key: str) -> Awaitable[str]:
            return self._notifier.post_question(channel, question, key=key)

        return self._copy(f"question:{question.id}", post, question_id=question.id)

    def _copy(self, prefix: str, post: Callable[[str, str], Awaitable[str]], **of: int) -> Copy:
        """A department's copy of a feedback item or a question (`of`: which), posted once."""

        async def copy(department: Department) -> Outcome:
            channel = self._channels[department]
            where = Where(f"{prefix}:{channel}", channel)

            async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
                for ts in posts:  # the buttons update every copy Slack has
                    await uow.feedback.add_post(channel, ts, **of)

            return await self._post_once(where, lambda: post(channel, where.key), confirm)

        return copy

    async def _post_once(
        self,
        where: Where,
        post: Callable[[], Awaitable[str]],
        confirm: Callable[[UnitOfWork, list[str]], Awaitable[None]],
    ) -> Outcome:
        return await post_once(self._uow, self._notifier, self._calendar.now, where, post, confirm)

    async def _copies(
        self,
        departments: tuple[Department, ...],
        copy: Copy,
        attempts: int = COPY_ATTEMPTS,
    ) -> Delivery:
        """Each department's copy, each on its own: one failing does not keep the next back."""
        sent: list[Department] = []
        pending: list[Department] = []
        for department in departments:
            for attempt in range(1, attempts + 1):
                if attempt > 1:
                    await self._calendar.wait(COPY_BACKOFF.after(attempt - 1))
                try:
                    outcome = await copy(department)
                except Exception:
                    log.warning("copy to %s failed (try %d)", department, attempt, exc_info=True)
                    outcome = Outcome.PENDING  # not out yet, as far as anyone knows
                if outcome is not Outcome.PENDING:
                    break
            (pending if outcome is Outcome.PENDING else sent).append(department)
        return Delivery(tuple(sent), tuple(pending))

    async def retry_copies(self) -> dict[str, Delivery]:
        """For the scheduler's sweep: post every copy not out yet, once each (idempotent: what
        is out stays as it is) — of the items of the last day and of the open questions. By
        "feedback:<id>" / "question:<id>", the copies that are out and those still missing."""
        now = self._calendar.now()
        todo: list[tuple[str, tuple[Department, ...], Copy, list[tuple[str, str]]]] = []
        async with self._uow(read_only=True) as uow:
            for item in await uow.feedback.between(now - RETRY_COPIES_FOR, now):
                posts = await uow.feedback.posts(feedback_id=item.id)
                todo.append(
                    (f"feedback:{item.id}", item.departments, self._feedback_copy(item), posts)
                )
            for q in await uow.questions.open_questions():
                posts = await uow.feedback.posts(question_id=q.id)
                todo.append(
                    (f"question:{q.id}", tuple(self._channels), self._question_copy(q), posts)
                )
        results = {}
        for name, departments, copy, posts in todo:
            out = {channel for channel, _ in posts}
            missing = tuple(d for d in departments if self._channels[d] not in out)
            if missing:
                delivery = await self._copies(missing, copy, attempts=1)
                results[name] = Delivery(
                    tuple(d for d in departments if d not in delivery.pending), delivery.pending
                )
        return results

    async def take(self, feedback_id: int, user: str) -> bool:
        return await self._mark(feedback_id, user, done=False)

    async def finish(self, feedback_id: int, user: str) -> bool:
        return await self._mark(feedback_id, user, done=True)

    async def _mark(self, feedback_id: int, user: str, *, done: bool) -> bool:
        """Taken / Done: the first click counts, and every posted copy shows it."""
        async with self._uow() as uow:
            changed = await uow.feedback.mark(feedback_id, user, self._calendar.now(), done=done)
            await uow.commit()
            item = await uow.feedback.get(feedback_id)
            posts = await uow.feedback.posts(feedback_id=feedback_id)
        if changed and item is not None:
            for channel, ts in posts:
                await self._notifier.update_feedback(channel, ts, item)
        return changed

    async def since(self, days: int, kind: FeedbackKind | None = None) -> list[Feedback]:
        async with self._uow(read_only=True) as uow:
            now = self._calendar.now()
            items = await uow.feedback.between(now - timedelta(days=days), now)
        return [item for item in items if kind is None or item.kind is kind]

    async def stats(self, days: int) -> FeedbackCounts:
        return stats(days, await self.since(days))

    # ---------------------------------------------------------------- the weekly roll-up
    async def compose_rollup(self, week_end: date) -> Rollup:
        """The seven local days ending with `week_end`, against the seven before them; and how
        often the company posted on each network, as the week ended."""
        start = self._calendar.start_of(week_end - timedelta(days=6))
        end = self._calendar.start_of(week_end + timedelta(days=1))
        async with self._uow(read_only=True) as uow:
            this_week = await uow.feedback.between(start, end)
            week_before = await uow.feedback.between(start - timedelta(days=7), start)
            untaken = await uow.feedback.untaken()
            cadence = await self._presence.cadence(uow, week_end, min(self._calendar.now(), end))
        return replace(rollup(week_end, this_week, week_before, untaken), cadence=cadence)

    async def post_rollup(self, week_end: date) -> list[PostResult]:
        """Once per channel per week, whatever runs it."""
        content = await self.compose_rollup(week_end)
        return [
            await each_channel(
                "roll-up", channel, department,
                self._post_rollup(week_end, channel, department, content),
            )
            for department, channel in self._channels.items()
        ]  # fmt: skip

    async def _post_rollup(
        self, week_end: date, channel: str, department: Department, content: Rollup
    ) -> PostResult:
        where = Where(f"rollup:{week_end}:{channel}", channel)

        async def post() -> str:
            return await self._notifier.post_rollup(channel, content, key=where.key)

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            await uow.feedback.add_rollup(week_end, channel, posts[0])

        outcome = await self._post_once(where, post, confirm)
        return PostResult(outcome, channel, department)

    # ---------------------------------------------------------------- coordination questions
    async def ask(self, command: AskQuestion, asker: str) -> tuple[Question, Delivery]:
        if asker not in self._managers:
            raise TaskInputError("feedback.error.not_manager")
        async with self._uow() as uow:
            question = await uow.questions.add(asker, command.text, self._calendar.now())
            await uow.commit()
        return question, await self._copies(tuple(self._channels), self._question_copy(question))

    async def vote(self, question_id: int, user: str, vote: Vote) -> bool:
        """One vote per person, changeable while the question is open."""
        async with self._uow() as uow:
            question = await uow.questions.get(question_id)
            if question is None or question.closed_at is not None:
                return False
            await uow.questions.vote(question_id, user, vote, self._calendar.now())
            await uow.commit()
        await self._refresh_question(question_id)
        return True

    async def close_question(self, question_id: int, user: str) -> bool:
        """Only the asker closes a question."""
        async with self._uow() as uow:
            question = await uow.questions.get(question_id)
            if question is None or question.asker != user:
                return False
            closed = await uow.questions.close(question_id, self._calendar.now())
            await uow.commit()
        if closed:
            await self._refresh_question(question_id)
        return closed

    async def on_comment(self, reply: ThreadReply) -> bool:
        """A thread reply under a posted question is stored as a comment on it."""
        async with self._uow() as uow:
            question_id = await uow.feedback.question_of_post(reply.channel, reply.thread_ts)
            if question_id is None:
                return False
            added = await uow.questions.add_comment(question_id, reply)
            await uow.commit()
        if added:  # stored: the posts follow after Slack has its answer
            self._spawn(self._refresh_question(question_id), f"question {question_id} comment")
        return added

    async def _refresh_question(self, question_id: int) -> None:
        async with self._uow(read_only=True) as uow:
            question = await uow.questions.get(question_id)
            posts = await uow.feedback.posts(question_id=question_id)
        if question is not None:
            for channel, ts in posts:
                await self._notifier.update_question(channel, ts, question)

    async def open_questions(self) -> list[Question]:
        async with self._uow(read_only=True) as uow:
            return await uow.questions.open_questions()
