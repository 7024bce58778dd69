"""Collecting answers: thread replies, their edits and deletions, and what they become."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from bot.domain.batching import Batcher
from bot.domain.model.checkin import Prompt, ReplyDeleted, ReplyEdited, Stored, ThreadReply
from bot.domain.model.items import NewAnswer, Reading
from bot.domain.parsing.answers import is_numbered
from bot.domain.parsing.dates import read_dates
from bot.domain.parsing.items import read_reply
from bot.domain.ports import (
    AnswerStore,
    Clock,
    Notifier,
    Spawn,
    ThreadReader,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.domain.services.briefing import BriefingService

log = logging.getLogger(__name__)


@dataclass
class _Effects:
    """What to do once the transaction has committed."""

    hints: list[ThreadReply]
    threats: list[int]  # new: alerted
    changed: list[int]  # reworded or withdrawn: their alerts follow
    rounds: set[date]


def _older(edit_ts: str | None, stored_edit_ts: str | None) -> bool:
    """An edit delivered after a newer one (Slack ts strings compare as numbers)."""
    return bool(edit_ts and stored_edit_ts and float(edit_ts) <= float(stored_edit_ts))


def _rank(version: ThreadReply | ReplyEdited) -> float:
    """Which version of a message is newer: any edit beats the reply as first sent."""
    if isinstance(version, ThreadReply):
        return -1.0
    return float(version.edit_ts or 0)


def _as_reply(version: ThreadReply | ReplyEdited) -> ThreadReply | None:
    """The version as a reply to store if the message is new; None for an edit that does not
    say which thread it is in (it can only change a stored reply)."""
    if isinstance(version, ThreadReply):
        return version
    if version.thread_ts is None or version.user is None or version.thread_ts == version.ts:
        return None
    return ThreadReply(
        version.event_id, version.channel, version.ts, version.thread_ts, version.user,
        version.text, version.received_at, version.edit_ts,
    )  # fmt: skip


K = TypeVar("K")


async def _read_all(texts: dict[K, tuple[str, Prompt]]) -> dict[K, tuple[date, Reading]]:
    """Each text read for its round (the date, the questions it asked): on the loop, or with
    the others that have new dates in one trip to the dates thread."""

    def reading(text: str, prompt: Prompt) -> Callable[[], tuple[date, Reading]]:
        return lambda: (prompt.round_date, read_reply(text, prompt.round_date, prompt.questions))

    return await read_dates({key: reading(text, prompt) for key, (text, prompt) in texts.items()})


class CollectorService:
    """Stores thread replies to prompts; Slack's retries and parallel deliveries count once.

    After each commit it sends numbering hints, alerts new reputation threats at once, and
    refreshes a briefing already posted for the round, so late answers are never lost. What
    Slack's events did not bring is read back from the threads themselves (`read_back`).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        answers: AnswerStore,
        notifier: Notifier,
        briefings: BriefingService,
        spawn: Spawn,
        clock: Clock,
        serve: Spawn,
        threads: ThreadReader,
    ) -> None:
        self._uow = uow
        self._threads = threads
        self._answers = answers
        self._clock = clock
        self._notifier = notifier
        self._briefings = briefings
        self._spawn = spawn
        self._batcher: Batcher[ThreadReply | ReplyEdited, Stored] = Batcher(self._store, serve)
        # Prompts never change once posted: remembering them saves a query per batch.
        self._prompts: dict[tuple[str, str], Prompt] = {}

    async def on_reply(self, reply: ThreadReply) -> Stored:
        """Stored once the database has committed it (replies arriving together share one
        transaction); a failure raises, so Slack's retry brings the reply again."""
        return await self._batcher.submit(reply)

    async def on_edit(self, edit: ReplyEdited) -> Stored:
        """Re-read an edited answer; a reply first seen as an edit is stored as new. Edits go
        through the same batches as replies, so one arriving while its reply is being stored
        is applied after it, never lost."""
        return await self._batcher.submit(edit)

    async def read_back(self, day: date) -> bool:
        """Store the replies Slack has under the day's check-ins and the database lacks: those
        whose every delivery failed (the database or the bot down for longer than Slack retries
        an event, ~5 minutes) and those that came before their check-in was confirmed. A reply
        stored already is left as it is (its edits come as events). False when a thread could
        not be read or stored: the next read-back tries again."""
        async with self._uow(read_only=True) as uow:
            prompts = await uow.prompts.for_day(day)
        read = [await self.read_thread(p.channel, p.ts) for p in prompts if p.ts is not None]
        return all(read)

    async def read_thread(self, channel: str, ts: str) -> bool:
        """One check-in's thread read back (see `read_back`), its new replies stored together
        through the way live ones take; False (logged) when Slack or the database failed."""
        try:
            replies = await self._threads.replies(channel, ts)
            stored = await asyncio.gather(*(self._batcher.submit(reply) for reply in replies))
        except Exception:
            log.warning("reading the thread %s in %s back failed", ts, channel, exc_info=True)
            return False
        if added := stored.count(Stored.YES):
            log.info("%d replies in the thread %s in %s came by reading it", added, ts, channel)
        return True

    async def _store(self, versions: Sequence[ThreadReply | ReplyEdited]) -> list[Stored]:
        # Each event counts once; of a message's versions the newest wins (within a batch here,
        # across batches by the stored edit_ts), whatever order they arrived in.
        newest: dict[tuple[str, str], ThreadReply | ReplyEdited] = {}
        seen_events: set[str] = set()
        for version in versions:
            if version.event_id not in seen_events:
                seen_events.add(version.event_id)
                key = (version.channel, version.ts)
                if key not in newest or _rank(version) > _rank(newest[key]):
                    newest[key] = version
        # Read before the transaction; off the event loop when dateparser has new dates to read.
        prompts = await self._prompts_of(
            {(v.channel, v.thread_ts) for v in newest.values() if v.thread_ts is not None}
        )
        rounds = {
            key: prompts[v.channel, v.thread_ts]
            for key, v in newest.items()
            if v.thread_ts is not None and (v.channel, v.thread_ts) in prompts
        }
        readings = await _read_all(
            {key: (newest[key].text, prompt) for key, prompt in rounds.items()}
        )
        answers: dict[tuple[str, str], NewAnswer] = {}
        for key, version in newest.items():
            if key in rounds and (reply := _as_reply(version)) is not None:
                reading = readings[key][1]
                answers[key] = NewAnswer(rounds[key], reply, reading, is_numbered(reading.parts))
        added = await self._answers.add_new(list(answers.values()))
        unnumbered: dict[tuple[date, str], ThreadReply] = {}
        for key in added.ids:
            if not (answer := answers[key]).numbered:
                unnumbered.setdefault((answer.prompt.round_date, answer.reply.user), answer.reply)
        # The new answers are committed: what follows them happens even if the edits fail.
        self._after_commit(
            _Effects(
                [unnumbered[hint] for hint in added.hinted],
                list(added.threats),
                [],
                {answers[key].prompt.round_date for key in added.ids},
            )
        )
        # Edits of replies stored before: rare, each read against its stored reply.
        edits = {
            key: version for key, version in newest.items()
            if key not in added.ids and isinstance(version, ReplyEdited)
        }  # fmt: skip
        edited: set[tuple[str, str]] = set()
        if edits:
            effects = _Effects([], [], [], set())
            async with self._uow() as uow:
                edited = {
                    key for key, edit in edits.items()
                    if await self._edit(uow, edit, readings.get(key), effects)
                }  # fmt: skip
                await uow.commit()
            self._after_commit(effects)
        return [
            Stored.YES
            if ((key := (v.channel, v.ts)) in added.ids or key in edited) and newest[key] is v
            else Stored.NO
            for v in versions
        ]

    async def _edit(
        self,
        uow: UnitOfWork,
        edit: ReplyEdited,
        read: tuple[date, Reading] | None,
        effects: _Effects,
    ) -> bool:
        """Apply an edit to the stored reply, unless it is older than the stored version.
        `read`: the edit read for the round of its thread, when it named one."""
        stored = await uow.replies.find(edit.channel, edit.ts)
        # Link unfurls also send message_changed: same text, nothing to do.
        if stored is None or stored.text == edit.text or _older(edit.edit_ts, stored.edit_ts):
            return False
        prompt = await uow.replies.prompt_of(stored.id)
        round_date = prompt.round_date
        if read is None or read[0] != round_date:  # an edit that did not say its thread
            read = (await _read_all({edit.ts: (edit.text, prompt)}))[edit.ts]
        reading = read[1]
        await uow.replies.edit(stored.id, edit.text, reading.parts, edit.edit_ts, edit.received_at)
        # Promotions, product changes and threats follow the answer as it stands now.
        await uow.items.replace(stored.id, reading.drafts)
        await self._threat(uow, stored.id, reading.threat, edit.received_at, effects)
        effects.rounds.add(round_date)
        return True

    @staticmethod
    async def _threat(
        uow: UnitOfWork, reply_id: int, text: str | None, at: datetime, effects: _Effects
    ) -> None:
        """The reply's threat as it now reads (None: it names none, or no longer does)."""
        if (threat := await uow.threats.upsert(reply_id, text, at)) is not None:
            threat_id, new = threat
            (effects.threats if new else effects.changed).append(threat_id)

    def _after_commit(self, effects: _Effects) -> None:
        for reply in effects.hints:
            self._spawn(
                self._notifier.hint_numbering(reply.channel, reply.user, reply.thread_ts),
                f"hint {reply.ts}",
            )
        for threat_id in effects.threats:
            self._spawn(self._briefings.alert(threat_id), f"threat alert {threat_id}")
        for threat_id in effects.changed:
            self._spawn(self._briefings.update_alert(threat_id), f"threat alert {threat_id}")
        for day in effects.rounds:
            self._briefings.refresh_soon(day)

    async def _prompts_of(self, threads: set[tuple[str, str]]) -> dict[tuple[str, str], Prompt]:
        if len(self._prompts) > 10_000:
            self._prompts.clear()
        unknown = threads - self._prompts.keys()
        if unknown:
            async with self._uow(read_only=True) as uow:
                self._prompts.update(await uow.prompts.by_threads(unknown))
        return self._prompts

    async def prompt(self, channel: str, ts: str) -> Prompt | None:
        """The check-in posted at (channel, ts), if that is one."""
        return (await self._prompts_of({(channel, ts)})).get((channel, ts))

    async def on_form(
        self, submission_id: str, channel: str, thread_ts: str, user: str, text: str
    ) -> str | None:
        """A form's answer, stored like a thread reply before anything is posted, so the form
        can say it was not saved (the submission id is its event id; its ts, until `echo_form`
        has posted it into the thread, one made from the clock). Returns that ts; None when it
        answers no check-in, or was stored before."""
        if (channel, thread_ts) not in await self._prompts_of({(channel, thread_ts)}):
            return None
        now = self._clock()
        ts = f"{now.timestamp():.6f}"
        reply = ThreadReply(submission_id, channel, ts, thread_ts, user, text, now)
        return ts if await self.on_reply(reply) is Stored.YES else None

    async def echo_form(self, channel: str, thread_ts: str, user: str, text: str, ts: str) -> None:
        """Echo a stored form answer into the round's thread for colleagues; the echo's ts
        becomes the answer's."""
        echo_ts = await self._notifier.echo_form_answer(
            channel, thread_ts, user, text, key=f"form:{channel}:{ts}"
        )
        async with self._uow() as uow:
            await uow.replies.move(channel, ts, echo_ts)
            await uow.commit()

    async def on_delete(self, deleted: ReplyDeleted) -> Stored:
        async with self._uow() as uow:
            round_date = await uow.replies.delete(deleted.channel, deleted.ts, self._clock())
            await uow.commit()
        if round_date is None:
            return Stored.NO
        self._briefings.refresh_soon(round_date)
        return Stored.YES
