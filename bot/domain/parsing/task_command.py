"""Reading `/smm-task`: a "quick like" task on a post, or one of the task subcommands.

    /smm-task <post URL> [window] [like|share|comment] [audience…]
    /smm-task list | status <id> | cancel <id> | stats [7d|30d|90d] | help
    /smm-task link [VK profile] | unlink [@person]

The text is plain, with mentions as the Slack IDs they name (`@U1`, `@S1`, `#C1`: Slack's own
format is undone in bot/slack/wire.py), so what comes out (a link, error params) is as the person
typed it, and whoever renders it must escape it.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import (
    Audience,
    CancelTask,
    CreateTask,
    LinkProfile,
    ListTasks,
    TaskAction,
    TaskCommand,
    TaskHelp,
    TaskStats,
    TaskStatus,
    UnlinkProfile,
)
from bot.domain.parsing.links import MAX_URL, is_link, is_post_url, network_of, url_length

MIN_WINDOW = timedelta(seconds=10)
MAX_WINDOW = timedelta(hours=24)
MAX_TASK_ID = 2**31 - 1  # task ids are SQL INTEGERs; a bigger number cannot name a task
STATS_PERIODS = (7, 30, 90)
DEFAULT_STATS_DAYS = 7


# Longer alternatives first: `мин` must not stop at `м`, `hours` at `h`.
_HOURS = r"hours?|hrs?|h|часов|часа|час|ч"
_MINUTES = r"minutes?|mins?|m|минуты|минута|минут|мин|м"
_SECONDS = r"seconds?|secs?|s|секунды|секунда|секунд|сек|с"
_DAYS = r"days?|d|дней|дня|день|дн|д"  # 1d is the longest window, 2d gets a range error
_WINDOW = re.compile(
    rf"(?:(?P<d>[0-9]+)(?:{_DAYS}))?(?:(?P<h>[0-9]+)(?:{_HOURS}))?"
    rf"(?:(?P<m>[0-9]+)(?:{_MINUTES}))?(?:(?P<s>[0-9]+)(?:{_SECONDS}))?",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}

_ACTIONS: dict[str, TaskAction] = {
    **dict.fromkeys(
        ("like", "likes", "лайк", "лайки", "лайкнуть"),
        TaskAction.LIKE,
    ),
    **dict.fromkeys(
        ("share", "shares", "repost", "reposts", "репост", "репосты", "репостнуть", "поделиться"),
        TaskAction.SHARE,
    ),
    **dict.fromkeys(
        ("comment", "comments", "комментарий", "комментарии", "коммент", "комменты",
         "комментировать"),
        TaskAction.COMMENT,
    ),
}  # fmt: skip

_SUBCOMMANDS: dict[str, type[TaskCommand]] = {
    **dict.fromkeys(("list", "список"), ListTasks),
    **dict.fromkeys(("status", "статус"), TaskStatus),
    **dict.fromkeys(("cancel", "отмена", "отменить"), CancelTask),
    **dict.fromkeys(("stats", "статистика", "стат"), TaskStats),
    **dict.fromkeys(("help", "помощь", "справка"), TaskHelp),
    **dict.fromkeys(("link", "привязать", "связать"), LinkProfile),
    **dict.fromkeys(("unlink", "отвязать"), UnlinkProfile),
}

TOKEN = re.compile(r"\S+")
# A mention is a Slack ID: a capital, then capitals and digits, at least one digit (so `@ANNA`
# typed as text is a word). `@S…` is a user group, any other `@…` a person, `#…` a channel.
_USER = re.compile(r"@((?!S)[A-Z](?=[A-Z0-9]*[0-9])[A-Z0-9]+)")
_GROUP = re.compile(r"@(S(?=[A-Z0-9]*[0-9])[A-Z0-9]+)")
_CHANNEL = re.compile(r"#([A-Z](?=[A-Z0-9]*[0-9])[A-Z0-9]+)")
# A word meant as a link, without a scheme or with a broken one: `vk.com/wall-1`, `htp:/x`,
# `example.com`. A dot must be followed by 2+ letters, so `1.5h` or `e.g.` are just words.
_LINKISH = re.compile(r"/|\w\.[^\W\d_]{2,}")
_TASK_ID = re.compile(r"#?([0-9]+)")
PERIOD = re.compile(rf"([0-9]+)(?:{_DAYS})?", re.IGNORECASE)


def parse_window(token: str) -> timedelta | None:
    """`90s`, `10m`, `1h30m`, `10мин`, `1ч30м` as a duration; None if the token is no window.

    Raises TaskInputError if it is a window outside MIN_WINDOW..MAX_WINDOW.
    """
    seconds = _window_seconds(token)
    return None if seconds is None else _checked_window(seconds)


def format_window(window: timedelta) -> str:
    """The window as `parse_window` reads it: `1h30m`, `1m30s`, `10m`, `24h` (whole seconds)."""
    seconds = int(window.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (seconds, "s")) if n]
    return sign + ("".join(parts) or "0s")


def parse_task_command(text: str, default_window: timedelta) -> TaskCommand:
    """The command the text of `/smm-task` asks for; raises TaskInputError for bad input.

    An empty text asks for help. The first word picks a subcommand (in either language, any
    case); otherwise the words make a new task, in any order as long as the first one is a
    task word: a window, an action, a mention or the URL. A first word that is none of those
    is an unknown subcommand, unless it looks like a link (`vk.com/wall-1`, `htp:/x`): then it
    is a malformed URL, which is what the person most likely got wrong.
    """
    tokens = TOKEN.findall(text)
    if not tokens:
        return TaskHelp()
    first, rest = tokens[0], tokens[1:]
    subcommand = _SUBCOMMANDS.get(first.casefold())
    if subcommand is TaskHelp:
        return TaskHelp()  # `help whatever` still wants help, not an error
    if subcommand is ListTasks:
        _no_more(rest)
        return ListTasks()
    if subcommand is TaskStatus:
        return TaskStatus(_task_id(rest))
    if subcommand is CancelTask:
        return CancelTask(_task_id(rest))
    if subcommand is TaskStats:
        return TaskStats(_stats_days(rest))
    if subcommand is LinkProfile:
        _no_more(rest[1:])
        return LinkProfile(rest[0] if rest else None)
    if subcommand is UnlinkProfile:
        whose = _USER.fullmatch(rest[0]) if rest else None
        _no_more(rest[1:] if whose else rest)
        return UnlinkProfile(whose[1] if whose else None)
    if not _is_task_word(first):
        if _LINKISH.search(first):
            raise TaskInputError("task.error.bad_url", url=first)
        raise TaskInputError("task.error.unknown_subcommand", word=first)
    return _create(tokens, default_window)


def _create(tokens: list[str], default_window: timedelta) -> CreateTask:
    url: str | None = None
    action: TaskAction | None = None
    window_seconds: int | None = None
    window_open = False  # the previous token was a window: `1h 30m` is one window
    users: list[str] = []
    groups: list[str] = []
    channels: list[str] = []
    leftovers: list[str] = []  # unknown words, and a second URL, action or window
    for token in tokens:
        seconds = _window_seconds(token)
        if seconds is not None and (window_seconds is None or window_open):
            window_seconds = (window_seconds or 0) + seconds
            window_open = True
            continue
        window_open = False
        if seconds is not None:
            leftovers.append(token)
        elif mention := _USER.fullmatch(token):
            _add_once(users, mention[1])
        elif mention := _GROUP.fullmatch(token):
            _add_once(groups, mention[1])
        elif mention := _CHANNEL.fullmatch(token):
            _add_once(channels, mention[1])
        elif is_link(token):
            if not is_post_url(token):
                raise TaskInputError("task.error.bad_url", url=token)
            if url_length(token) > MAX_URL:
                raise TaskInputError(
                    "task.error.long_url", length=str(len(token)), max=str(MAX_URL)
                )
            if url is None:
                url = token
            else:
                leftovers.append(token)
        elif (verb := _ACTIONS.get(token.casefold())) is not None and action is None:
            action = verb
        else:
            leftovers.append(token)
    if url is None:
        linkish = next((word for word in leftovers if _LINKISH.search(word)), None)
        if linkish is not None:
            raise TaskInputError("task.error.bad_url", url=linkish)
        raise TaskInputError("task.error.no_url")
    if leftovers:
        raise TaskInputError("task.error.unknown_word", word=leftovers[0])
    return CreateTask(
        url=url,
        network=network_of(url),
        window=default_window if window_seconds is None else _checked_window(window_seconds),
        action=action or TaskAction.LIKE,
        audience=Audience(tuple(users), tuple(groups), tuple(channels)),
    )


def _is_task_word(token: str) -> bool:
    return (
        _window_seconds(token) is not None
        or token.casefold() in _ACTIONS
        or any(pattern.fullmatch(token) for pattern in (_USER, _GROUP, _CHANNEL))
        or is_link(token)
    )


def _window_seconds(token: str) -> int | None:
    match = _WINDOW.fullmatch(token)
    if match is None or not any(match.groups()):
        return None
    return sum(int(match[unit] or 0) * size for unit, size in _UNIT_SECONDS.items())


def _checked_window(seconds: int) -> timedelta:
    # Compared as an int first: `99999999999h` would overflow timedelta.
    if not MIN_WINDOW.total_seconds() <= seconds <= MAX_WINDOW.total_seconds():
        raise TaskInputError(
            "task.error.window_range", min=format_window(MIN_WINDOW), max=format_window(MAX_WINDOW)
        )
    return timedelta(seconds=seconds)


def _task_id(words: list[str]) -> int:
    if not words:
        raise TaskInputError("task.error.bad_id", word="")
    match = _TASK_ID.fullmatch(words[0])
    if match is None or not 0 < int(match[1]) <= MAX_TASK_ID:
        raise TaskInputError("task.error.bad_id", word=words[0])
    _no_more(words[1:])
    return int(match[1])


def _stats_days(words: list[str]) -> int:
    if not words:
        return DEFAULT_STATS_DAYS
    match = PERIOD.fullmatch(words[0])
    if match is None or int(match[1]) not in STATS_PERIODS:
        raise TaskInputError("task.error.bad_period", word=words[0])
    _no_more(words[1:])
    return int(match[1])


def _no_more(words: list[str]) -> None:
    if words:
        raise TaskInputError("task.error.unknown_word", word=words[0])


def _add_once(ids: list[str], new: str) -> None:
    if new not in ids:
        ids.append(new)
