"""The morning briefing's content: what the SMM manager needs to plan the day. Pure."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from bot.domain.calendar import WorkCalendar
from bot.domain.model.briefing import Briefing, Suggestion, Todo, When
from bot.domain.model.checkin import Digest, DigestEntry
from bot.domain.model.common import Department, Outcome, PostResult
from bot.domain.model.feedback import Feedback, FeedbackKind, Question
from bot.domain.model.items import Item, ItemKind, LiveItems, Threat, ThreatStatus
from bot.domain.model.networks import Silence
from bot.domain.model.once import Where
from bot.domain.model.questions import QuestionKind, QuestionSet, Wording
from bot.domain.ports import Notifier, Spawn, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.once import post_once
from bot.domain.services.presence import PresenceWatch

log = logging.getLogger(__name__)

REFRESH_DELAY = 1.0  # seconds: a burst of late answers updates the posted briefing once
# The soonest items a section lists, the rest counted: a morning's reading, and a briefing that
# costs the same to compose, lay out and keep up to date on a day of thousands of answers.
ITEMS_A_SECTION = 100
ANNOUNCE_WITHIN_DAYS = 3  # a promotion this close gets a series of announcements
TEASE_WITHIN_DAYS = 7  # a product change this close gets a teaser series


def when(start: date | None, day: date) -> tuple[When, int]:
    """Where an item starting on `start` stands relative to `day`, and in how many days it
    starts."""
    if start is None:
        return When.UNDATED, 0
    days = (start - day).days
    if days < 0:
        return When.ONGOING, days
    if days == 0:
        return When.TODAY, 0
    return (When.TOMORROW, 1) if days == 1 else (When.IN_DAYS, days)


def _by_date(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.start is None, i.start or i.mentioned_on, i.title))


def _dated(items: list[Item]) -> dict[Wording, list[Item]]:
    """The `date` questions' items by heading, each section by date."""
    sections: dict[Wording, list[Item]] = {}
    for item in _by_date([i for i in items if i.kind is ItemKind.DATE]):
        if item.heading is not None:
            sections.setdefault(item.heading, []).append(item)
    return sections


def suggest(
    day: date, promotions: list[Item], products: list[Item], threats: list[Threat]
) -> list[Suggestion]:
    suggestions = []
    for item in promotions:
        state, days = when(item.start, day)
        if state in (When.ONGOING, When.TODAY):
            suggestions.append(Suggestion(Todo.SALE_TODAY, item.title))
        elif state in (When.TOMORROW, When.IN_DAYS) and days <= ANNOUNCE_WITHIN_DAYS:
            suggestions.append(Suggestion(Todo.ANNOUNCE, item.title, item.start))
    for item in products:
        state, days = when(item.start, day)
        if state in (When.TODAY, When.TOMORROW, When.IN_DAYS) and days <= TEASE_WITHIN_DAYS:
            suggestions.append(Suggestion(Todo.TEASE, item.title, item.start))
    suggestions.extend(Suggestion(Todo.ANSWER_THREAT, threat.text) for threat in threats)
    return suggestions


def _by_kind(
    answers: Digest, asked: Mapping[Department, QuestionSet]
) -> dict[QuestionKind, dict[Wording, list[DigestEntry]]]:
    """The round's answers by their question's kind (as each department's round asked it),
    then by the question's heading, in the order they came."""
    grouped: dict[QuestionKind, dict[Wording, list[DigestEntry]]] = {}
    for number, entries in sorted(answers.answers.items()):
        for entry in entries:
            question = asked[entry.department].get(number)
            if question is not None:
                grouped.setdefault(question.kind, {}).setdefault(question.heading, []).append(entry)
    for by_heading in grouped.values():
        for entries in by_heading.values():
            entries.sort(key=lambda e: e.ts)
    return grouped


def _merged(by_heading: dict[Wording, list[DigestEntry]] | None) -> list[DigestEntry]:
    return sorted((e for es in (by_heading or {}).values() for e in es), key=lambda e: e.ts)


def build_briefing(
    day: date,
    answers: Digest,
    asked: Mapping[Department, QuestionSet],
    items: LiveItems,
    threats: list[Threat],
    feedback: Sequence[Feedback] = (),
    untaken: int = 0,
    questions: Sequence[Question] = (),
    feedback_since: date | None = None,
    silent: Sequence[Silence] = (),
) -> Briefing:
    """Items must be those live on `day`, threats the open ones (the repositories select);
    feedback is what came in since the previous workday; `asked`, what each department's round
    asked (its answers' kinds give the sections: several focus questions merge, each date or
    text question has its own)."""
    grouped = _by_kind(answers, asked)
    kinds = Counter(item.kind for item in feedback)
    promotions = _by_date([i for i in items.listed if i.kind is ItemKind.PROMOTION])
    products = _by_date([i for i in items.listed if i.kind is ItemKind.PRODUCT])
    threats = sorted(threats, key=lambda t: t.opened_at)
    return Briefing(
        day=day,
        focus=_merged(grouped.get(QuestionKind.FOCUS)),
        promotions=promotions,
        products=products,
        threats=threats,
        overnight=_merged(grouped.get(QuestionKind.NEWS)),
        dates=_dated(items.listed),
        unlisted=items.unlisted,
        texts=grouped.get(QuestionKind.TEXT, {}),
        suggestions=suggest(day, promotions, products, threats),
        answered=answers.authors(),
        notes=answers.notes,
        feedback={kind: kinds[kind] for kind in FeedbackKind if kinds[kind]},
        untaken=untaken,
        questions=list(questions),
        feedback_since=feedback_since,
        silent=list(silent),
    )


class BriefingService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        calendar: WorkCalendar,
        channel: str,
        spawn: Spawn,
        managers: frozenset[str],
        presence: PresenceWatch,
        refresh_delay: float = REFRESH_DELAY,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._channel = channel
        self._spawn = spawn
        self._managers = managers
        self._presence = presence
        self._refresh_delay = refresh_delay
        self._dirty: set[date] = set()
        self._posting: set[date] = set()  # briefings on their way to Slack, not confirmed yet
        self._behind: set[date] = set()  # of those, the ones a change came for meanwhile

    async def compose(self, day: date) -> Briefing:
        async with self._uow(read_only=True) as uow:
            return await self._compose(uow, day)

    async def stored(self, day: date) -> Briefing | None:
        """A day's briefing looked back on, composed from what is stored; None when no
        check-in was posted that day (a day off, or before the bot's first round)."""
        async with self._uow(read_only=True) as uow:
            if not await uow.prompts.for_day(day):
                return None
            return await self._compose(uow, day)

    async def _compose(self, uow: UnitOfWork, day: date) -> Briefing:
        """The briefing as the day ended (today: as it stands): threats, untaken feedback and
        questions as they were then; answers as last edited."""
        since = self._calendar.previous_workday(day)
        start = self._calendar.start_of(since)
        end = self._calendar.start_of(day)
        until = self._calendar.start_of(day + timedelta(days=1))
        answers = await uow.replies.digest(day)
        asked = {prompt.department: prompt.questions for prompt in await uow.prompts.for_day(day)}
        items = await uow.items.live(day, ITEMS_A_SECTION)
        threats = await uow.threats.open_on(day, until)
        feedback = await uow.feedback.between(start, end)
        untaken = len(await uow.feedback.untaken(until))
        questions = await uow.questions.open_questions(until)
        at = min(self._calendar.now(), until)
        silent = await self._presence.silent(uow, at)
        return build_briefing(
            day, answers, asked, items, threats, feedback, untaken, questions,
            feedback_since=since, silent=silent,
        )  # fmt: skip

    async def publish(self, day: date, *, force: bool = False) -> PostResult:
        """Post the day's briefing once; a later run updates that same message."""
        if not force and not self._calendar.is_workday(day):
            return PostResult(Outcome.NOT_WORKDAY, self._channel)
        async with self._uow(read_only=True) as uow:
            existing = await uow.digests.find_ts(day)
        if existing is not None:
            channel, ts = existing
            await self._notifier.update_briefing(channel, ts, await self.compose(day))
            return PostResult(Outcome.UPDATED, channel)
        where = Where(f"digest:{day}", self._channel)

        async def post() -> str:
            briefing = await self.compose(day)
            return await self._notifier.post_briefing(self._channel, briefing, key=where.key)

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            await uow.digests.add(day, self._channel, posts[0], self._calendar.now())

        self._posting.add(day)
        try:
            outcome = await post_once(
                self._uow, self._notifier, self._calendar.now, where, post, confirm
            )
        finally:
            self._posting.discard(day)
        if day in self._behind:  # an answer came while it was on its way: it shows now
            self._behind.discard(day)
            await self.refresh(day)
        return PostResult(outcome, self._channel)

    async def refresh(self, day: date) -> bool:
        """Update the day's briefing if it was posted; False when there is none (one being
        posted is updated once it is in)."""
        async with self._uow(read_only=True) as uow:
            existing = await uow.digests.find_ts(day)
        if existing is None:
            if day in self._posting:
                self._behind.add(day)
            return False
        await self._notifier.update_briefing(existing[0], existing[1], await self.compose(day))
        return True

    def refresh_soon(self, day: date) -> None:
        """Coalesce many changes to a round into one update of its posted briefing, and of
        today's: an earlier round's dated items and threats show in it too."""
        for changed in {day, self._calendar.today()}:
            if changed not in self._dirty:
                self._dirty.add(changed)
                at = self._calendar.now() + timedelta(seconds=self._refresh_delay)
                self._spawn(self._refresh_later(changed, at), f"refresh briefing {changed}")

    async def _refresh_later(self, day: date, at: datetime) -> None:
        await self._calendar.clock.sleep_until(at)
        self._dirty.discard(day)
        await self.refresh(day)

    async def alert(self, threat_id: int) -> Outcome:
        """Alert a new threat in the digest channel at once, not at the next briefing."""
        async with self._uow(read_only=True) as uow:
            found = await uow.threats.get(threat_id)
        if found is None or found[2] is not None:
            return Outcome.EXISTS
        where = Where(f"alert:{threat_id}", self._channel)

        async def post() -> str:
            return await self._notifier.post_threat_alert(self._channel, found[0], key=where.key)

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            await uow.threats.set_alert(threat_id, self._channel, posts[0])

        return await post_once(self._uow, self._notifier, self._calendar.now, where, post, confirm)

    async def update_alert(self, threat_id: int) -> None:
        """The threat's alert, if it went out, as the threat reads now (reworded, withdrawn)."""
        async with self._uow(read_only=True) as uow:
            found = await uow.threats.get(threat_id)
        if found is not None and found[1] and found[2]:
            await self._notifier.update_threat_alert(found[1], found[2], found[0])

    async def retry_alerts(self) -> list[Outcome]:
        """Alert every open threat not alerted yet (a failed alert waits here for the sweep)."""
        async with self._uow(read_only=True) as uow:
            unalerted = await uow.threats.unalerted()
        outcomes = []
        for threat_id in unalerted:
            try:
                outcomes.append(await self.alert(threat_id))
            except Exception:
                log.warning("threat %s: still no alert", threat_id, exc_info=True)
        return outcomes

    def may_close_threats(self, user: str) -> bool:
        return user in self._managers

    async def close_threat(self, threat_id: int, status: ThreatStatus, user: str) -> bool:
        """Resolved / Not a threat, by a manager (anyone else changes nothing): the first click
        counts; the alert and today's briefing show it at once."""
        if not self.may_close_threats(user):
            return False
        async with self._uow() as uow:
            closed = await uow.threats.close(threat_id, status, user, self._calendar.now())
            await uow.commit()
            found = await uow.threats.get(threat_id)
        if not closed or found is None:
            return False
        threat, channel, ts = found
        if channel and ts:
            await self._notifier.update_threat_alert(channel, ts, threat)
        await self.refresh(self._calendar.today())
        return True
