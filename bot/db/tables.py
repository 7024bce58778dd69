"""Tables. Times are stored in UTC; Alembic migrations must agree (a test checks)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone, so it is put back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


SlackId = String(32)


class ClaimRow(Base):
    """A post that must happen once, by its idempotency key (also in the post's metadata):
    claimed while it is being posted (`ts` None), confirmed with the post's ts."""

    __tablename__ = "claims"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)  # look the post up from here
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)  # stale some time after this
    attempt: Mapped[int] = mapped_column(Integer)  # a run taking over a stale claim bumps it
    ts: Mapped[str | None] = mapped_column(SlackId)


class PromptRow(Base):
    """A posted check-in message. One per channel per local date (its claim is the guard);
    two only if Slack has the prompt twice, and then replies under either count."""

    __tablename__ = "prompts"
    __table_args__ = (UniqueConstraint("channel", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_date: Mapped[date] = mapped_column(Date, index=True)
    department: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(SlackId)
    ts: Mapped[str | None] = mapped_column(SlackId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The questions this round asked, [{"text": {"en", "ru"}, "kind", "title"?}]: an old
    # thread's numbering keeps meaning what it meant that day, whatever the set is now.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class QuestionSetRow(Base):
    """A department's questions: the configured set stored at first start (changed_by empty),
    then as a manager last edited them."""

    __tablename__ = "question_sets"

    department: Mapped[str] = mapped_column(String(16), primary_key=True)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(SlackId)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReplyRow(Base):
    """A thread reply as last edited; `deleted_at` is a tombstone, the text is kept.

    Two unique keys stop Slack's retries: the event id, and the message's channel+ts.
    """

    __tablename__ = "replies"
    __table_args__ = (UniqueConstraint("channel", "ts"), UniqueConstraint("event_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(SlackId)
    ts: Mapped[str] = mapped_column(SlackId)
    user_id: Mapped[str] = mapped_column(SlackId)
    text: Mapped[str] = mapped_column(Text)
    # The parsed answers, [{"question": 2 or null, "text": "…"}]: read back whole, never queried.
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edit_ts: Mapped[str | None] = mapped_column(SlackId)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DigestRow(Base):
    __tablename__ = "digests"

    round_date: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(SlackId)
    ts: Mapped[str | None] = mapped_column(SlackId)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ItemRow(Base):
    """A promotion, product change or other dated answer; re-derived when the answer changes."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # The last day it is shown: its end, its start, or UNDATED_DAYS after it was mentioned.
    live_until: Mapped[date] = mapped_column(Date, index=True)
    # A `date` question's title {"en", "ru"}, the briefing's section it goes under.
    heading: Mapped[dict[str, str] | None] = mapped_column(JSON)


class ThreatRow(Base):
    """A reputation threat, open until someone closes it: from an answer to a `threat` question,
    or from an urgent complaint sent with /smm-feedback (then `department` is None)."""

    __tablename__ = "threats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"), unique=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), unique=True)
    department: Mapped[str | None] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(SlackId)
    opened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(SlackId)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alert_channel: Mapped[str | None] = mapped_column(SlackId)
    alert_ts: Mapped[str | None] = mapped_column(SlackId)


class FeedbackRow(Base):
    """What customers say, sent back to marketing and sales by the SMM manager."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(SlackId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)  # whole, whatever its length
    link: Mapped[str | None] = mapped_column(Text)
    network: Mapped[str | None] = mapped_column(String(16))
    departments: Mapped[str] = mapped_column(String(32))  # "marketing,sales"
    urgent: Mapped[bool] = mapped_column(Boolean)
    taken_by: Mapped[str | None] = mapped_column(SlackId)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(SlackId)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QuestionRow(Base):
    """A coordination question to both departments, open until the asker closes it."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asker: Mapped[str] = mapped_column(SlackId)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class PostRow(Base):
    """Where a feedback item or a question was posted: every copy is updated together."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("channel", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"), index=True)
    channel: Mapped[str] = mapped_column(SlackId)
    ts: Mapped[str] = mapped_column(SlackId)


class VoteRow(Base):
    """One vote per person per question; changing it replaces it."""

    __tablename__ = "votes"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    vote: Mapped[str] = mapped_column(String(16))
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommentRow(Base):
    """A thread reply under a posted question."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("channel", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    channel: Mapped[str] = mapped_column(SlackId)
    ts: Mapped[str] = mapped_column(SlackId)
    user_id: Mapped[str] = mapped_column(SlackId)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RollupRow(Base):
    """The weekly voice-of-the-customer post, once per channel per week (by its last day)."""

    __tablename__ = "rollups"

    week_end: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(SlackId, primary_key=True)
    ts: Mapped[str | None] = mapped_column(SlackId)


class ReminderRow(Base):
    """A round's reminder, sent once per department per day."""

    __tablename__ = "reminders"

    round_date: Mapped[date] = mapped_column(Date, primary_key=True)
    department: Mapped[str] = mapped_column(String(16), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TaskRow(Base):
    """A quick-like task. The database is the truth for its timers: they are re-armed from here.

    `status` "setup": the command is stored, its audience not resolved or assigned yet."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    network: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(SlackId)
    channel: Mapped[str] = mapped_column(SlackId)  # where the live progress message is
    progress_ts: Mapped[str | None] = mapped_column(SlackId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Halfway reached: the reminders are due (each assignment's is marked as it goes out).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(SlackId)
    # Who was asked, as the command named them ({"users": […], "groups": […], "channels": […]},
    # all empty: the default audience): stored before it is resolved, so a crash while
    # resolving it is finished after the restart.
    audience: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    # A post on the company's VK wall (`-123_45`): its likes are checked on VK.
    vk_post: Mapped[str | None] = mapped_column(String(48), index=True)
    # Finished, and the report is in Slack: until then the sweep tries again.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AssignmentRow(Base):
    """One person's part in a task; also the outbox of its DM (`sent_at` None: not sent yet)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("task_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    user_id: Mapped[str] = mapped_column(SlackId)
    name: Mapped[str] = mapped_column(Text)
    tz: Mapped[str | None] = mapped_column(String(64))
    department: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    skip_reason: Mapped[str | None] = mapped_column(String(32))
    dm_channel: Mapped[str | None] = mapped_column(SlackId)
    dm_ts: Mapped[str | None] = mapped_column(SlackId)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # their like seen on VK
    unliked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # taken back after that
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the halfway reminder's


class NumberingHintRow(Base):
    """Who got the numbering hint in which round (once per person per round)."""

    __tablename__ = "numbering_hints"

    round_date: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)


class ScheduledRunRow(Base):
    """A scheduled job's day: confirmed (`done_at`), or its window closed first (`missed_at`,
    and `notified` once the digest channel was told)."""

    __tablename__ = "scheduled_runs"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_date: Mapped[date] = mapped_column(Date, primary_key=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedRow(Base):
    """A feed in FEEDS as last read (bot.domain.model.feeds.FeedState); no row: never read."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedItemRow(Base):
    """An item a feed has shown (by its id, else its link): it is never new again."""

    __tablename__ = "feed_items"

    feed: Mapped[str] = mapped_column(ForeignKey("feeds.url"), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VkLinkRow(Base):
    """A person's VK profile, as they linked it: the only personal data from VK stored."""

    __tablename__ = "vk_links"

    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    vk_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VkEventRow(Base):
    """A VK event handled (its `event_id`): VK sends one again until it hears "ok"."""

    __tablename__ = "vk_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SeenPostRow(Base):
    """A post a connector saw on a network, once by (network, key) whoever saw it how often;
    what became of it (`state`: a task, a prompt in the digest channel, dismissed)."""

    __tablename__ = "seen_posts"
    __table_args__ = (UniqueConstraint("network", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(Text)
    # The link made comparable (bot.domain.parsing.links.url_key): `/smm-task URL` finds it.
    url_key: Mapped[str] = mapped_column(Text, index=True)
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    prompt_channel: Mapped[str | None] = mapped_column(SlackId)
    prompt_ts: Mapped[str | None] = mapped_column(SlackId)
    handled_by: Mapped[str | None] = mapped_column(SlackId)
