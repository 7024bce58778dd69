"""Settings, read from the environment (and an optional .env) once, at start-up.

No module-level instance: the CLI builds one and passes it down.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Container
from datetime import date, time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays
import yaml
from dotenv import dotenv_values
from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.domain.model.common import Department
from bot.domain.model.errors import TaskInputError
from bot.domain.model.networks import Network
from bot.domain.model.questions import Question, QuestionKind, QuestionSet, Wording
from bot.domain.parsing.questions import QuestionsError, read_question_sets
from bot.domain.parsing.task_command import parse_window
from bot.i18n.catalogue import CATALOGUE

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DATABASE_URL = "sqlite:///smm_pulse.db"
# Values from .env.example and the usual stand-ins: refused, so a copied example fails loudly.
_PLACEHOLDER = re.compile(r"(x{4,}|change.?me|your|placeholder|example|^\.\.\.$)", re.IGNORECASE)
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_ROSTER_ID = re.compile(r"^[UWS][A-Z0-9]{2,}$")
_AUDIENCE_ID = re.compile(r"^[CGS][A-Z0-9]{2,}$")
# @BotFather's tokens: the bot's numeric id, a colon, then 35 characters of the URL-safe alphabet.
_TELEGRAM_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
# A public channel's @username (5 to 32 letters, digits and _, from a letter), or a channel's
# chat id (-100 and its own id).
_TELEGRAM_CHANNEL = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{4,31}|-100\d{5,})$")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TELEGRAM_WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})  # the only ones Telegram posts to


def _ids(value: object, pattern: re.Pattern[str], expected: str) -> list[str]:
    """A comma-separated list of Slack IDs, in the order given, each once."""
    if not isinstance(value, str):
        return list(value) if isinstance(value, (list, tuple, set, frozenset)) else []
    ids = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    bad = [i for i in ids if not pattern.match(i)]
    if bad:
        raise ValueError(f"expected {expected}, got {', '.join(bad)}")
    return ids


def _http_url(value: str) -> str:
    """An absolute http(s) URL, or ValueError."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected an http(s) URL, got {value!r}")
    return value


def telegram_webhook_refusal(url: str) -> str | None:
    """Why Telegram would not post to `url` (HTTPS on ports 443, 80, 88 or 8443 only), or None.
    A loopback address is let through for the simulator, whatever its scheme and port."""
    parts = urlsplit(url)
    if parts.hostname in LOOPBACK:
        return None
    if parts.scheme != "https":
        return "an HTTPS URL must be provided for webhook"
    if (parts.port or 443) not in TELEGRAM_WEBHOOK_PORTS:
        return "webhook can be set up only on ports 80, 88, 443 or 8443"
    return None


def parse_workdays(value: str) -> frozenset[int]:
    """`mon-fri`, `mon,tue,thu`, `sun-tue` → ISO weekday numbers (Monday = 0)."""
    days: set[int] = set()
    for part in value.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"expected days like 'mon-fri' or 'mon,tue,thu', got {value!r}")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update((start + i) % 7 for i in range((end - start) % 7 + 1))
    return frozenset(days)


# Abbreviations people write for a zone that are no IANA names (CET, EET, EST are, and are
# taken as they are); spelt like a city, MSK would otherwise suggest Asia/Omsk.
ZONE_ABBREVIATIONS = {
    "MSK": "Europe/Moscow", "SAMT": "Europe/Samara", "YEKT": "Asia/Yekaterinburg",
    "OMST": "Asia/Omsk", "NOVT": "Asia/Novosibirsk", "KRAT": "Asia/Krasnoyarsk",
    "IRKT": "Asia/Irkutsk", "YAKT": "Asia/Yakutsk", "VLAT": "Asia/Vladivostok",
    "MAGT": "Asia/Magadan", "PETT": "Asia/Kamchatka", "CEST": "Europe/Berlin",
    "EEST": "Europe/Helsinki", "BST": "Europe/London", "EDT": "America/New_York",
    "CDT": "America/Chicago", "MDT": "America/Denver", "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
}  # fmt: skip


def zone_suggestions(name: str, most: int = 3) -> list[str]:
    """IANA names close to a wrong one: `Moscow` → Europe/Moscow, `Europe/Moskow` →
    Europe/Moscow, `new york` → America/New_York, `MSK` → Europe/Moscow."""
    if (zone := ZONE_ABBREVIATIONS.get(name.strip().upper())) is not None:
        return [zone]
    zones = sorted(available_timezones())
    wanted = name.strip().replace(" ", "_").casefold()
    by_city = [z for z in zones if z.rsplit("/", 1)[-1].casefold() == wanted]
    cities = {z.rsplit("/", 1)[-1].casefold(): z for z in zones}
    close = [cities[c] for c in difflib.get_close_matches(wanted, cities, n=most, cutoff=0.8)]
    whole = difflib.get_close_matches(name.strip(), zones, n=most, cutoff=0.8)
    return list(dict.fromkeys([*by_city, *whole, *close]))[:most]


DEFAULT_KINDS = (
    QuestionKind.NEWS, QuestionKind.FOCUS, QuestionKind.PROMOTION, QuestionKind.PRODUCT,
    QuestionKind.THREAT,
)  # fmt: skip


def default_question_sets() -> dict[Department, QuestionSet]:
    """Without a QUESTIONS_FILE: the handbook's five questions, the same for both departments."""
    questions = QuestionSet(
        tuple(
            Question(Wording(*(CATALOGUE[lang][f"question.{n}"] for lang in ("en", "ru"))), kind)
            for n, kind in enumerate(DEFAULT_KINDS, start=1)
        )
    )
    return dict.fromkeys(Department, questions)


def load_question_sets(path: Path) -> dict[Department, QuestionSet]:
    """A QUESTIONS_FILE read and checked; a problem is one line naming the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"cannot read {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path} is not valid YAML{where}") from None
    try:
        return read_question_sets(data)
    except QuestionsError as error:
        raise ValueError(f"{path}: {error}") from None


_DATABASE_URLS = "expected sqlite:///path or postgresql://user:pass@host:port/db"
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite", "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}  # fmt: skip
_SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# libpq's parameters asyncpg does not take in the URL, but reads from the environment.
_FROM_ENVIRONMENT = {
    "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
}  # fmt: skip
# Taken by asyncpg (or SQLAlchemy's asyncpg dialect) as they are.
_ASYNCPG_PARAMETERS = frozenset(
    {"target_session_attrs", "passfile", "prepared_statement_cache_size"}
)


def to_async_url(url: str) -> str:
    """Plain `sqlite:///…` / `postgresql://…` URLs get the async driver the bot uses, and
    libpq's parameters asyncpg's names (`sslmode` → `ssl`, `connect_timeout` → `timeout`).
    ValueError says what to write instead, never quoting the URL: it holds the password."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:  # ValueError: a port that is no number
        # A bare @ in the password ends the user part early: what follows is no host:port.
        if url.count("@") > 1:
            raise ValueError("write @ in the password as %40") from None
        if isinstance(error, ArgumentError):
            raise ValueError(_DATABASE_URLS) from None
        raise ValueError("the port after the host is a number, such as host:5432") from None
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise ValueError(_DATABASE_URLS)
    parsed = parsed.set(drivername=driver)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError(
                "an in-memory SQLite database is lost when the bot stops: give a file, such as "
                "sqlite:///smm_pulse.db"
            )
        return parsed.render_as_string(hide_password=False)
    if "@" in (parsed.host or ""):
        raise ValueError("write @ in the password as %40")
    return _asyncpg_query(parsed).render_as_string(hide_password=False)


def _asyncpg_query(url: URL) -> URL:
    """`url` with the query asyncpg takes, or ValueError naming the parameter."""
    query: dict[str, str] = {}
    for name, value in url.query.items():
        if not isinstance(value, str):
            raise ValueError(f"?{name}= is given more than once: keep one")
        if name in ("sslmode", "ssl"):
            if value not in _SSL_MODES:
                modes = ", ".join(_SSL_MODES)
                raise ValueError(f"{name}: expected one of {modes}, got {value!r}")
            query["ssl"] = value
        elif name in ("connect_timeout", "timeout"):
            try:
                positive = float(value) > 0
            except ValueError:
                positive = False
            if not positive:
                raise ValueError(f"{name}: expected seconds, a number above 0, got {value!r}")
            query["timeout"] = value
        elif name in _FROM_ENVIRONMENT:
            raise ValueError(
                f"?{name}= is not one asyncpg takes: set {_FROM_ENVIRONMENT[name]} in the "
                "environment instead"
            )
        elif name in _ASYNCPG_PARAMETERS:
            query[name] = value
        else:
            raise ValueError(f"?{name}= is not one asyncpg takes: remove it")
    return url.set(query=query)


class DatabaseSettings(BaseSettings):
    """The part of the settings that migrations need: no Slack tokens required."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    log_format: Literal["text", "json"] = "text"

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        to_async_url(value)  # what the bot cannot use is refused now, not at its first connection
        return value

    @property
    def async_database_url(self) -> str:
        return to_async_url(self.database_url)


class LocalSettings(DatabaseSettings):
    """What the offline commands that read the database (`smm-bot export`) need besides it:
    the zone that says what a date means, and the language. No Slack tokens required."""

    timezone: str = "UTC"
    bot_language: Literal["en", "ru"] = "en"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        value = value.strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            hint = ", ".join(zone_suggestions(value))
            suggestion = (
                f": did you mean {hint}?" if hint else " (an IANA name such as Europe/Moscow)"
            )
            raise ValueError(f"unknown time zone {value!r}{suggestion}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class QuestionsSettings(BaseSettings):
    """QUESTIONS_FILE, read and checked: part of Settings, and all `smm-bot demo` takes from
    the environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    questions_file: Path | None = None
    _question_sets: dict[Department, QuestionSet] = PrivateAttr(
        default_factory=default_question_sets
    )

    @field_validator("questions_file", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _questions(self) -> QuestionsSettings:
        if self.questions_file is not None:
            try:
                self._question_sets = load_question_sets(self.questions_file)
            except ValueError as error:
                raise ValueError(f"QUESTIONS_FILE: {error}") from None
        return self

    @property
    def question_sets(self) -> dict[Department, QuestionSet]:
        """Each department's questions as the file (or, without one, the handbook) gives them."""
        return self._question_sets


class Settings(LocalSettings, QuestionsSettings):
    slack_bot_token: SecretStr
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=0, le=65535)
    marketing_channel: str
    sales_channel: str
    digest_channel: str
    smm_managers: Annotated[frozenset[str], NoDecode] = frozenset()
    checkin_time: time = time(9, 0)
    digest_time: time = time(10, 30)
    workdays: Annotated[frozenset[int], NoDecode] = parse_workdays("mon-fri")
    marketing_responders: Annotated[tuple[str, ...], NoDecode] = ()
    sales_responders: Annotated[tuple[str, ...], NoDecode] = ()
    reminder_time: time | None = None
    holiday_country: str = ""
    task_window: timedelta = timedelta(minutes=10)
    task_audience: str | None = None
    work_hours: Annotated[tuple[time, time], NoDecode] = (time(9, 0), time(19, 0))
    task_dm_rate: float = Field(default=100.0, gt=0, le=1000)
    feedback_rollup: Annotated[tuple[int, time], NoDecode] = (4, time(16, 0))
    telegram_bot_token: SecretStr | None = None
    telegram_channel: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    feeds: Annotated[tuple[str, ...], NoDecode] = ()
    # VK (all optional; none set: no VK connector). VK_GROUP_ID and VK_TOKEN go together.
    vk_group_id: int | None = Field(default=None, gt=0)
    vk_token: SecretStr | None = None
    vk_callback_secret: SecretStr | None = None
    vk_confirmation: str | None = None
    vk_api_url: str = "https://api.vk.com/method/"
    vk_longpoll: bool = False
    auto_tasks: Annotated[frozenset[Network], NoDecode] = frozenset()
    presence_max_gap: int = Field(default=2, ge=1, le=90)

    @field_validator(
        "slack_signing_secret", "slack_app_token", "telegram_bot_token", "telegram_channel",
        "telegram_webhook_url", "vk_group_id", "vk_token", "vk_callback_secret",
        "vk_confirmation", mode="before",
    )  # fmt: skip
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("slack_bot_token", mode="before")
    @classmethod
    def _empty_is_missing(cls, value: object) -> object:
        # `SLACK_BOT_TOKEN=` as copied from .env.example means "not set yet".
        if value == "":
            raise ValueError("required but not set")
        return value

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _not_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and _PLACEHOLDER.search(value.get_secret_value()):
            raise ValueError("still a placeholder value: paste the real one from your Slack app")
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _telegram_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TELEGRAM_TOKEN.match(value.get_secret_value()):
            raise ValueError("expected the token @BotFather gave, such as 123456789:AAE…")
        return value

    @field_validator("telegram_channel")
    @classmethod
    def _telegram_channel(cls, value: str | None) -> str | None:
        if value is not None and not _TELEGRAM_CHANNEL.match(value.strip()):
            raise ValueError(
                f"expected @channelname or a channel id such as -1001234567890, got {value!r}"
            )
        return None if value is None else value.strip()

    @field_validator("telegram_api_url")
    @classmethod
    def _telegram_api(cls, value: str) -> str:
        return _http_url(value).rstrip("/")

    @field_validator("telegram_webhook_url")
    @classmethod
    def _telegram_webhook(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if refusal := telegram_webhook_refusal(_http_url(value)):
            raise ValueError(f"{refusal}, got {value!r}")
        if urlsplit(value).path in ("/slack/events", "/healthz", "/metrics"):
            raise ValueError(f"its path is one the bot serves already, got {value!r}")
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _feeds(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        urls = dict.fromkeys(part.strip() for part in value.split(",") if part.strip())
        return tuple(_http_url(url) for url in urls)

    @model_validator(mode="after")
    def _telegram_complete(self) -> Settings:
        if self.telegram_bot_token is not None and self.telegram_channel is None:
            raise ValueError("TELEGRAM_CHANNEL: required with TELEGRAM_BOT_TOKEN (@name or id)")
        if self.telegram_channel is not None and self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN: required with TELEGRAM_CHANNEL")
        if self.telegram_webhook_url is not None and self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_WEBHOOK_URL: needs TELEGRAM_BOT_TOKEN and TELEGRAM_CHANNEL")
        return self

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("expected a bot token starting with 'xoxb-'")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("expected an app-level token starting with 'xapp-'")
        return value

    @field_validator("vk_group_id", mode="before")
    @classmethod
    def _no_minus(cls, value: object) -> object:
        # Wall links (vk.com/wall-217000001_5) write the community's id with a minus.
        if isinstance(value, str) and (minus := re.fullmatch(r"\s*-(\d+)\s*", value)):
            raise ValueError(f"write the community's id without the minus: {minus[1]}")
        return value

    @field_validator("vk_longpoll", mode="before")
    @classmethod
    def _empty_is_false(cls, value: object) -> object:
        return False if value == "" else value

    @field_validator("vk_token", "vk_callback_secret")
    @classmethod
    def _vk_not_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and _PLACEHOLDER.search(value.get_secret_value()):
            raise ValueError("still a placeholder value: paste the real one from your VK community")
        return value

    @model_validator(mode="after")
    def _vk_complete(self) -> Settings:
        """VK needs the community and its token together; the rest only with them."""
        if self.vk_group_id is not None and self.vk_token is None:
            raise ValueError("VK_TOKEN: required with VK_GROUP_ID (the community's access token)")
        if self.vk_group_id is None:
            given = [
                name for name in ("vk_token", "vk_callback_secret", "vk_confirmation")
                if getattr(self, name) is not None
            ] + (["vk_longpoll"] if self.vk_longpoll else [])  # fmt: skip
            if given:
                raise ValueError(f"VK_GROUP_ID: required with {given[0].upper()}")
        elif not self.vk_longpoll and self.vk_confirmation is None:
            raise ValueError(
                "VK_CONFIRMATION: required for the Callback API (the string VK shows), "
                "or set VK_LONGPOLL=true"
            )
        elif self.vk_confirmation is not None and self.vk_callback_secret is None:
            # Without it anyone could post a like to /vk/callback and have it counted.
            raise ValueError(
                "VK_CALLBACK_SECRET: required for the Callback API (set the same secret key "
                "in the community's Callback API settings)"
            )
        return self

    @property
    def vk(self) -> bool:
        """A VK connector is configured."""
        return self.vk_group_id is not None

    @field_validator("slack_api_url", "vk_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value if value.endswith("/") else value + "/"

    @field_validator("marketing_channel", "sales_channel", "digest_channel")
    @classmethod
    def _channel_id(cls, value: str) -> str:
        if not _CHANNEL_ID.match(value):
            raise ValueError(f"expected a channel ID such as C0123ABCD, got {value!r}")
        return value

    @field_validator("smm_managers", mode="before")
    @classmethod
    def _user_ids(cls, value: object) -> object:
        return frozenset(_ids(value, _USER_ID, "user IDs such as U0123ABCD"))

    @field_validator("marketing_responders", "sales_responders", mode="before")
    @classmethod
    def _roster(cls, value: object) -> object:
        return tuple(_ids(value, _ROSTER_ID, "user IDs (U…) or user-group IDs (S…)"))

    @field_validator("holiday_country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.strip().upper()
        if value and value not in holidays.list_supported_countries():
            raise ValueError(f"no public holidays known for {value!r}: use a code such as RU")
        return value

    @field_validator("checkin_time", "digest_time", "reminder_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        if value == "":
            return None
        if isinstance(value, str):
            match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
            if not match:
                raise ValueError(f"expected HH:MM (24-hour), got {value!r}")
            return time(int(match[1]), int(match[2]))
        return value

    @field_validator("workdays", mode="before")
    @classmethod
    def _workdays(cls, value: object) -> object:
        return parse_workdays(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _http_needs_secret(self) -> Settings:
        if self.slack_app_token is None and self.slack_signing_secret is None:
            raise ValueError(
                "SLACK_SIGNING_SECRET: required in HTTP mode "
                "(or set SLACK_APP_TOKEN for Socket Mode)"
            )
        return self

    @model_validator(mode="after")
    def _reminder_after_checkin(self) -> Settings:
        if self.reminder_time is not None and self.reminder_time <= self.checkin_time:
            raise ValueError(
                f"REMINDER_TIME: {self.reminder_time:%H:%M} is not after "
                f"CHECKIN_TIME {self.checkin_time:%H:%M}; the reminder follows the check-in"
            )
        return self

    @model_validator(mode="after")
    def _distinct_channels(self) -> Settings:
        if self.marketing_channel == self.sales_channel:
            raise ValueError("SALES_CHANNEL: must differ from MARKETING_CHANNEL")
        return self

    @field_validator("task_window", mode="before")
    @classmethod
    def _window(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                window = parse_window(value.strip())
            except TaskInputError:
                window = None
            if window is None:
                raise ValueError(f"expected a window from 10s to 24h such as 10m, got {value!r}")
            return window
        return value

    @field_validator("task_audience", mode="before")
    @classmethod
    def _audience(cls, value: object) -> object:
        if value == "":
            return None
        if isinstance(value, str) and not _AUDIENCE_ID.match(value):
            raise ValueError(f"expected a channel ID (C…) or a user-group ID (S…), got {value!r}")
        return value

    @field_validator("feedback_rollup", mode="before")
    @classmethod
    def _weekly(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"\s*([a-z]{3})\s+([01]?\d|2[0-3]):([0-5]\d)\s*", value.lower())
            if not match or match[1] not in WEEKDAYS:
                raise ValueError(f"expected a day and a time such as 'fri 16:00', got {value!r}")
            return (WEEKDAYS.index(match[1]), time(int(match[2]), int(match[3])))
        return value

    @field_validator("work_hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value)
            if not match or int(match[1]) > 23 or int(match[3]) > 24 or int(match[2]) > 59:
                raise ValueError(f"expected HH:MM-HH:MM such as 09:00-19:00, got {value!r}")
            end = time(0, 0) if int(match[3]) == 24 else time(int(match[3]), int(match[4]))
            return (time(int(match[1]), int(match[2])), end)
        return value

    @field_validator("auto_tasks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        names = [part.strip().lower() for part in value.split(",") if part.strip()]
        known = [network.value for network in Network]
        bad = [name for name in names if name not in known]
        if bad:
            raise ValueError(f"expected networks among {', '.join(known)}, got {', '.join(bad)}")
        return frozenset(Network(name) for name in names)

    @property
    def reminder_at(self) -> time:
        """REMINDER_TIME, by default an hour after the check-in."""
        if self.reminder_time is not None:
            return self.reminder_time
        minutes = (self.checkin_time.hour * 60 + self.checkin_time.minute + 60) % (24 * 60)
        return time(minutes // 60, minutes % 60)

    @property
    def holidays(self) -> Container[date]:
        if not self.holiday_country:
            return frozenset()
        return holidays.country_holidays(self.holiday_country)


def misspelt_settings(env_file: Path) -> list[str]:
    """A line for each key of the .env file that is no setting but looks like one, naming it:
    pydantic-settings ignores such a key, as it must other tools' keys in a shared file."""
    names = [name.upper() for name in Settings.model_fields]
    lines = []
    for key in dotenv_values(env_file):
        # 0.82: a letter or an underscore astray (TIME_ZONE), not another tool's PGPORT.
        close = difflib.get_close_matches(key.upper(), names, n=1, cutoff=0.82)
        if key.upper() not in names and close:
            lines.append(f"{key} is not a setting: did you mean {close[0]}?")
    return lines
