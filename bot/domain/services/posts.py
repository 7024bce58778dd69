"""The posts the connectors see (bot/networks), each stored once by (network, key) whoever saw
it how often (a callback and a backfill, two replicas, a retry): the unique key decides, as the
claims in once.py do. A post of an AUTO_TASKS network starts a quick-like task by itself; any
other is offered in the digest channel with Start quick likes / Not this one."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.domain.calendar import WorkCalendar
from bot.domain.model.errors import TaskInputError
from bot.domain.model.networks import Network, PostState, SeenPost, StoredPost
from bot.domain.model.once import Where
from bot.domain.model.tasks import BY_THE_BOT, Audience, CreateTask, Progress, Task, TaskAction
from bot.domain.parsing.links import MAX_URL, is_post_url, network_of, url_key, url_length
from bot.domain.ports import PostNotifier, Spawn, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.once import post_once
from bot.domain.services.tasks import TaskService

log = logging.getLogger(__name__)

# A post published longer ago than this is history (a backfill of an old wall, a feed's
# archive): stored for presence, no task and no prompt.
STALE_POST = timedelta(hours=24)
# A /smm-task for the same link this recently: the post seen afterwards is that task's.
LINK_WITHIN = timedelta(days=7)
# A new post with nothing done this long after it was seen (its task or prompt failed, or the
# process died) is offered in the digest channel by the sweep, while it is still news.
RETRY_AFTER = timedelta(seconds=60)
RETRY_WITHIN = timedelta(hours=1)


def deadline_for(published_at: datetime | None, now: datetime, window: timedelta) -> datetime:
    """A post's task ends `window` after the post's publication, as the handbook's "likes
    within 10 minutes of the post" means, when that leaves at least half the window: seen a
    minute after, a 10-minute task has 9 left. Seen later than that (a slow backfill, a prompt
    clicked late) or with no publication time, it ends `window` from now: half a window or
    less is no fair time to ask people. A publication time ahead of the clock counts as now."""
    if published_at is not None:
        deadline = min(published_at, now) + window
        if deadline - now >= window / 2:
            return deadline
    return now + window


class PostService:
    """bot.domain.ports.PostSink."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: PostNotifier,
        tasks: TaskService,
        spawn: Spawn,
        calendar: WorkCalendar,
        *,
        channel: str,
        auto: frozenset[Network],
        window: timedelta,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._tasks = tasks
        self._spawn = spawn
        self._calendar = calendar
        self._channel = channel  # the digest channel: prompts go there
        self._auto = auto  # AUTO_TASKS
        self._window = window  # TASK_WINDOW

    # ---------------------------------------------------------------- seen
    async def seen(self, post: SeenPost) -> None:
        """Store the post once; the first sighting starts its task or its prompt (after this
        returns: a connector's callback answers at once). A post a recent /smm-task already
        covers gets that task, nothing more. The same link seen another way before (a VK post
        and its item in a feed bridging the wall, under keys of their own) is that post: the
        newcomer is kept for presence, and gets the task if there is one."""
        now = self._calendar.now()
        key = url_key(post.url)
        # A link a task's messages cannot carry (not http(s), a `|`, too long): presence only.
        usable = is_post_url(post.url) and url_length(post.url) <= MAX_URL
        recent = usable and (post.published_at is None or now - post.published_at <= STALE_POST)
        async with self._uow() as uow:
            if recent:
                await uow.seen_posts.hold(key)  # a /smm-task of it storing now: wait, then see it
            again = recent and await uow.seen_posts.has_link(key)
            stored = await uow.seen_posts.add(
                post, key, PostState.NEW if recent and not again else PostState.PAST, now
            )
            if stored is None:
                return  # seen before, by this process or another
            if not usable:
                log.warning("%s post %s has no usable link", post.network, post.key)
            if recent and (task := await _task_for(uow, key, now - LINK_WITHIN)) is not None:
                await uow.seen_posts.link(key, task.id, task.created_by)
                stored = None
            await uow.commit()
        if stored is not None and stored.state is PostState.NEW:
            self._spawn(self._act(stored), f"new {post.network} post {post.key}")

    async def _act(self, post: StoredPost) -> None:
        if post.network in self._auto:
            try:
                await self._start(post, BY_THE_BOT, PostState.NEW)
                return  # started, or another replica was first
            except TaskInputError as error:  # nobody available, a hidden channel
                log.warning("no task by itself for post %s (%s): offered", post.id, error.key)
        await self._prompt(post)

    async def _start(self, post: StoredPost, by: str, was: PostState) -> Progress | None:
        """The post's task, once: None when it had one already (another click, a replica)."""
        command = CreateTask(
            post.url, network_of(post.url), self._window, TaskAction.LIKE, Audience()
        )
        deadline = deadline_for(post.published_at, self._calendar.now(), self._window)
        stored: list[Task] = []

        async def claim(uow: UnitOfWork, task: Task) -> bool:
            stored.append(task)
            return await uow.seen_posts.take(post.id, task.id, by or None, (was,))

        try:
            return await self._tasks.create_for_post(command, deadline, claim, by)
        except Exception:
            if stored:  # the task was refused: the post waits for another try
                async with self._uow() as uow:
                    await uow.seen_posts.release(post.id, stored[0].id, was)
                    await uow.commit()
            raise

    async def _prompt(self, post: StoredPost) -> None:
        where = Where(f"post:{post.id}:prompt", self._channel)

        async def send() -> str:
            return await self._notifier.post_prompt(self._channel, post, key=where.key)

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            await uow.seen_posts.prompted(post.id, self._channel, posts[0])

        await post_once(self._uow, self._notifier, self._calendar.now, where, send, confirm)

    async def retry(self) -> int:
        """The sweep's: prompt the new posts nothing was done for (see RETRY_AFTER)."""
        now = self._calendar.now()
        async with self._uow(read_only=True) as uow:
            waiting = await uow.seen_posts.in_state(
                PostState.NEW, now - RETRY_WITHIN, now - RETRY_AFTER
            )
        for post in waiting:
            try:
                await self._prompt(post)
            except Exception:
                log.warning("post %s: still no prompt", post.id, exc_info=True)
        return len(waiting)

    # ---------------------------------------------------------------- the prompt's buttons
    async def start(self, post_id: int, user: str) -> Progress:
        """Start quick likes, by a manager: the post's task at once, once whoever clicks.
        Raises TaskInputError for anyone else, and when the post has its task or was
        dismissed."""
        post = await self._handled(post_id, user)
        progress = await self._start(post, user, post.state)
        if progress is None:
            raise await self._why_not(post_id)
        await self._show(post_id)
        return progress

    async def dismiss(self, post_id: int, user: str) -> None:
        """Not this one, by a manager: the prompt says who, and nothing starts from it."""
        await self._handled(post_id, user)
        async with self._uow() as uow:
            dismissed = await uow.seen_posts.dismiss(post_id, user)
            await uow.commit()
        if not dismissed:
            raise await self._why_not(post_id)
        await self._show(post_id)

    async def _handled(self, post_id: int, user: str) -> StoredPost:
        """The post a manager clicks on, while it waits for a decision."""
        if not self._tasks.may_manage(user):
            raise TaskInputError("post.error.not_manager")
        async with self._uow(read_only=True) as uow:
            post = await uow.seen_posts.get(post_id)
        if post is None:
            raise TaskInputError("post.error.unknown")
        if post.state not in (PostState.NEW, PostState.PROMPTED):
            raise await self._why_not(post_id)
        return post

    async def _why_not(self, post_id: int) -> TaskInputError:
        """Someone was first: the prompt shows what they did, the clicker is told."""
        post = await self._show(post_id)
        assert post is not None
        if post.state is PostState.DISMISSED:
            return TaskInputError("post.error.dismissed", user=post.handled_by or "")
        return TaskInputError("post.error.has_task", id=str(post.task_id or ""))

    async def _show(self, post_id: int) -> StoredPost | None:
        """The post as stored now, its prompt (if posted) updated to show it."""
        async with self._uow(read_only=True) as uow:
            post = await uow.seen_posts.get(post_id)
        if post is not None and post.prompt_ts is not None:
            await self._notifier.update_prompt(post)
        return post

    # ---------------------------------------------------------------- /smm-task URL
    async def create_task(self, command: CreateTask, creator: str, channel: str | None) -> Progress:
        """/smm-task: the task, and with it any seen post with the same link (no task of its
        own later; its prompt says who started it)."""
        linked: list[StoredPost] = []

        async def link(uow: UnitOfWork, task: Task) -> None:
            key = url_key(task.url)
            await uow.seen_posts.hold(key)  # its first sighting storing now: wait, then see it
            linked.extend(await uow.seen_posts.link(key, task.id, creator))

        progress = await self._tasks.create(command, creator, channel, also=link)
        for post in linked:
            try:
                await self._show(post.id)
            except Exception:
                log.warning("post %s: its prompt does not show its task", post.id, exc_info=True)
        return progress


async def _task_for(uow: UnitOfWork, key: str, since: datetime) -> Task | None:
    """The latest task since `since` on the post with this link."""
    tasks = await uow.tasks.started_since(since)
    return next((task for task in reversed(tasks) if url_key(task.url) == key), None)
