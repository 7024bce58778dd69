"""Slack's wire format (links and mentions wrapped in `<…>`, `&amp;`, `&lt;`, `&gt;`) is undone in
bot/slack/wire.py before any domain parser sees the text: the commands as Slack sends them read
as they did when the parsers took Slack's text themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.model.common import Department
from bot.domain.model.errors import FeedbackInputError, TaskInputError
from bot.domain.model.feedback import AskQuestion, FeedbackCommand, NewFeedback
from bot.domain.model.tasks import Audience, CreateTask, Network, TaskAction, TaskCommand
from bot.domain.parsing.feedback_command import parse_feedback_command
from bot.domain.parsing.task_command import parse_task_command
from bot.slack.wire import plain_targets, plain_text
from tests.unit.test_feedback_command import BOTH, MARKETING, SALES, feedback
from tests.unit.test_tasks_command import DEFAULT, POST, task


def task_command(text: str) -> TaskCommand:
    """`/smm-task` as the listener reads it."""
    return parse_task_command(plain_targets(text), DEFAULT)


def feedback_command(text: str) -> FeedbackCommand:
    """`/smm-feedback` as the listener reads it."""
    return parse_feedback_command(plain_text(text))


def new(text: str) -> NewFeedback:
    command = feedback_command(text)
    assert isinstance(command, NewFeedback)
    return command


@pytest.mark.parametrize(
    ("wire", "plain"),
    [
        ("<@U1> and <@U2|bob>", "@Anna and @bob"),
        ("<!channel> <!here> <!everyone>", "@channel @here @everyone"),
        ("<!subteam^S1|@sales> <!subteam^S2>", "@sales @S2"),
        ("<#C1|general> <#C2>", "#general #C2"),
        (
            "<https://x.com/a?b=1&amp;c=2|x.com> <mailto:a@b.c|a@b.c>",
            "https://x.com/a?b=1&c=2 a@b.c",
        ),
        ("2 &lt; 3 &amp;&amp; 4 &gt; 1 &amp;lt;", "2 < 3 && 4 > 1 &lt;"),
    ],
)
def test_slack_text_becomes_what_the_person_saw(wire: str, plain: str) -> None:
    assert plain_text(wire, {"U1": "Anna"}.get) == plain


@pytest.mark.parametrize(
    ("wire", "plain"),
    [("<@U1> and <@U2|bob> <@W3|enterprise.user>", "@U1 and @U2 @W3"),
     ("<!channel> <!here> <!everyone>", "@channel @here @everyone"),
     ("<!subteam^S1|@sales> <!subteam^S2>", "@S1 @S2"),
     ("<#C1|general> <#C2> <#C3|>", "#C1 #C2 #C3"),
     ("<https://x.com/a?b=1&amp;c=2|x.com> <mailto:a@b.c|a@b.c>",
      "https://x.com/a?b=1&c=2 mailto:a@b.c"),
     ("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"),
     # typed, not Slack's markup: it stays text, never a mention or a link
     ("&lt;@U1&gt; &lt;https://evil.example|vk.com&gt; a &amp;lt; b",
      "<@U1> <https://evil.example|vk.com> a &lt; b")],
)  # fmt: skip
def test_a_command_names_people_and_links_by_what_they_point_to(wire: str, plain: str) -> None:
    assert plain_targets(wire) == plain


# ---------------------------------------------------------------- /smm-task as Slack sends it


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<https://vk.com/wall-1_2>", task()),
     ("<https://vk.com/wall-1_2|vk.com/wall-1_2>", task()),
     ("<https://vk.com/wall-1_2|my post with spaces>", task()),
     ("<https://www.youtube.com/watch?v=abc&amp;t=10>",
      task("https://www.youtube.com/watch?v=abc&t=10", Network.YOUTUBE)),
     ("<https://youtu.be/abc>", task("https://youtu.be/abc", Network.YOUTUBE)),
     ("<https://business.facebook.com/acme/posts/1>",
      task("https://business.facebook.com/acme/posts/1", Network.FACEBOOK)),
     ("<http://acme.com/blog>", task("http://acme.com/blog", Network.WEB)),
     ("<https://пример.рф/пост>", task("https://пример.рф/пост", Network.WEB))],
)  # fmt: skip
def test_a_task_link_as_sent(text: str, expected: CreateTask) -> None:
    assert task_command(text) == expected


@pytest.mark.parametrize(
    ("mentions", "audience"),
    [("<@U123ABC|anna>", Audience(users=("U123ABC",))),
     ("<@U123ABC>", Audience(users=("U123ABC",))),
     ("<@W123ABC|enterprise.user>", Audience(users=("W123ABC",))),
     ("<!subteam^S123ABC|@sales>", Audience(groups=("S123ABC",))),
     ("<!subteam^S123ABC>", Audience(groups=("S123ABC",))),
     ("<#C123ABC|general>", Audience(channels=("C123ABC",))),
     ("<#C123ABC>", Audience(channels=("C123ABC",))),
     ("<#C123ABC|>", Audience(channels=("C123ABC",))),
     ("<@U1|anna> <@U2|boris> <!subteam^S1|@sales> <#C1|general> <#C2|marketing>",
      Audience(("U1", "U2"), ("S1",), ("C1", "C2"))),
     ("<#C1> <@U2> <!subteam^S1> <@U1|anna>", Audience(("U2", "U1"), ("S1",), ("C1",))),
     ("<@U1|anna> <@U1> <#C1> <#C1|general>", Audience(users=("U1",), channels=("C1",))),
     ("<@U1|Anna Petrova>", Audience(users=("U1",)))],
)  # fmt: skip
def test_a_task_audience_as_sent(mentions: str, audience: Audience) -> None:
    assert task_command(f"<{POST}> {mentions}") == task(audience=audience)


def test_task_words_as_sent_in_any_order() -> None:
    expected = task(
        window=timedelta(minutes=5),
        action=TaskAction.SHARE,
        audience=Audience(("U1",), ("S1",), ("C1",)),
    )
    words = ["5m", "share", "<@U1>", "<!subteam^S1|@sales>", "<#C1|general>"]
    shuffled = [words[2], words[0], *words[3:], words[1]]
    for order in (words, words[::-1], words[2:] + words[:2], shuffled):
        assert task_command(f"<{POST}> " + " ".join(order)) == expected
        assert task_command(" ".join(order) + f" <{POST}>") == expected


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [("<@U1> 10m share", "task.error.no_url", {}),
     ("<https://localhost/x>", "task.error.bad_url", {"url": "https://localhost/x"}),
     ("<https://>", "task.error.bad_url", {"url": "https://"}),
     ("<https://.com/x>", "task.error.bad_url", {"url": "https://.com/x"}),
     ("<ftp://example.com/file>", "task.error.bad_url", {"url": "ftp://example.com/file"}),
     ("<mailto:anna@acme.com|anna@acme.com>", "task.error.bad_url",
      {"url": "mailto:anna@acme.com"}),
     ("<https://[::1/x>", "task.error.bad_url", {"url": "https://[::1/x"}),
     ("<javascript:alert(1)>", "task.error.bad_url", {"url": "javascript:alert(1)"}),
     ("https://vk.com/wall-1_2&gt;&lt;!here&gt; 10m", "task.error.bad_url",
      {"url": "https://vk.com/wall-1_2><!here>"}),
     (f"<{POST}> 10m <ftp://acme.com/x>", "task.error.bad_url", {"url": "ftp://acme.com/x"}),
     ("<!here>", "task.error.unknown_subcommand", {"word": "@here"}),
     (f"<{POST}> @anna", "task.error.unknown_word", {"word": "@anna"}),
     (f"<{POST}> <!channel>", "task.error.unknown_word", {"word": "@channel"}),
     (f"<{POST}> a&amp;b", "task.error.unknown_word", {"word": "a&b"}),
     (f"<{POST}> &lt;@U1&gt;", "task.error.unknown_word", {"word": "<@U1>"}),
     (f"<{POST}> <https://t.me/a/1>", "task.error.unknown_word", {"word": "https://t.me/a/1"}),
     ("отмена <#C1|general>", "task.error.bad_id", {"word": "#C1"})],
)  # fmt: skip
def test_task_errors_as_sent(text: str, key: str, params: dict[str, str]) -> None:
    with pytest.raises(TaskInputError) as error:
        task_command(text)
    assert (error.value.key, error.value.params) == (key, params)


# ---------------------------------------------------------------- /smm-feedback as Slack sends it


@pytest.mark.parametrize(
    ("text", "departments", "body"),
    [("complaint <!subteam^S123|@marketing> customers love it", MARKETING, "customers love it"),
     ("complaint customers love it <!subteam^S123ABC|@sales>", SALES, "customers love it"),
     ("complaint <!subteam^S1|@sales> <!subteam^S2|@marketing> customers love it", BOTH,
      "customers love it"),
     ("complaint customers love it <!subteam^S1|@support>", BOTH,
      "customers love it @support")],
)  # fmt: skip
def test_feedback_routed_by_a_user_group(
    text: str, departments: tuple[Department, ...], body: str
) -> None:
    assert new(text) == feedback(body, departments=departments)


def test_feedback_flags_as_sent_in_any_position() -> None:
    for flag, departments in (("<!subteam^S1|@marketing>", MARKETING), ("@sales", SALES)):
        expected = feedback(link=POST, network=Network.VK, departments=departments)
        for position in range(6):
            words = ["complaint", "customers", "love", "it", f"<{POST}>"]
            words.insert(position, flag)
            assert new(" ".join(words)) == expected
    text = f"срочно complaint @sales customers ! love <!subteam^S1|@marketing> it <{POST}> urgent"
    assert new(text) == feedback(link=POST, network=Network.VK, departments=BOTH, urgent=True)


@pytest.mark.parametrize(
    ("text", "body"),
    [("complaint Tom &amp; Jerry say 2 &lt; 3 &gt; 1", "Tom & Jerry say 2 < 3 > 1"),
     ("complaint a &amp;lt; b", "a &lt; b"),
     ("complaint see <https://acme.com/a?x=1&amp;y=2> here",
      "see https://acme.com/a?x=1&y=2 here"),
     ("complaint see <https://acme.com/a|the post> here", "see https://acme.com/a here"),
     ("complaint see https://acme.com/a here", "see https://acme.com/a here"),
     ("complaint <https://acme.com/a> then <https://acme.com/b> then text",
      "https://acme.com/a then https://acme.com/b then text"),
     ("complaint (<https://acme.com/a>).", "(https://acme.com/a)."),
     ("complaint ask <@U1|anna> or <@U2> in <#C1|general> or <#C2>, <!here>",
      "ask @anna or @U2 in #general or #C2, @here"),
     ("complaint write to <mailto:anna@acme.com|anna@acme.com>", "write to anna@acme.com"),
     ("complaint &lt;https://evil.example|vk.com&gt; &lt;!here&gt;",
      "<https://evil.example|vk.com> <!here>"),
     ("complaint <htp:/x> is not checked here", "htp:/x is not checked here"),
     ("complaint 24/7 and/or vk.com/wall-1", "24/7 and/or vk.com/wall-1")],
)  # fmt: skip
def test_feedback_text_as_sent_is_stored_plain(text: str, body: str) -> None:
    assert new(text) == feedback(body)


@pytest.mark.parametrize(
    ("last", "link", "network"),
    [(f"<{POST}>", POST, Network.VK),
     (f"<{POST}|{POST.removeprefix('https://')}>", POST, Network.VK),
     (f"<{POST}|my post with spaces>", POST, Network.VK),
     ("<https://www.youtube.com/watch?v=abc&amp;t=10>", "https://www.youtube.com/watch?v=abc&t=10",
      Network.YOUTUBE),
     ("<https://t.me/acme/12>", "https://t.me/acme/12", Network.TELEGRAM),
     ("<https://www.instagram.com/p/abc/>", "https://www.instagram.com/p/abc/",
      Network.INSTAGRAM),
     ("<https://x.com/acme/status/1>", "https://x.com/acme/status/1", Network.X),
     ("<http://acme.com/blog>", "http://acme.com/blog", Network.WEB),
     ("<https://пример.рф/пост>", "https://пример.рф/пост", Network.WEB)],
)  # fmt: skip
def test_feedback_link_as_sent_is_the_last_word(last: str, link: str, network: Network) -> None:
    expected = feedback(link=link, network=network)
    assert new(f"complaint customers love it {last}") == expected
    assert new(f"complaint customers love it\n{last}\n") == expected
    assert new(f"complaint customers love it {last} @sales !") == feedback(
        link=link, network=network, departments=SALES, urgent=True
    )


def test_a_feedback_link_as_sent_that_is_not_last_is_text() -> None:
    assert new(f"complaint <{POST}> customers love it") == feedback(f"{POST} customers love it")
    assert new(f"complaint <{POST}> and <https://t.me/a/1>") == feedback(
        f"{POST} and", link="https://t.me/a/1", network=Network.TELEGRAM
    )


@pytest.mark.parametrize(
    ("text", "link"),
    [("complaint customers love it <htp:/x>", "htp:/x"),
     ("complaint customers love it <https://>", "https://"),
     ("complaint customers love it <https://localhost/x>", "https://localhost/x"),
     ("complaint customers love it <https://.com/x>", "https://.com/x"),
     ("complaint customers love it <ftp://acme.com/x>", "ftp://acme.com/x"),
     ("complaint customers love it <https://[::1/x>", "https://[::1/x"),
     ("complaint customers love it <htp:/x> @sales !", "htp:/x"),
     ("complaint <htp:/x>", "htp:/x"),
     ("complaint boots broke <javascript:alert(1)>", "javascript:alert(1)"),
     ("complaint boots broke https://vk.com/wall-1_2&gt;&lt;!here&gt;",
      "https://vk.com/wall-1_2><!here>")],
)  # fmt: skip
def test_feedback_malformed_links_as_sent(text: str, link: str) -> None:
    with pytest.raises(FeedbackInputError) as error:
        feedback_command(text)
    assert (error.value.key, error.value.params) == ("feedback.error.bad_link", {"link": link})


def test_a_question_as_sent() -> None:
    assert feedback_command("спросить Можно ли скидку &amp; подарок? <https://acme.com/a|тут>") == (
        AskQuestion("Можно ли скидку & подарок? https://acme.com/a")
    )


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [(f"<{POST}> complaint", "feedback.error.unknown_kind", {"word": POST}),
     ("<!here> complaint", "feedback.error.unknown_kind", {"word": "@here"}),
     ("a&amp;b complaint", "feedback.error.unknown_kind", {"word": "a&b"}),
     (f"complaint <{POST}>", "feedback.error.empty_text", {}),
     (f"idea \n <{POST}> @marketing", "feedback.error.empty_text", {}),
     # the word as the person saw it (before, the channel's id: `#C1`)
     ("список <#C1|general>", "feedback.error.unknown_word", {"word": "#general"})],
)  # fmt: skip
def test_feedback_errors_as_sent(text: str, key: str, params: dict[str, str]) -> None:
    with pytest.raises(FeedbackInputError) as error:
        feedback_command(text)
    assert (error.value.key, error.value.params) == (key, params)
