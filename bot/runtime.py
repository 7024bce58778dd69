"""Wiring: engine, Slack client, services. Start and stop order lives here, in one place."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.background import Background
from bot.config import Settings
from bot.db.engine import (
    SqlAnswerStore,
    make_engine,
    unit_of_work_factory,
    writer_lock,
)
from bot.domain.calendar import SystemClock, WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.people import WorkHours
from bot.domain.ports import Clock
from bot.domain.services.briefing import BriefingService
from bot.domain.services.checkin import CheckinService
from bot.domain.services.collector import CollectorService
from bot.domain.services.feedback import FeedbackService
from bot.domain.services.home import HomeService
from bot.domain.services.posts import PostService
from bot.domain.services.presence import PresenceWatch
from bot.domain.services.question_sets import QuestionSets
from bot.domain.services.schedule import ScheduleLedger
from bot.domain.services.task_deadlines import TaskDeadlines
from bot.domain.services.task_delivery import TaskDelivery
from bot.domain.services.tasks import TaskService
from bot.domain.services.vk import VkService
from bot.metrics import FANOUT_SECONDS, MeteredWebClient
from bot.networks import Connectors, configured
from bot.networks.vk import VkApi
from bot.scheduler.timers import SchedulerTimers, follow
from bot.slack.directory import UserDirectory
from bot.slack.notifier import SlackNotifier
from bot.slack.threads import SlackThreads

log = logging.getLogger(__name__)

# Methods that create something: a connection dropped after Slack received one may have done it,
# so the SDK must not send it again blindly (the caller looks the post up by its key instead).
CREATING = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage", "chat.meMessage",
     "files.completeUploadExternal", "views.open", "views.push"}
)  # fmt: skip


class ConnectionRetryUnlessCreating(AsyncConnectionErrorRetryHandler):
    """The SDK's connection-error retry, for reads and idempotent updates only."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        return method not in CREATING and await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


def make_client(
    settings: Settings, session: aiohttp.ClientSession, *, wait_out_429: bool = True
) -> AsyncWebClient:
    """The Web API client. `wait_out_429=False` hands 429s to the caller (the fan-out's pacer
    learns from them) instead of sleeping Retry-After in the SDK."""
    handlers: list[AsyncRetryHandler] = [ConnectionRetryUnlessCreating(max_retry_count=2)]
    if wait_out_429:
        handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    return MeteredWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        session=session,  # one pooled HTTP session, not one per call
        retry_handlers=handlers,
    )


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    answers: SqlAnswerStore  # the replies' way into the database
    http: aiohttp.ClientSession
    client: AsyncWebClient
    calendar: WorkCalendar
    directory: UserDirectory
    checkin: CheckinService
    questions: QuestionSets
    collector: CollectorService
    briefings: BriefingService
    tasks: TaskService
    # The posts the connectors see, and the connectors (polling while this process leads).
    posts: PostService
    connectors: Connectors
    presence: PresenceWatch
    task_deadlines: TaskDeadlines
    feedback: FeedbackService
    home: HomeService
    background: Background
    # The one scheduler: the daily jobs' sweep (added by `smm-bot run`) and the tasks' timers.
    scheduler: AsyncIOScheduler
    timers: SchedulerTimers
    ledger: ScheduleLedger
    vk: VkService | None = None  # VK configured: linked profiles and likes verified
    vk_api: VkApi | None = None

    @classmethod
    def create(cls, settings: Settings, clock: Clock | None = None) -> Runtime:
        """Build everything; call inside the running event loop (aiohttp needs it). `clock`
        is the one source of "now" (tests give a fake one); the system's by default."""
        clock = clock or SystemClock()
        engine = make_engine(settings.async_database_url)
        http = aiohttp.ClientSession()
        client = make_client(settings, http)
        writer = writer_lock(engine)
        uow = unit_of_work_factory(engine, writer)
        answers = SqlAnswerStore(engine, writer)
        notifier = SlackNotifier(
            client, settings.bot_language, settings.zone, settings.task_dm_rate, clock,
            fanout_client=make_client(settings, http, wait_out_429=False),
        )  # fmt: skip
        calendar = WorkCalendar(settings.zone, settings.workdays, settings.holidays, clock)
        background = Background(settings.bot_language)
        directory = UserDirectory(client, clock, background.spawn)
        scheduler = AsyncIOScheduler(
            timezone=settings.zone, job_defaults={"coalesce": True, "max_instances": 1}
        )
        scheduler.start()  # it leads until told otherwise (`smm-bot run` follows the election)
        follow(scheduler, clock)
        timers = SchedulerTimers(scheduler, clock, background.spawn)
        channels = {
            Department.MARKETING: settings.marketing_channel,
            Department.SALES: settings.sales_channel,
        }
        rosters = {
            Department.MARKETING: settings.marketing_responders,
            Department.SALES: settings.sales_responders,
        }
        delivery = TaskDelivery(
            uow, notifier, background.spawn, calendar, FANOUT_SECONDS.observe, background.serve
        )
        vk_api = vk = None
        if settings.vk_group_id is not None and settings.vk_token is not None:
            vk_api = VkApi(http, settings.vk_api_url, settings.vk_token, clock)
            vk = VkService(uow, notifier, delivery, calendar, vk_api, settings.vk_group_id)
        deadlines = TaskDeadlines(uow, notifier, timers, calendar, delivery, vk)
        questions = QuestionSets(
            uow, notifier, calendar, settings.digest_channel, settings.smm_managers,
            settings.question_sets,
        )  # fmt: skip
        tasks = TaskService(
            uow,
            notifier,
            directory,
            background.spawn,
            calendar,
            delivery,
            deadlines,
            managers=settings.smm_managers,
            hours=WorkHours(*settings.work_hours, settings.zone),
            default_audience=settings.task_audience,
            default_channels=(
                settings.marketing_channel,
                settings.sales_channel,
                settings.digest_channel,
            ),
            departments={
                settings.marketing_channel: Department.MARKETING,
                settings.sales_channel: Department.SALES,
            },
            fallback_channel=settings.digest_channel,
            vk_post=vk.our_post if vk is not None else lambda url: None,
        )
        posts = PostService(
            uow, notifier, tasks, background.spawn, calendar, channel=settings.digest_channel,
            auto=settings.auto_tasks, window=settings.task_window,
        )  # fmt: skip
        vk_parts = (vk_api, vk) if vk_api is not None and vk is not None else None
        connectors = Connectors(
            configured(settings, http, posts, clock, uow, vk=vk_parts), background.serve
        )
        presence = PresenceWatch(
            uow, calendar, connectors.networks, timedelta(days=settings.presence_max_gap),
            feeds=settings.feeds,
        )  # fmt: skip
        briefings = BriefingService(
            uow, notifier, calendar, settings.digest_channel, background.spawn,
            settings.smm_managers, presence,
        )  # fmt: skip
        collector = CollectorService(
            uow, answers, notifier, briefings, background.spawn, clock, background.serve,
            SlackThreads(client, directory, clock),
        )  # fmt: skip
        return cls(
            settings=settings,
            engine=engine,
            answers=answers,
            http=http,
            client=client,
            calendar=calendar,
            directory=directory,
            checkin=CheckinService(
                uow, notifier, calendar, channels, directory, rosters, questions, collector
            ),
            questions=questions,
            collector=collector,
            briefings=briefings,
            tasks=tasks,
            posts=posts,
            connectors=connectors,
            presence=presence,
            task_deadlines=deadlines,
            feedback=FeedbackService(
                uow,
                notifier,
                briefings,
                background.spawn,
                calendar,
                channels,
                settings.smm_managers,
                presence,
            ),
            home=HomeService(uow, calendar, settings.smm_managers, questions, vk=vk is not None),
            background=background,
            scheduler=scheduler,
            timers=timers,
            ledger=ScheduleLedger(uow, notifier, calendar, settings.digest_channel),
            vk=vk,
            vk_api=vk_api,
        )

    async def start(self) -> None:
        """What start-up does with the database before serving: each department without a
        stored question set gets the configured one; from then on the stored sets are asked."""
        differing = await self.questions.seed()
        if differing and self.settings.questions_file is not None:
            log.info(
                "QUESTIONS_FILE differs from the %s questions stored in the database: the "
                "stored ones are asked (managers edit them in App Home)",
                " and ".join(d.value for d in differing),
            )

    async def database_answers(self) -> bool:
        try:
            await self.answers.ping()
        except Exception:
            log.warning("health check: the database does not answer", exc_info=True)
            return False
        return True

    async def close(self, timeout: float = 5.0) -> None:
        """Start nothing new, let running work (jobs included) finish for up to `timeout`
        seconds, then stop. The scheduler goes last: its shutdown would cancel a running job."""
        await self.connectors.step_down()  # their polling never finishes by itself
        if self.scheduler.running:
            self.scheduler.pause()
        await self.background.drain(timeout)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.http.close()
        self.answers.close()
        await self.engine.dispose()
