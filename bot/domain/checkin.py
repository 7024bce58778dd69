"""Use cases of the daily loop: ask, collect, digest."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.answers import is_numbered, parse_reply
from bot.domain.batching import Batcher
from bot.domain.calendar import WorkCalendar, utcnow
from bot.domain.models import Department, Prompt, ReplyDeleted, ReplyEdited, ThreadReply
from bot.domain.ports import Notifier, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    POSTED = "posted"
    UPDATED = "updated"
    EXISTS = "exists"  # done earlier by this or another process
    PENDING = "pending"  # another run holds the claim right now
    NOT_WORKDAY = "not_workday"


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    channel: str
    department: Department | None = None


def _older(edit_ts: str | None, stored_edit_ts: str | None) -> bool:
    """An edit delivered after a newer one (Slack ts strings compare as numbers)."""
    return bool(edit_ts and stored_edit_ts and float(edit_ts) <= float(stored_edit_ts))


class CheckinService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        calendar: WorkCalendar,
        channels: dict[Department, str],
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._channels = channels

    async def ask(self, day: date, *, force: bool = False) -> list[PostResult]:
        """Post the day's questions to each department once; a unique key makes it once."""
        if not force and not self._calendar.is_workday(day):
            return [PostResult(Outcome.NOT_WORKDAY, channel) for channel in self._channels.values()]
        results = []
        for department, channel in self._channels.items():
            async with self._uow() as uow:
                prompt_id = await uow.prompts.claim(day, department, channel)
                await uow.commit()
            if prompt_id is None:
                results.append(PostResult(Outcome.EXISTS, channel, department))
                continue
            try:
                ts = await self._notifier.post_checkin(channel, day, department)
            except BaseException:
                async with self._uow() as uow:
                    await uow.prompts.release(prompt_id)
                    await uow.commit()
                raise
            async with self._uow() as uow:
                await uow.prompts.set_ts(prompt_id, ts)
                await uow.commit()
            results.append(PostResult(Outcome.POSTED, channel, department))
        return results


class Stored(StrEnum):
    NO = "no"  # not an answer, or seen before
    YES = "yes"
    NEEDS_HINT = "needs_hint"  # stored; the author should learn to number answers


class CollectorService:
    """Stores thread replies to prompts; Slack's retries and parallel deliveries count once."""

    def __init__(self, uow: UnitOfWorkFactory, notifier: Notifier) -> None:
        self._uow = uow
        self._notifier = notifier
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
        async with self._uow() as uow:
            prompts = await self._prompts_of(uow, {(r.channel, r.thread_ts) for r in replies})
            parsed = {
                key: (prompts[r.channel, r.thread_ts], r, parse_reply(r.text))
                for key, r in firsts.items()
                if (r.channel, r.thread_ts) in prompts
            }
            added = await uow.replies.add_many(list(parsed.values()))
            unnumbered = {
                (prompt.round_date, reply.user)
                for key, (prompt, reply, parts) in parsed.items()
                if key in added and not is_numbered(parts)
            }
            hinted = await uow.inbox.first_hints(unnumbered) if unnumbered else set()
            await uow.commit()
        results = []
        for reply in replies:
            key = (reply.channel, reply.ts)
            if key not in added or firsts[key] is not reply:
                results.append(Stored.NO)
            elif (parsed[key][0].round_date, reply.user) in hinted:
                hinted.discard((parsed[key][0].round_date, reply.user))
                results.append(Stored.NEEDS_HINT)
            else:
                results.append(Stored.YES)
        return results

    async def _prompts_of(
        self, uow: UnitOfWork, threads: set[tuple[str, str]]
    ) -> dict[tuple[str, str], Prompt]:
        unknown = threads - self._prompts.keys()
        if unknown:
            if len(self._prompts) > 10_000:
                self._prompts.clear()
            self._prompts.update(await uow.prompts.by_threads(unknown))
        return self._prompts

    async def hint(self, reply: ThreadReply) -> None:
        """Tell the author how to number answers (sent apart so Slack's ack never waits on it)."""
        await self._notifier.hint_numbering(reply.channel, reply.user, reply.thread_ts)

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
                await uow.commit()
                return Stored.YES
        if edit.thread_ts is None or edit.user is None or edit.thread_ts == edit.ts:
            return Stored.NO
        reply = ThreadReply(
            edit.event_id, edit.channel, edit.ts, edit.thread_ts, edit.user, edit.text,
            edit.received_at,
        )  # fmt: skip
        return await self.on_reply(reply)

    async def on_delete(self, deleted: ReplyDeleted) -> bool:
        async with self._uow() as uow:
            done = await uow.replies.delete(deleted.channel, deleted.ts, utcnow())
            await uow.commit()
        return done


class DigestService:
    def __init__(
        self, uow: UnitOfWorkFactory, notifier: Notifier, calendar: WorkCalendar, channel: str
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._channel = channel

    async def publish(self, day: date, *, force: bool = False) -> PostResult:
        """Post the day's digest once; a later run updates that same message."""
        if not force and not self._calendar.is_workday(day):
            return PostResult(Outcome.NOT_WORKDAY, self._channel)
        async with self._uow() as uow:
            digest = await uow.replies.digest(day)
            existing = await uow.digests.find_ts(day)
            claimed = existing is None and await uow.digests.claim(day, self._channel)
            await uow.commit()
        if existing is not None:
            channel, ts = existing
            if ts is None:
                return PostResult(Outcome.PENDING, channel)
            await self._notifier.update_digest(channel, ts, digest)
            return PostResult(Outcome.UPDATED, channel)
        if not claimed:
            return PostResult(Outcome.PENDING, self._channel)
        try:
            ts = await self._notifier.post_digest(self._channel, digest)
        except BaseException:
            async with self._uow() as uow:
                await uow.digests.release(day)
                await uow.commit()
            raise
        async with self._uow() as uow:
            await uow.digests.set_ts(day, ts, utcnow())
            await uow.commit()
        return PostResult(Outcome.POSTED, self._channel)
