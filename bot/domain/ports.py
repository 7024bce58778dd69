"""What the services need from the outside world, as Protocols (db/ and slack/ implement them)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.domain.model.briefing import Briefing
from bot.domain.model.checkin import AnswerPart, Digest, Prompt, ThreadReply
from bot.domain.model.common import Department
from bot.domain.model.errors import TaskInputError
from bot.domain.model.export import StoredAnswers
from bot.domain.model.feedback import Feedback, Question, Rollup, Vote
from bot.domain.model.feeds import FeedState
from bot.domain.model.items import (
    AddedAnswers,
    ItemDraft,
    LiveItems,
    NewAnswer,
    Threat,
    ThreatStatus,
)
from bot.domain.model.networks import PostState, SeenPost, StoredPost
from bot.domain.model.once import Claim
from bot.domain.model.people import Person
from bot.domain.model.questions import QuestionSet
from bot.domain.model.tasks import (
    Assignment,
    AssignmentState,
    DailyRates,
    Progress,
    Sent,
    Task,
    TaskState,
)


class ClaimRepository(Protocol):
    """The keys of the posts that must happen once (see bot/domain/services/once.py)."""

    async def claim(self, key: str, at: datetime) -> bool:
        """Reserve the key; False when it was claimed before."""

    async def get(self, key: str) -> Claim | None: ...

    async def take_over(self, key: str, attempt: int, at: datetime) -> bool:
        """Take on an unconfirmed claim still at `attempt`; False when another run did."""

    async def confirm(self, key: str, ts: str) -> None: ...

    async def release(self, key: str) -> None:
        """Give an unconfirmed claim back: the post surely does not exist."""


class PromptRepository(Protocol):
    async def add(
        self, round_date: date, department: Department, channel: str, ts: str,
        questions: QuestionSet, at: datetime,
    ) -> None:  # fmt: skip
        """Record a posted prompt and the questions it asked (a second one of the same day:
        Slack has it twice)."""

    async def by_threads(self, threads: set[tuple[str, str]]) -> dict[tuple[str, str], Prompt]:
        """The prompts among these (channel, thread ts) pairs, by pair."""

    async def for_day(self, day: date) -> list[Prompt]:
        """The day's posted prompts."""


class StoredReply(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def edit_ts(self) -> str | None: ...


class ReplyRepository(Protocol):
    async def move(self, channel: str, ts: str, new_ts: str) -> None:
        """Give a stored reply its message's real ts (a form's answer, once echoed)."""

    async def find(self, channel: str, ts: str) -> StoredReply | None: ...

    async def edit(
        self, reply_id: int, text: str, parts: list[AnswerPart], edit_ts: str | None, at: datetime
    ) -> None: ...

    async def delete(self, channel: str, ts: str, at: datetime) -> date | None:
        """Tombstone a reply; returns its round's date, None when there was nothing to do."""

    async def prompt_of(self, reply_id: int) -> Prompt:
        """The prompt a stored reply answers."""

    async def digest(self, round_date: date) -> Digest:
        """The round's answers, as last edited, without deleted replies."""

    async def export_page(
        self, first: date | None, last: date | None, after: tuple[date, int] | None, limit: int
    ) -> list[StoredAnswers]:
        """The next replies of the rounds from `first` to `last`, deleted ones too, ordered
        by (round date, id) after `after`."""


class ItemRepository(Protocol):
    async def replace(self, reply_id: int, drafts: list[ItemDraft]) -> None:
        """An edited reply's items (a new reply's are stored with it, see `AnswerStore`)."""

    async def live(self, day: date, per_section: int) -> LiveItems: ...


class ThreatRepository(Protocol):
    async def upsert(
        self, reply_id: int, text: str | None, at: datetime
    ) -> tuple[int, bool] | None:
        """Open, reword or (text None) withdraw the reply's threat: its id, and whether it is
        new; None when nothing changed."""

    async def open_on(self, day: date, until: datetime | None = None) -> list[Threat]:
        """Threats raised on or before `day` and still open at `until` (now, when None)."""

    async def open_from_feedback(
        self, feedback_id: int, user: str, text: str, opened_on: date, at: datetime
    ) -> int: ...

    async def get(self, threat_id: int) -> tuple[Threat, str | None, str | None] | None: ...

    async def set_alert(self, threat_id: int, channel: str, ts: str) -> None: ...

    async def unalerted(self) -> list[int]:
        """The open threats whose alert is not posted yet, oldest first."""

    async def close(
        self, threat_id: int, status: ThreatStatus, user: str, at: datetime
    ) -> bool: ...


class TaskRepository(Protocol):
    async def add(self, task: Task) -> Task:
        """Store a new task (its id is ignored) and return it with its id."""

    async def assign(self, task_id: int, assignments: list[Assignment]) -> None: ...

    async def set_progress_ts(self, task_id: int, ts: str) -> None: ...

    async def get(self, task_id: int) -> Task | None: ...

    async def assignments(self, task_id: int) -> list[Assignment]: ...

    async def unsent(self, task_id: int) -> list[Assignment]:
        """The outbox: assignments whose DM has not been sent yet."""

    async def mark_sent(self, sent: list[Sent]) -> None: ...

    async def assignment(self, assignment_id: int) -> tuple[Task, Assignment] | None: ...

    async def record_answer(self, assignment_id: int, state: AssignmentState, at: datetime) -> bool:
        """Record a Done / Can't once; False when it was answered (or closed) already."""

    async def set_reminded(self, task_id: int, at: datetime) -> bool:
        """Mark the halfway reminders as due, once; False when they were already."""

    async def mark_reminded(self, assignment_id: int, at: datetime) -> None:
        """The assignment's halfway reminder is in Slack."""

    async def set_reported(self, task_id: int, at: datetime) -> None:
        """The finished task's report is in Slack."""

    async def unreported(self, since: datetime, before: datetime) -> list[Task]:
        """The tasks finished from `since` to before `before` whose report is not in Slack."""

    async def start(self, task_id: int, channel: str) -> bool:
        """Open a task in setup, its live progress in `channel`; False when it was not in
        setup (another process set it up first)."""

    async def close(
        self,
        task_id: int,
        state: TaskState,
        by: str | None,
        at: datetime,
        *,
        was: TaskState = ...,  # default: TaskState.OPEN
    ) -> bool:
        """Move a task from `was` (finish or cancel an open one, refuse or expire one in
        setup); False when it was not in that state."""

    async def cancel_waiting(self, task_id: int) -> list[Assignment]:
        """Mark the assignments nobody answered as cancelled; returns them."""

    async def open_tasks(self) -> list[Task]: ...

    async def in_setup(self) -> list[Task]:
        """Tasks whose command is stored but whose audience is not assigned yet."""

    async def waiting_for(self, user: str) -> list[tuple[Task, Assignment]]:
        """The user's DMed assignments of open tasks not answered yet."""

    async def latest(self) -> Task | None:
        """The last task that asked anyone (not one refused or still in setup)."""

    async def between(self, start: datetime, end: datetime) -> list[tuple[Task, Assignment]]:
        """Every assignment of the tasks created from `start` up to (not including) `end`."""

    async def export_page(
        self, start: datetime | None, end: datetime | None, after: int, limit: int
    ) -> list[tuple[Task, Assignment]]:
        """The next assignments by id after `after`, of the tasks created in [start, end)."""

    async def known_names(self) -> dict[str, str]:
        """Everyone's name as of their latest assignment, by user id."""

    async def on_vk_post(self, post: str, users: Collection[str]) -> list[tuple[Task, Assignment]]:
        """The assignments of `users` on the open tasks about VK post `post`."""

    async def verify(self, assignment_id: int, at: datetime) -> bool:
        """Their like is seen on VK: done (at `at` unless they said so before) and verified;
        False when it was verified already, or the assignment is not one to do."""

    async def unlike(self, assignment_id: int, at: datetime) -> bool:
        """A verified like taken back; False when it was not verified or is flagged already."""

    async def started_since(self, start: datetime) -> list[Task]:
        """The tasks created from `start` on that asked anyone or are being set up."""


class VkRepository(Protocol):
    """Linked VK profiles and the VK events handled."""

    async def link(self, user: str, vk_id: int, at: datetime) -> str | None:
        """Link (or re-link) `user` to `vk_id`; returns, and changes nothing, when another
        person has that profile linked."""

    async def unlink(self, user: str) -> int | None:
        """Remove `user`'s link; returns the profile it was to (None: there was none)."""

    async def link_of(self, user: str) -> int | None: ...

    async def links(self, users: Collection[str]) -> dict[str, int]:
        """The linked profiles of these people, by user id."""

    async def user_of(self, vk_id: int) -> str | None: ...

    async def known(self, event_id: str) -> bool: ...

    async def remember(self, event_id: str, at: datetime) -> bool:
        """Record an event handled; False when it was recorded before."""

    async def forget_events(self, before: datetime) -> int:
        """Drop the events recorded before `before` (VK no longer sends those again)."""


class SeenPostRepository(Protocol):
    """The posts the connectors saw, by (network, key), and what became of each."""

    async def add(
        self, post: SeenPost, url_key: str, state: PostState, at: datetime
    ) -> StoredPost | None:
        """Store a post; None when it was stored before (the unique key decides)."""

    async def get(self, post_id: int) -> StoredPost | None: ...

    async def take(
        self, post_id: int, task_id: int, by: str | None, was: Sequence[PostState]
    ) -> bool:
        """Give the post its task, once: False when it has one or is no longer in `was`."""

    async def hold(self, url_key: str) -> None:
        """Until the unit of work ends, another one holding the same link waits: a post's first
        sighting and a /smm-task of it, running at once, each see what the other stored."""

    async def link(self, url_key: str, task_id: int, by: str) -> list[StoredPost]:
        """Give the posts with this link and no task yet the task; returns them as they were."""

    async def has_link(self, url_key: str) -> bool:
        """A post with this link was stored, whoever saw it how."""

    async def release(self, post_id: int, task_id: int, state: PostState) -> None:
        """Its task did not start after all: back to `state`, without a task."""

    async def prompted(self, post_id: int, channel: str, ts: str) -> None:
        """Where its prompt is; a new post becomes PROMPTED."""

    async def dismiss(self, post_id: int, by: str) -> bool:
        """Not this one, once: False when it has a task or was dismissed already."""

    async def in_state(
        self, state: PostState, seen_from: datetime, seen_until: datetime
    ) -> list[StoredPost]: ...

    async def seen_since(self, since: datetime) -> list[StoredPost]:
        """The posts published (when the network did not say: seen) from `since` on."""


class FeedbackRepository(Protocol):
    async def add(self, item: Feedback) -> Feedback:
        """Store a new item (its id is ignored) and return it with its id."""

    async def get(self, feedback_id: int) -> Feedback | None: ...

    async def mark(self, feedback_id: int, user: str, at: datetime, *, done: bool) -> bool:
        """Taken (done=False) or Done, once; False when it was marked already."""

    async def between(self, start: datetime, end: datetime) -> list[Feedback]: ...

    async def export_page(
        self, start: datetime | None, end: datetime | None, after: int, limit: int
    ) -> list[Feedback]:
        """The next items by id after `after`, created in [start, end)."""

    async def untaken(self, until: datetime | None = None) -> list[Feedback]:
        """Items nobody had taken up or closed at `until` (now, when None), oldest first."""

    async def add_post(
        self,
        channel: str,
        ts: str,
        *,
        feedback_id: int | None = None,
        question_id: int | None = None,
    ) -> None: ...

    async def posts(
        self, *, feedback_id: int | None = None, question_id: int | None = None
    ) -> list[tuple[str, str]]: ...

    async def question_of_post(self, channel: str, ts: str) -> int | None: ...

    async def add_rollup(self, week_end: date, channel: str, ts: str) -> None: ...


class QuestionRepository(Protocol):
    async def add(self, asker: str, text: str, at: datetime) -> Question: ...

    async def get(self, question_id: int) -> Question | None: ...

    async def vote(self, question_id: int, user: str, vote: Vote, at: datetime) -> None: ...

    async def close(self, question_id: int, at: datetime) -> bool: ...

    async def add_comment(self, question_id: int, reply: ThreadReply) -> bool: ...

    async def open_questions(self, until: datetime | None = None) -> list[Question]:
        """Questions asked before `until` and open then (now, when None), oldest first."""


class QuestionSetRepository(Protocol):
    """Each department's questions: the starting set, then as a manager last edited them."""

    async def get(self, department: Department) -> QuestionSet | None:
        """None: nothing stored yet (the configured set applies)."""

    async def add_if_absent(
        self, department: Department, questions: QuestionSet, by: str, at: datetime
    ) -> bool:
        """Store the department's set unless it has one: True when this call stored it."""

    async def replace(
        self, department: Department, questions: QuestionSet, by: str, at: datetime
    ) -> None: ...


class DigestRepository(Protocol):
    async def add(self, round_date: date, channel: str, ts: str, at: datetime) -> None: ...

    async def find_ts(self, round_date: date) -> tuple[str, str] | None:
        """(channel, ts) of the day's posted briefing."""


class Inbox(Protocol):
    """Idempotency keys: what was done once is not done again."""

    async def reminded(self, day: date, department: Department, at: datetime) -> None:
        """Record a round's posted reminder."""


class ScheduleRepository(Protocol):
    """Per scheduled job and day: confirmed, or its window closed unconfirmed (a miss)."""

    async def is_done(self, job: str, day: date) -> bool: ...

    async def done(self, job: str, day: date, at: datetime) -> None: ...

    async def first_miss(self, job: str, day: date, at: datetime) -> bool:
        """Record the miss unless the job was done; True for the one call that recorded it."""

    async def notified(self, job: str, day: date) -> None:
        """The digest channel was told of the miss."""


class FeedRepository(Protocol):
    """The feeds' states and the items each has shown, so an item is new once, across
    restarts and leaders."""

    async def state(self, url: str) -> FeedState | None:
        """None: the feed was never read."""

    async def save(self, state: FeedState) -> None: ...

    async def unknown(self, url: str, keys: list[str]) -> list[str]:
        """Those of `keys` the feed never showed, in their order."""

    async def learn(self, url: str, keys: list[str], at: datetime) -> None:
        """The feed showed these items (known already or not); its state is saved first."""


class UnitOfWork(Protocol):
    @property
    def claims(self) -> ClaimRepository: ...
    @property
    def prompts(self) -> PromptRepository: ...
    @property
    def replies(self) -> ReplyRepository: ...
    @property
    def items(self) -> ItemRepository: ...
    @property
    def threats(self) -> ThreatRepository: ...
    @property
    def tasks(self) -> TaskRepository: ...
    @property
    def feedback(self) -> FeedbackRepository: ...
    @property
    def questions(self) -> QuestionRepository: ...
    @property
    def question_sets(self) -> QuestionSetRepository: ...
    @property
    def digests(self) -> DigestRepository: ...
    @property
    def inbox(self) -> Inbox: ...
    @property
    def schedule(self) -> ScheduleRepository: ...
    @property
    def feeds(self) -> FeedRepository: ...
    @property
    def vk(self) -> VkRepository: ...
    @property
    def seen_posts(self) -> SeenPostRepository: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work. A `read_only` one never commits: it takes no write lock, so readers
        (the Home tab, lists, the briefing) do not queue behind the writers on SQLite."""


class AnswerStore(Protocol):
    async def add_new(self, answers: Sequence[NewAnswer]) -> AddedAnswers:
        """One transaction of its own: the replies not stored before (a retry or a second
        delivery of one is not), their items, the threats they name, and the first numbering
        hint of a (round, person). Raises when nothing was stored."""


Spawn = Callable[[Coroutine[Any, Any, Any], str], object]
"""Runs work after the current request or transaction, without making anyone wait for it
(what it returns, such as the supervisor's task, is not the caller's business)."""


class PostFinder(Protocol):
    """What became of a post whose answer was lost: every post carries its idempotency key."""

    async def find_post(
        self, channel: str, key: str, since: datetime, thread_ts: str | None = None
    ) -> list[str]:
        """The ts of the bot's posts tagged `key` in `channel` (in the thread of `thread_ts`)
        since about `since`, oldest first."""

    def outcome_unknown(self, error: Exception) -> bool:
        """Whether the call that raised `error` may have been carried out all the same."""


class Notifier(PostFinder, Protocol):
    """Outgoing messages, rendered by the Slack adapter in the configured language; `key` is
    the post's idempotency key, put in its metadata."""

    async def post_checkin(
        self, channel: str, round_date: date, department: Department, questions: QuestionSet,
        *, key: str,
    ) -> str:  # fmt: skip
        """Returns the posted message's ts."""

    async def post_briefing(self, channel: str, briefing: Briefing, *, key: str) -> str: ...

    async def update_briefing(self, channel: str, ts: str, briefing: Briefing) -> None: ...

    async def post_threat_alert(self, channel: str, threat: Threat, *, key: str) -> str: ...

    async def update_threat_alert(self, channel: str, ts: str, threat: Threat) -> None: ...

    async def hint_numbering(self, channel: str, user: str, thread_ts: str) -> None: ...

    async def remind(self, channel: str, thread_ts: str, users: list[str], *, key: str) -> str:
        """Mention `users` in the round's thread; nobody named: a gentle nudge to all."""

    async def echo_form_answer(
        self, channel: str, thread_ts: str, user: str, text: str, *, key: str
    ) -> str:
        """Show a form's answer in the round's thread; returns the echo's ts."""

    async def announce_questions(
        self, channel: str, department: Department, questions: QuestionSet, by: str
    ) -> None:
        """Tell `channel` that `by` changed the department's questions to these."""


class ThreadReader(Protocol):
    """What Slack keeps in a thread, whether or not its events reached the bot."""

    async def replies(self, channel: str, thread_ts: str) -> list[ThreadReply]:
        """People's replies in the thread, oldest first, in plain text (each one's event id
        made from its channel and ts)."""


class Timers(Protocol):
    """One-shot timers by key; the database stays the truth and re-arms them at start."""

    def at(
        self, when: datetime, work: Callable[[], Coroutine[Any, Any, Any]], key: str
    ) -> None: ...

    def cancel(self, key: str) -> None: ...


class ScheduleNotifier(PostFinder, Protocol):
    async def post_missed(self, channel: str, job: str, day: date, *, key: str) -> str:
        """Tell the channel that `job` for `day` did not go out in its window."""


class TaskNotifier(PostFinder, Protocol):
    async def post_task_progress(self, progress: Progress, *, key: str) -> str: ...

    async def update_task_progress(self, progress: Progress) -> None: ...

    async def task_dm(self, task: Task, assignment: Assignment) -> tuple[str, str]:
        """DM the assignee; returns the DM's (channel, ts)."""

    async def update_task_dm(self, task: Task, assignment: Assignment) -> None: ...

    async def task_reminder(self, task: Task, assignment: Assignment, *, key: str) -> str: ...

    def is_transient(self, error: Exception) -> bool:
        """A 5xx or a timeout: worth another try."""

    async def post_chart(self, channel: str, rates: DailyRates) -> None:
        """The done-in-time chart, as an image in `channel`."""

    async def task_resumed(self, progress: Progress) -> None:
        """Tell the creator their task, interrupted while being set up, is on after all."""

    async def task_not_started(self, task: Task, problem: TaskInputError | None) -> None:
        """Tell the creator their task, interrupted while being set up, will not run: its
        audience turned out unusable (`problem`), or its deadline passed (None)."""

    async def vk_unlinked(self, user: str, vk_id: int, by: str) -> None:
        """Tell `user` by DM that the manager `by` removed their link to the VK profile."""


class FeedbackNotifier(PostFinder, Protocol):
    async def post_feedback(self, channel: str, item: Feedback, *, key: str) -> str: ...

    async def update_feedback(self, channel: str, ts: str, item: Feedback) -> None: ...

    async def post_question(self, channel: str, question: Question, *, key: str) -> str: ...

    async def update_question(self, channel: str, ts: str, question: Question) -> None: ...

    async def post_rollup(self, channel: str, rollup: Rollup, *, key: str) -> str: ...


class Directory(Protocol):
    """Who is who: a cached copy of the workspace's people, user-group and channel members,
    and where the bot itself is."""

    async def people(self) -> dict[str, Person]: ...

    async def members_of_usergroup(self, group_id: str) -> list[str]: ...

    async def members_of_channel(self, channel_id: str) -> list[str]:
        """Raises HiddenChannel when the bot cannot see the channel."""

    async def bot_is_in(self, channel_id: str) -> bool:
        """Whether the bot is a member of the channel, the only place it may post."""


class Clock(Protocol):
    """The bot's one clock: every "now", and every wait for a later instant (a debounce, a
    throttle; the scheduler's timers follow its jumps). The system clock just runs; a test's
    or the demo's (bot.simulator.clock) also jumps ahead, and what waits is due the sooner."""

    def __call__(self) -> datetime:
        """The current instant, timezone-aware."""
        ...

    async def sleep_until(self, when: datetime) -> None:
        """Return once the clock reads `when` or later."""
        ...

    def on_jump(self, jumped: Callable[[timedelta], None]) -> None:
        """Call `jumped(by)` each time the clock jumps ahead by `by`."""
        ...


class VkReader(Protocol):
    """What the bot reads from VK (bot/networks/vk.py)."""

    async def likers(self, post: str) -> set[int]:
        """Everyone who likes the post (`-123_45`) now, by VK user id."""

    async def person(self, screen_name: str) -> int | None:
        """The VK user a screen name belongs to; None: nobody (or a community, an app)."""


class LikeCheck(Protocol):
    async def at_deadline(self, task_id: int) -> None:
        """At a task's deadline: its likes confirmed on the network, where it shows them."""


class PostSink(Protocol):
    """Where the connectors hand the posts they see (bot/domain/services/posts.py)."""

    async def seen(self, post: SeenPost) -> None:
        """Once per (network, key), whoever saw it and however often: a task or a prompt."""


class PostNotifier(PostFinder, Protocol):
    async def post_prompt(self, channel: str, post: StoredPost, *, key: str) -> str:
        """Offer a new post in `channel`: Start quick likes / Not this one."""

    async def update_prompt(self, post: StoredPost) -> None:
        """Show on the prompt what became of the post (who started its task, who dismissed it)."""
