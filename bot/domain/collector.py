"""Collecting answers: thread replies, their edits and deletions, and what they become."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.answers import AnswerPart, is_numbered, parse_reply
from bot.domain.batching import Batcher
from bot.domain.briefing import BriefingService
from bot.domain.calendar import Clock
from bot.domain.items import derive_items, threat_text
from bot.domain.models import Prompt, ReplyDeleted, ReplyEdited, ThreadReply
from bot.domain.ports import Notifier, Spawn, UnitOfWork, UnitOfWorkFactory


class Stored(StrEnum):
    NO = "no"  # not an answer, or seen before
    YES = "yes"


@dataclass
class _Effects:
    """What to do once the transaction has committed."""

    hints: list[ThreadReply]
    threats: list[int]
    rounds: set[date]


def _older(edit_ts: str | None, stored_edit_ts: str | None) -> bool:
    """An edit delivered after a newer one (Slack ts strings compare as numbers)."""
    return bool(edit_ts and stored_edit_ts and float(edit_ts) <= float(stored_edit_ts))


class CollectorService:
    """Stores thread replies to prompts; Slack's retries and parallel deliveries count once.

    After each commit it sends numbering hints, alerts new reputation threats at once, and
    refreshes a briefing already posted for the round, so late answers are never lost.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        briefings: BriefingService,
        spawn: Spawn,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._briefings = briefings
        self._spawn = spawn
        self._batcher = Batcher(self._store)
        # Prompts never change once posted: remembering them saves a query per batch.
        self._prompts: dict[tuple[str, str], Prompt] = {}

    async def on_reply(self, reply: ThreadReply) -> Stored:
        """Stored once the database has committed it (replies arriving together share one
        transaction); a failure raises, so Slack's retry brings the reply again."""
        return await self._batcher.submit(reply)

    async def _store(self, replies: Sequence[ThreadReply]) -> list[Stored]:
        # Within a batch, as across batches, the first delivery of an event or a message wins.
        firsts: dict[tuple[str, str], ThreadReply] = {}
        seen_events: set[str] = set()
        for reply in replies:
            if reply.event_id not in seen_events:
                seen_events.add(reply.event_id)
                firsts.setdefault((reply.channel, reply.ts), reply)
        effects = _Effects([], [], set())
        async with self._uow() as uow:
            prompts = await self._prompts_of(uow, {(r.channel, r.thread_ts) for r in replies})
            parsed = {
                key: (prompts[r.channel, r.thread_ts], r, parse_reply(r.text))
                for key, r in firsts.items()
                if (r.channel, r.thread_ts) in prompts
            }
            added = await uow.replies.add_many(list(parsed.values()))
            unnumbered: dict[tuple[date, str], ThreadReply] = {}
            for key, reply_id in added.items():
                prompt, reply, parts = parsed[key]
                await self._derive(
                    uow, reply_id, prompt.round_date, parts, reply.received_at, effects, fresh=True
                )
                if not is_numbered(parts):
                    unnumbered.setdefault((prompt.round_date, reply.user), reply)
            if unnumbered:
                hinted = await uow.inbox.first_hints(set(unnumbered))
                effects.hints = [unnumbered[key] for key in hinted]
            await uow.commit()
        self._after_commit(effects)
        return [
            Stored.YES if (r.channel, r.ts) in added and firsts[r.channel, r.ts] is r else Stored.NO
            for r in replies
        ]

    async def _derive(
        self,
        uow: UnitOfWork,
        reply_id: int,
        round_date: date,
        parts: list[AnswerPart],
        at: datetime,
        effects: _Effects,
        *,
        fresh: bool,
    ) -> None:
        """Promotions, product changes and threats follow the answer as it stands now.

        A fresh reply has nothing derived yet: it skips the statements that would find nothing.
        """
        drafts = derive_items(parts, round_date)
        if drafts or not fresh:
            await uow.items.replace(reply_id, drafts)
        text = threat_text(parts)
        if text is not None or not fresh:
            threat_id = await uow.threats.upsert(reply_id, text, at)
            if threat_id is not None:
                effects.threats.append(threat_id)
        effects.rounds.add(round_date)

    def _after_commit(self, effects: _Effects) -> None:
        for reply in effects.hints:
            self._spawn(
                self._notifier.hint_numbering(reply.channel, reply.user, reply.thread_ts),
                f"hint {reply.ts}",
            )
        for threat_id in effects.threats:
            self._spawn(self._briefings.alert(threat_id), f"threat alert {threat_id}")
        for day in effects.rounds:
            self._briefings.refresh_soon(day)

    async def _prompts_of(
        self, uow: UnitOfWork, threads: set[tuple[str, str]]
    ) -> dict[tuple[str, str], Prompt]:
        unknown = threads - self._prompts.keys()
        if unknown:
            if len(self._prompts) > 10_000:
                self._prompts.clear()
            self._prompts.update(await uow.prompts.by_threads(unknown))
        return self._prompts

    async def on_edit(self, edit: ReplyEdited) -> Stored:
        """Re-read an edited answer; a reply first seen as an edit is stored as new."""
        parts = parse_reply(edit.text)
        async with self._uow() as uow:
            stored = await uow.replies.find(edit.channel, edit.ts)
            if stored is not None:
                # Link unfurls also send message_changed: same text, nothing to do.
                if stored.text == edit.text or _older(edit.edit_ts, stored.edit_ts):
                    return Stored.NO
                await uow.replies.edit(stored.id, edit.text, parts, edit.edit_ts, edit.received_at)
                effects = _Effects([], [], set())
                round_date = await uow.replies.round_of(stored.id)
                await self._derive(
                    uow, stored.id, round_date, parts, edit.received_at, effects, fresh=False
                )
                await uow.commit()
                self._after_commit(effects)
                return Stored.YES
        if edit.thread_ts is None or edit.user is None or edit.thread_ts == edit.ts:
            return Stored.NO
        reply = ThreadReply(
            edit.event_id, edit.channel, edit.ts, edit.thread_ts, edit.user, edit.text,
            edit.received_at,
        )  # fmt: skip
        return await self.on_reply(reply)

    async def on_form(
        self, submission_id: str, channel: str, thread_ts: str, user: str, text: str
    ) -> Stored:
        """A form's answer: echoed into the round's thread for colleagues, then stored exactly
        like a thread reply (the echo's ts is its ts; the submission id is its event id)."""
        async with self._uow() as uow:
            prompts = await self._prompts_of(uow, {(channel, thread_ts)})
        if (channel, thread_ts) not in prompts:
            return Stored.NO
        ts = await self._notifier.echo_form_answer(
            channel, thread_ts, user, text, key=f"form:{submission_id}"
        )
        return await self.on_reply(
            ThreadReply(submission_id, channel, ts, thread_ts, user, text, self._clock())
        )

    async def on_delete(self, deleted: ReplyDeleted) -> Stored:
        async with self._uow() as uow:
            round_date = await uow.replies.delete(deleted.channel, deleted.ts, self._clock())
            await uow.commit()
        if round_date is None:
            return Stored.NO
        self._briefings.refresh_soon(round_date)
        return Stored.YES
