from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import (
    Audience,
    CancelTask,
    CreateTask,
    ListTasks,
    Network,
    TaskAction,
    TaskCommand,
    TaskHelp,
    TaskStats,
    TaskStatus,
)
from bot.domain.parsing.links import network_of
from bot.domain.parsing.task_command import (
    MAX_WINDOW,
    MIN_WINDOW,
    format_window,
    parse_task_command,
    parse_window,
)

DEFAULT = timedelta(minutes=15)
POST = "https://vk.com/wall-1_2"


def parse(text: str) -> TaskCommand:
    return parse_task_command(text, DEFAULT)


def task(
    url: str = POST,
    network: Network = Network.VK,
    window: timedelta = DEFAULT,
    action: TaskAction = TaskAction.LIKE,
    audience: Audience = Audience(),  # noqa: B008 - frozen, so sharing it is safe
) -> CreateTask:
    return CreateTask(url, network, window, action, audience)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("10s", timedelta(seconds=10)), ("90s", timedelta(seconds=90)), ("10m", timedelta(minutes=10)),
     ("1h", timedelta(hours=1)), ("1h30m", timedelta(minutes=90)),
     ("2h15m30s", timedelta(hours=2, minutes=15, seconds=30)), ("1h30s", timedelta(seconds=3630)),
     ("24h", MAX_WINDOW), ("1d", MAX_WINDOW), ("10M", timedelta(minutes=10)),
     ("5min", timedelta(minutes=5)), ("2hours", timedelta(hours=2)),
     ("45sec", timedelta(seconds=45)), ("90с", timedelta(seconds=90)),
     ("10м", timedelta(minutes=10)), ("10мин", timedelta(minutes=10)),
     ("1ч30м", timedelta(minutes=90)), ("2ч", timedelta(hours=2)), ("1час", timedelta(hours=1)),
     ("30сек", timedelta(seconds=30)), ("1Ч15М", timedelta(minutes=75))],
)  # fmt: skip
def test_windows_in_both_languages(token: str, expected: timedelta) -> None:
    assert parse_window(token) == expected


@pytest.mark.parametrize(
    "token",
    ["", "10", "m", "like", "1.5h", "30m1h", "1h1h", "10 m", "ten minutes", "-10m", "10x", "h10",
     "#12", POST],
)  # fmt: skip
def test_words_that_are_not_windows(token: str) -> None:
    assert parse_window(token) is None


@pytest.mark.parametrize("token", ["9s", "0m", "0s", "24h1s", "25h", "2d", "99999999999999999h"])
def test_windows_out_of_range(token: str) -> None:
    with pytest.raises(TaskInputError) as error:
        parse_window(token)
    assert error.value.key == "task.error.window_range"
    assert error.value.params == {"min": "10s", "max": "24h"}


@pytest.mark.parametrize(
    ("window", "text"),
    [(timedelta(minutes=90), "1h30m"), (timedelta(seconds=90), "1m30s"),
     (timedelta(minutes=10), "10m"), (timedelta(hours=1), "1h"), (MIN_WINDOW, "10s"),
     (MAX_WINDOW, "24h"), (timedelta(hours=2, minutes=15, seconds=30), "2h15m30s"),
     (timedelta(hours=1, seconds=5), "1h5s"), (timedelta(0), "0s"),
     (timedelta(seconds=61, milliseconds=500), "1m1s")],
)  # fmt: skip
def test_format_window(window: timedelta, text: str) -> None:
    assert format_window(window) == text


@pytest.mark.parametrize("seconds", [10, 59, 60, 61, 3599, 3600, 3661, 5400, 86399, 86400])
def test_format_window_reads_back(seconds: int) -> None:
    window = timedelta(seconds=seconds)
    assert parse_window(format_window(window)) == window


@pytest.mark.parametrize(
    ("url", "network"),
    [("https://www.facebook.com/acme/posts/1", Network.FACEBOOK),
     ("https://m.facebook.com/story.php?id=1", Network.FACEBOOK),
     ("https://business.facebook.com/acme/posts/1", Network.FACEBOOK),
     ("https://fb.com/acme/posts/1", Network.FACEBOOK),
     ("https://fb.watch/abc123/", Network.FACEBOOK),
     ("https://vk.com/wall-1_2", Network.VK), ("https://m.vk.com/wall-1_2", Network.VK),
     ("https://vk.ru/wall-1_2", Network.VK), ("https://vkvideo.ru/video-1_2", Network.VK),
     ("https://www.instagram.com/p/abc/", Network.INSTAGRAM),
     ("https://t.me/acme/123", Network.TELEGRAM),
     ("https://telegram.me/acme/123", Network.TELEGRAM),
     ("https://www.linkedin.com/feed/update/urn:li:activity:1/", Network.LINKEDIN),
     ("https://x.com/acme/status/1", Network.X), ("https://twitter.com/acme/status/1", Network.X),
     ("https://mobile.twitter.com/acme/status/1", Network.X),
     ("https://www.youtube.com/watch?v=abc&t=10", Network.YOUTUBE),
     ("https://m.youtube.com/shorts/abc", Network.YOUTUBE),
     ("https://youtu.be/abc", Network.YOUTUBE),
     ("https://www.tiktok.com/@acme/video/1", Network.TIKTOK),
     ("https://vm.tiktok.com/abc/", Network.TIKTOK),
     ("https://ok.ru/group/1/topic/2", Network.OK), ("https://dzen.ru/a/abc", Network.DZEN),
     ("HTTPS://WWW.VK.COM/wall-1_2", Network.VK), ("https://vk.com.:443/wall-1_2", Network.VK),
     ("vk.com/wall-1_2", Network.VK),
     ("https://acme.com/blog/post", Network.WEB), ("https://notvk.com/wall-1", Network.WEB),
     ("https://vk.com.evil.org/wall-1", Network.WEB), ("https://box.com/x", Network.WEB),
     ("https://t.me.example.org/x", Network.WEB), ("https://[::1/x", Network.WEB),
     ("", Network.WEB)],
)  # fmt: skip
def test_network_of(url: str, network: Network) -> None:
    assert network_of(url) is network


@pytest.mark.parametrize(
    ("text", "expected"),
    [(POST, task()), ("  \n" + POST + "  ", task()), ("HTTPS://vk.com/wall-1_2", task("HTTPS://vk.com/wall-1_2")),
     ("https://www.youtube.com/watch?v=abc&t=10",
      task("https://www.youtube.com/watch?v=abc&t=10", Network.YOUTUBE)),
     ("https://youtu.be/abc", task("https://youtu.be/abc", Network.YOUTUBE)),
     ("https://business.facebook.com/acme/posts/1",
      task("https://business.facebook.com/acme/posts/1", Network.FACEBOOK)),
     ("http://acme.com/blog", task("http://acme.com/blog", Network.WEB)),
     ("https://пример.рф/пост", task("https://пример.рф/пост", Network.WEB))],
)  # fmt: skip
def test_create_with_defaults(text: str, expected: CreateTask) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "window", "action"),
    [(f"{POST} 10m", timedelta(minutes=10), TaskAction.LIKE),
     (f"{POST} 90s share", timedelta(seconds=90), TaskAction.SHARE),
     (f"{POST} comment 1h30m", timedelta(minutes=90), TaskAction.COMMENT),
     (f"{POST} 1h 30m", timedelta(minutes=90), TaskAction.LIKE),
     (f"{POST} 1ч 30м лайк", timedelta(minutes=90), TaskAction.LIKE),
     (f"10m {POST} repost", timedelta(minutes=10), TaskAction.SHARE),
     (f"like {POST}", DEFAULT, TaskAction.LIKE)]
    + [(f"{POST} {word}", DEFAULT, TaskAction.LIKE)
       for word in ("like", "likes", "LIKE", "лайк", "лайки", "лайкнуть", "Лайк")]
    + [(f"{POST} {word}", DEFAULT, TaskAction.SHARE)
       for word in ("share", "repost", "Repost", "репост", "репостнуть", "поделиться")]
    + [(f"{POST} {word}", DEFAULT, TaskAction.COMMENT)
       for word in ("comment", "комментарий", "коммент", "комментировать", "КОММЕНТ")],
)  # fmt: skip
def test_create_with_window_and_action(text: str, window: timedelta, action: TaskAction) -> None:
    assert parse(text) == task(window=window, action=action)


@pytest.mark.parametrize(
    ("mentions", "audience"),
    [("@U123ABC", Audience(users=("U123ABC",))),
     ("@W123ABC", Audience(users=("W123ABC",))),
     ("@S123ABC", Audience(groups=("S123ABC",))),
     ("#C123ABC", Audience(channels=("C123ABC",))),
     ("@U1 @U2 @S1 #C1 #C2", Audience(("U1", "U2"), ("S1",), ("C1", "C2"))),
     ("#C1 @U2 @S1 @U1", Audience(("U2", "U1"), ("S1",), ("C1",))),
     ("@U1 @U1 #C1 #C1", Audience(users=("U1",), channels=("C1",)))],
)  # fmt: skip
def test_create_with_audience(mentions: str, audience: Audience) -> None:
    assert parse(f"{POST} {mentions}") == task(audience=audience)
    assert not audience.is_empty


def test_optional_tokens_in_any_order() -> None:
    expected = task(
        window=timedelta(minutes=5),
        action=TaskAction.SHARE,
        audience=Audience(("U1",), ("S1",), ("C1",)),
    )
    words = ["5m", "share", "@U1", "@S1", "#C1"]
    shuffled = [words[2], words[0], *words[3:], words[1]]
    for order in (words, words[::-1], words[2:] + words[:2], shuffled):
        assert parse(f"{POST} " + " ".join(order)) == expected
        assert parse(" ".join(order) + f" {POST}") == expected


def test_empty_audience_is_the_callers_default() -> None:
    command = parse(f"{POST} 5m")
    assert isinstance(command, CreateTask)
    assert command.audience == Audience()
    assert command.audience.is_empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", TaskHelp()), ("   ", TaskHelp()), ("help", TaskHelp()), ("HELP", TaskHelp()),
     ("помощь", TaskHelp()), ("Справка", TaskHelp()), ("help cancel", TaskHelp()),
     ("list", ListTasks()), ("List", ListTasks()), ("список", ListTasks()),
     ("status 12", TaskStatus(12)), ("status #12", TaskStatus(12)), ("STATUS 7", TaskStatus(7)),
     ("статус #3", TaskStatus(3)), ("status 2147483647", TaskStatus(2**31 - 1)),
     ("cancel 12", CancelTask(12)), ("cancel #12", CancelTask(12)), ("отмена 5", CancelTask(5)),
     ("отменить #5", CancelTask(5)), ("Cancel  \n 5", CancelTask(5)),
     ("stats", TaskStats(7)), ("stats 7d", TaskStats(7)), ("stats 30d", TaskStats(30)),
     ("stats 90d", TaskStats(90)), ("stats 30", TaskStats(30)), ("STATS 90D", TaskStats(90)),
     ("статистика", TaskStats(7)), ("статистика 30д", TaskStats(30)), ("стат 90д", TaskStats(90)),
     ("stats 7days", TaskStats(7)), ("стат 30дней", TaskStats(30))],
)  # fmt: skip
def test_subcommands(text: str, expected: TaskCommand) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [# no URL at all
     ("10m", "task.error.no_url", {}), ("like", "task.error.no_url", {}),
     ("@U1 10m share", "task.error.no_url", {}), ("10m foo", "task.error.no_url", {}),
     # malformed URLs, wrapped, plain or as a first word that looks like a link
     ("htp:/x", "task.error.bad_url", {"url": "htp:/x"}),
     ("vk.com/wall-1", "task.error.bad_url", {"url": "vk.com/wall-1"}),
     ("example.com", "task.error.bad_url", {"url": "example.com"}),
     ("10m vk.com/wall-1", "task.error.bad_url", {"url": "vk.com/wall-1"}),
     ("https://localhost/x", "task.error.bad_url", {"url": "https://localhost/x"}),
     ("https://localhost", "task.error.bad_url", {"url": "https://localhost"}),
     ("https://", "task.error.bad_url", {"url": "https://"}),
     ("https://.com/x", "task.error.bad_url", {"url": "https://.com/x"}),
     ("ftp://example.com/file", "task.error.bad_url", {"url": "ftp://example.com/file"}),
     ("mailto:anna@acme.com", "task.error.bad_url",
      {"url": "mailto:anna@acme.com"}),
     ("https://[::1/x", "task.error.bad_url", {"url": "https://[::1/x"}),
     (f"{POST} 10m ftp://acme.com/x", "task.error.bad_url", {"url": "ftp://acme.com/x"}),
     # windows out of range, alone or summed
     (f"{POST} 5s", "task.error.window_range", {"min": "10s", "max": "24h"}),
     (f"{POST} 25ч", "task.error.window_range", {"min": "10s", "max": "24h"}),
     (f"{POST} 24h 1m", "task.error.window_range", {"min": "10s", "max": "24h"}),
     (f"{POST} 0m", "task.error.window_range", {"min": "10s", "max": "24h"}),
     # first words that are neither a task word nor a subcommand
     ("foo", "task.error.unknown_subcommand", {"word": "foo"}),
     ("delete 12", "task.error.unknown_subcommand", {"word": "delete"}),
     (f"please {POST}", "task.error.unknown_subcommand", {"word": "please"}),
     ("@here", "task.error.unknown_subcommand", {"word": "@here"}),
     ("javascript:alert(1)", "task.error.bad_url", {"url": "javascript:alert(1)"}),
     ("1.5h", "task.error.unknown_subcommand", {"word": "1.5h"}),
     # leftovers in a create command
     (f"{POST} 10m foo", "task.error.unknown_word", {"word": "foo"}),
     (f"{POST} @anna", "task.error.unknown_word", {"word": "@anna"}),
     (f"{POST} @channel", "task.error.unknown_word", {"word": "@channel"}),
     (f"{POST} @ANNA", "task.error.unknown_word", {"word": "@ANNA"}),
     (f"{POST} #general", "task.error.unknown_word", {"word": "#general"}),
     (f"{POST} <@U1>", "task.error.unknown_word", {"word": "<@U1>"}),
     (f"{POST} 10:30", "task.error.unknown_word", {"word": "10:30"}),
     (f"{POST} a&b", "task.error.unknown_word", {"word": "a&b"}),
     (f"{POST} like share", "task.error.unknown_word", {"word": "share"}),
     (f"{POST} 10m like 5m", "task.error.unknown_word", {"word": "5m"}),
     (f"{POST} https://t.me/a/1", "task.error.unknown_word", {"word": "https://t.me/a/1"}),
     (f"{POST} 10", "task.error.unknown_word", {"word": "10"}),
     # subcommand arguments
     ("status", "task.error.bad_id", {"word": ""}),
     ("status abc", "task.error.bad_id", {"word": "abc"}),
     ("status 0", "task.error.bad_id", {"word": "0"}),
     ("status -3", "task.error.bad_id", {"word": "-3"}),
     ("cancel 1.5", "task.error.bad_id", {"word": "1.5"}),
     ("cancel ##4", "task.error.bad_id", {"word": "##4"}),
     ("cancel 2147483648", "task.error.bad_id", {"word": "2147483648"}),
     ("отмена #C1", "task.error.bad_id", {"word": "#C1"}),
     ("status 12 now", "task.error.unknown_word", {"word": "now"}),
     ("list all", "task.error.unknown_word", {"word": "all"}),
     ("stats 14d", "task.error.bad_period", {"word": "14d"}),
     ("stats week", "task.error.bad_period", {"word": "week"}),
     ("статистика 1м", "task.error.bad_period", {"word": "1м"}),
     ("stats 7d 30d", "task.error.unknown_word", {"word": "30d"})],
)  # fmt: skip
def test_errors(text: str, key: str, params: dict[str, str]) -> None:
    with pytest.raises(TaskInputError) as error:
        parse(text)
    assert (error.value.key, error.value.params) == (key, params)
    assert isinstance(error.value, ValueError)
