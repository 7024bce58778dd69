from __future__ import annotations

import pytest

from bot.domain.model.common import Department
from bot.domain.model.errors import FeedbackInputError, TaskInputError
from bot.domain.model.feedback import (
    KIND_EMOJI,
    AskQuestion,
    FeedbackCommand,
    FeedbackHelp,
    FeedbackKind,
    FeedbackStats,
    ListFeedback,
    NewFeedback,
    OpenForm,
)
from bot.domain.model.tasks import Network
from bot.domain.parsing.feedback_command import new_feedback, parse_feedback_command, parse_kind

BOTH = (Department.MARKETING, Department.SALES)
MARKETING = (Department.MARKETING,)
SALES = (Department.SALES,)
POST = "https://vk.com/wall-1_2"

ALIASES: dict[FeedbackKind, tuple[str, ...]] = {
    FeedbackKind.QUESTION: ("question", "questions", "Question", "вопрос", "вопросы", "ВОПРОС"),
    FeedbackKind.COMPLAINT: ("complaint", "complaints", "COMPLAINT", "жалоба", "жалобы", "Жалобу"),
    FeedbackKind.PRAISE: ("praise", "praises", "Praise", "похвала", "похвалы", "похвалу"),
    FeedbackKind.COMPETITOR: ("competitor", "competitors", "конкурент", "конкуренты",
                              "Конкурента", "конкурентов"),
    FeedbackKind.REVIEW: ("review", "reviews", "Review", "отзыв", "отзывы", "ОТЗЫВЫ"),
    FeedbackKind.IDEA: ("idea", "ideas", "IDEA", "идея", "идеи", "идею"),
}  # fmt: skip


def feedback(
    text: str = "customers love it",
    kind: FeedbackKind = FeedbackKind.COMPLAINT,
    link: str | None = None,
    network: Network | None = None,
    departments: tuple[Department, ...] = BOTH,
    urgent: bool = False,
) -> NewFeedback:
    return NewFeedback(kind, text, link, network, departments, urgent)


def new(text: str) -> NewFeedback:
    command = parse_feedback_command(text)
    assert isinstance(command, NewFeedback)
    return command


@pytest.mark.parametrize(
    ("word", "kind"), [(word, kind) for kind, words in ALIASES.items() for word in words]
)
def test_every_kind_and_alias(word: str, kind: FeedbackKind) -> None:
    assert parse_kind(word) is kind
    assert parse_kind(f" {word} ") is kind
    assert parse_feedback_command(f"{word} customers love it") == feedback(kind=kind)
    assert parse_feedback_command(f"{word}! customers love it") == feedback(kind=kind, urgent=True)


def test_kind_values_read_back_and_all_have_emoji() -> None:
    for kind in FeedbackKind:
        assert parse_kind(kind.value) is kind
        assert KIND_EMOJI[kind].startswith(":")
        assert KIND_EMOJI[kind].endswith(":")
    assert len(set(KIND_EMOJI.values())) == len(FeedbackKind)


@pytest.mark.parametrize(
    "word",
    ["", " ", "list", "ask", "спросить", "help", "complaint!", "complain", "вопросик", "@sales",
     "urgent", "!", "отзыв?", POST],
)  # fmt: skip
def test_words_that_are_not_kinds(word: str) -> None:
    assert parse_kind(word) is None


@pytest.mark.parametrize(
    ("text", "departments", "body"),
    [("complaint customers love it", BOTH, "customers love it"),
     ("complaint @marketing customers love it", MARKETING, "customers love it"),
     ("complaint customers @sales love it", SALES, "customers love it"),
     ("complaint customers love it @SALES", SALES, "customers love it"),
     ("@marketing complaint customers love it", MARKETING, "customers love it"),
     ("complaint @маркетинг customers love it", MARKETING, "customers love it"),
     ("complaint customers love it @Продажи", SALES, "customers love it"),
     ("complaint @sales customers @marketing love it", BOTH, "customers love it"),
     ("complaint @sales @sales customers love it", SALES, "customers love it"),
     # other groups and lookalikes are text
     ("complaint customers love it @support", BOTH, "customers love it @support"),
     ("complaint customers love it @salesforce", BOTH, "customers love it @salesforce"),
     ("complaint customers love it sales", BOTH, "customers love it sales"),
     ("complaint customers love it (@sales)", BOTH, "customers love it (@sales)"),
     ("complaint customers love it email@sales", BOTH, "customers love it email@sales")],
)  # fmt: skip
def test_routing(text: str, departments: tuple[Department, ...], body: str) -> None:
    assert new(text) == feedback(body, departments=departments)


@pytest.mark.parametrize(
    ("text", "urgent", "body"),
    [("complaint! customers love it", True, "customers love it"),
     ("complaint!!! customers love it", True, "customers love it"),
     ("Жалоба! customers love it", True, "customers love it"),
     ("complaint ! customers love it", True, "customers love it"),
     ("complaint customers ! love it", True, "customers love it"),
     ("complaint customers love it !", True, "customers love it"),
     ("! complaint customers love it", True, "customers love it"),
     ("complaint urgent customers love it", True, "customers love it"),
     ("complaint customers love it URGENT", True, "customers love it"),
     ("urgent complaint customers love it", True, "customers love it"),
     ("жалоба срочно customers love it", True, "customers love it"),
     ("срочно жалоба customers love it", True, "customers love it"),
     ("жалоба customers love it Срочно", True, "customers love it"),
     ("complaint! urgent ! customers love it срочно", True, "customers love it"),
     # a `!` inside a word or a run of them is text
     ("complaint customers love it!", False, "customers love it!"),
     ("complaint customers love it !!", False, "customers love it !!"),
     ("complaint customers love it urgently", False, "customers love it urgently")],
)  # fmt: skip
def test_urgency(text: str, urgent: bool, body: str) -> None:
    assert new(text) == feedback(body, urgent=urgent)


@pytest.mark.parametrize(
    ("flag", "departments", "urgent"),
    [("@sales", SALES, False), ("@Marketing", MARKETING, False), ("@продажи", SALES, False),
     ("!", BOTH, True), ("urgent", BOTH, True),
     ("срочно", BOTH, True)],
)  # fmt: skip
def test_flags_in_any_position(
    flag: str, departments: tuple[Department, ...], urgent: bool
) -> None:
    expected = feedback(link=POST, network=Network.VK, departments=departments, urgent=urgent)
    for position in range(6):  # before the kind, inside the text, before and after the link
        words = ["complaint", "customers", "love", "it", POST]
        words.insert(position, flag)
        assert new(" ".join(words)) == expected


def test_all_flags_at_once() -> None:
    text = f"срочно complaint @sales customers ! love @marketing it {POST} urgent"
    assert new(text) == feedback(link=POST, network=Network.VK, departments=BOTH, urgent=True)


@pytest.mark.parametrize(
    ("text", "body"),
    [("complaint   customers  love\tit  ", "customers  love\tit"),
     ("complaint\n\ncustomers\n\nlove it\n", "customers\n\nlove it"),
     ("complaint\nline one\n@sales\nline two", "line one\nline two"),
     ("complaint\nline one @sales\nline two", "line one\nline two"),
     ("complaint\nline one\n@sales line two", "line one\nline two"),
     ("complaint\nline one\n  @sales !  \nline two", "line one\nline two"),
     ("complaint line one\n\n@sales\n\nline two", "line one\n\n\nline two"),
     ("complaint a @sales  b", "a b"),
     ("complaint a  @sales b", "a  b"),
     ("complaint a @sales ! urgent b", "a b"),
     ("complaint\n@sales\nline", "line"),
     ("@sales\n\ncomplaint\nline\n@sales\n", "line")],
)  # fmt: skip
def test_text_is_kept_as_typed_without_the_flags(text: str, body: str) -> None:
    assert new(text).text == body


@pytest.mark.parametrize(
    ("text", "body"),
    [("complaint Tom & Jerry say 2 < 3 > 1", "Tom & Jerry say 2 < 3 > 1"),
     ("complaint a &lt; b <b>", "a &lt; b <b>"),
     ("complaint see https://acme.com/a?x=1&y=2 here", "see https://acme.com/a?x=1&y=2 here"),
     ("complaint see https://acme.com/a here", "see https://acme.com/a here"),
     ("complaint https://acme.com/a then https://acme.com/b then text",
      "https://acme.com/a then https://acme.com/b then text"),
     ("complaint (https://acme.com/a).", "(https://acme.com/a)."),
     ("complaint ask @anna or @U2 in #general, @here", "ask @anna or @U2 in #general, @here"),
     ("complaint write to anna@acme.com", "write to anna@acme.com"),
     ("complaint write to mailto:anna@acme.com", "write to mailto:anna@acme.com"),
     ("complaint <https://acme.com/a|the post>", "<https://acme.com/a|the post>"),
     ("complaint the order is ticket:42", "the order is ticket:42"),
     ("complaint htp:/x is not checked here", "htp:/x is not checked here"),
     ("complaint 24/7 and/or vk.com/wall-1", "24/7 and/or vk.com/wall-1")],
)  # fmt: skip
def test_text_is_plain(text: str, body: str) -> None:
    assert new(text) == feedback(body)


@pytest.mark.parametrize(
    ("last", "link", "network"),
    [(POST, POST, Network.VK),
     ("https://www.youtube.com/watch?v=abc&t=10", "https://www.youtube.com/watch?v=abc&t=10",
      Network.YOUTUBE),
     ("https://t.me/acme/12", "https://t.me/acme/12", Network.TELEGRAM),
     ("https://www.instagram.com/p/abc/", "https://www.instagram.com/p/abc/", Network.INSTAGRAM),
     ("https://x.com/acme/status/1", "https://x.com/acme/status/1", Network.X),
     ("HTTPS://OK.RU/group/1", "HTTPS://OK.RU/group/1", Network.OK),
     ("http://acme.com/blog", "http://acme.com/blog", Network.WEB),
     ("https://пример.рф/пост", "https://пример.рф/пост", Network.WEB)],
)  # fmt: skip
def test_link_is_the_last_word(last: str, link: str, network: Network) -> None:
    expected = feedback(link=link, network=network)
    assert new(f"complaint customers love it {last}") == expected
    assert new(f"complaint customers love it\n{last}\n") == expected
    assert new(f"complaint customers love it {last} @sales !") == feedback(
        link=link, network=network, departments=SALES, urgent=True
    )


def test_a_link_that_is_not_last_is_text() -> None:
    assert new(f"complaint {POST} customers love it") == feedback(f"{POST} customers love it")
    assert new(f"complaint {POST} and https://t.me/a/1") == feedback(
        f"{POST} and", link="https://t.me/a/1", network=Network.TELEGRAM
    )


@pytest.mark.parametrize(
    ("text", "link"),
    [("complaint customers love it htp:/x", "htp:/x"),
     ("complaint customers love it http://", "http://"),
     ("complaint customers love it https://", "https://"),
     ("complaint customers love it https://localhost/x", "https://localhost/x"),
     ("complaint customers love it https://.com/x", "https://.com/x"),
     ("complaint customers love it ftp://acme.com/x", "ftp://acme.com/x"),
     ("complaint customers love it https://[::1/x", "https://[::1/x"),
     ("complaint customers love it javascript:alert(1)", "javascript:alert(1)"),
     ("complaint customers love it htp:/x @sales !", "htp:/x"),
     ("complaint htp:/x", "htp:/x")],
)  # fmt: skip
def test_malformed_links(text: str, link: str) -> None:
    with pytest.raises(FeedbackInputError) as error:
        parse_feedback_command(text)
    assert (error.value.key, error.value.params) == ("feedback.error.bad_link", {"link": link})


def test_long_multiline_text_is_kept_whole() -> None:
    lines = [f"Line {n}: «клиент» пишет — всё  ок?\tда!" for n in range(400)]
    body = "\n".join(lines) + "\n\n" + "x" * 1000
    assert len(body) > 10_000
    assert new(f"review {body}") == feedback(body, kind=FeedbackKind.REVIEW)
    assert new(f"отзыв! @sales\n{body}\n{POST}") == feedback(
        body, FeedbackKind.REVIEW, POST, Network.VK, SALES, urgent=True
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", OpenForm()), ("   ", OpenForm()), (" \n\t ", OpenForm()),
     ("@sales", OpenForm()), ("! urgent", OpenForm()),
     ("help", FeedbackHelp()), ("HELP", FeedbackHelp()), ("помощь", FeedbackHelp()),
     ("Справка", FeedbackHelp()), ("help list", FeedbackHelp()),
     ("list", ListFeedback(None, 7)), ("List", ListFeedback(None, 7)),
     ("список", ListFeedback(None, 7)), ("list 30d", ListFeedback(None, 30)),
     ("list 7d", ListFeedback(None, 7)), ("list 30", ListFeedback(None, 30)),
     ("list complaints", ListFeedback(FeedbackKind.COMPLAINT, 7)),
     ("list idea 30d", ListFeedback(FeedbackKind.IDEA, 30)),
     ("list 30d idea", ListFeedback(FeedbackKind.IDEA, 30)),
     ("список жалобы 30д", ListFeedback(FeedbackKind.COMPLAINT, 30)),
     ("Список 30дней вопросы", ListFeedback(FeedbackKind.QUESTION, 30)),
     ("list   \n  7days  конкуренты", ListFeedback(FeedbackKind.COMPETITOR, 7)),
     ("stats", FeedbackStats(7)), ("stats 7d", FeedbackStats(7)), ("stats 30d", FeedbackStats(30)),
     ("STATS 30D", FeedbackStats(30)), ("статистика", FeedbackStats(7)),
     ("статистика 30д", FeedbackStats(30)), ("стат 7", FeedbackStats(7)),
     ("ask Can we run a discount in May?", AskQuestion("Can we run a discount in May?")),
     ("Ask  \n Two lines,\n\n  kept  whole @sales !  \n",
      AskQuestion("Two lines,\n\n  kept  whole @sales !")),
     ("спросить Можно ли скидку & подарок? https://acme.com/a",
      AskQuestion("Можно ли скидку & подарок? https://acme.com/a")),
     ("вопрос Можно ли скидку?", feedback("Можно ли скидку?", FeedbackKind.QUESTION))],
)  # fmt: skip
def test_subcommands(text: str, expected: FeedbackCommand) -> None:
    assert parse_feedback_command(text) == expected


def test_a_long_question_is_kept_whole() -> None:
    question = "\n".join(f"Вопрос {n}: что делаем с акцией?" for n in range(500))
    assert len(question) > 10_000
    assert parse_feedback_command(f"ask {question}") == AskQuestion(question)


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [# kinds
     ("complain customers love it", "feedback.error.unknown_kind", {"word": "complain"}),
     ("foo", "feedback.error.unknown_kind", {"word": "foo"}),
     ("@sales foo bar", "feedback.error.unknown_kind", {"word": "foo"}),
     ("!! customers love it", "feedback.error.unknown_kind", {"word": "!!"}),
     ("status 12", "feedback.error.unknown_kind", {"word": "status"}),
     (f"{POST} complaint", "feedback.error.unknown_kind", {"word": POST}),
     ("@here complaint", "feedback.error.unknown_kind", {"word": "@here"}),
     ("a&b complaint", "feedback.error.unknown_kind", {"word": "a&b"}),
     # no text
     ("complaint", "feedback.error.empty_text", {}),
     ("жалоба!", "feedback.error.empty_text", {}),
     ("complaint @sales ! urgent", "feedback.error.empty_text", {}),
     (f"complaint {POST}", "feedback.error.empty_text", {}),
     (f"idea \n {POST} @marketing", "feedback.error.empty_text", {}),
     # ask
     ("ask", "feedback.error.empty_question", {}),
     ("спросить  \n ", "feedback.error.empty_question", {}),
     # list and stats
     ("list 14d", "feedback.error.bad_period", {"word": "14d"}),
     ("list idea 90d", "feedback.error.bad_period", {"word": "90d"}),
     ("stats 90d", "feedback.error.bad_period", {"word": "90d"}),
     ("статистика 1м", "feedback.error.bad_period", {"word": "1м"}),
     ("stats week", "feedback.error.bad_period", {"word": "week"}),
     ("stats 7d 30d", "feedback.error.unknown_word", {"word": "30d"}),
     ("stats 30d idea", "feedback.error.unknown_word", {"word": "idea"}),
     ("list all", "feedback.error.unknown_word", {"word": "all"}),
     ("list idea complaint", "feedback.error.unknown_word", {"word": "complaint"}),
     ("list 7d 30d", "feedback.error.unknown_word", {"word": "30d"}),
     ("список #general", "feedback.error.unknown_word", {"word": "#general"})],
)  # fmt: skip
def test_errors(text: str, key: str, params: dict[str, str]) -> None:
    with pytest.raises(FeedbackInputError) as error:
        parse_feedback_command(text)
    assert (error.value.key, error.value.params) == (key, params)
    assert isinstance(error.value, TaskInputError)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("kind", "departments", "expected"),
    [("complaint", ["marketing", "sales"], BOTH), ("Жалоба", ["sales", "marketing"], BOTH),
     ("complaint", [], BOTH), ("complaint", ["sales"], SALES),
     ("complaint", ("marketing",), MARKETING),
     ("complaint", [Department.SALES, Department.SALES], SALES)],
)  # fmt: skip
def test_new_feedback_from_the_form(
    kind: str, departments: list[str], expected: tuple[Department, ...]
) -> None:
    text = "  Line one &amp; <b>\n\n@sales line two !\n"
    assert new_feedback(kind, text, f"  {POST} ", departments, urgent=True) == feedback(
        "Line one &amp; <b>\n\n@sales line two !", link=POST, network=Network.VK,
        departments=expected, urgent=True,
    )  # fmt: skip


@pytest.mark.parametrize("link", [None, "", "   "])
def test_new_feedback_without_a_link(link: str | None) -> None:
    assert new_feedback("idea", "x", link, [], urgent=False) == feedback("x", FeedbackKind.IDEA)


@pytest.mark.parametrize(
    ("kind", "text", "link", "key", "params"),
    [("complain", "x", None, "feedback.error.unknown_kind", {"word": "complain"}),
     ("", "x", None, "feedback.error.unknown_kind", {"word": ""}),
     ("idea", "", None, "feedback.error.empty_text", {}),
     ("idea", " \n\t", POST, "feedback.error.empty_text", {}),
     ("idea", "x", "htp:/x", "feedback.error.bad_link", {"link": "htp:/x"}),
     ("idea", "x", " http:// ", "feedback.error.bad_link", {"link": "http://"}),
     ("idea", "x", "vk.com/wall-1", "feedback.error.bad_link", {"link": "vk.com/wall-1"}),
     ("idea", "x", f"<{POST}>", "feedback.error.bad_link", {"link": f"<{POST}>"})],
)  # fmt: skip
def test_new_feedback_errors(
    kind: str, text: str, link: str | None, key: str, params: dict[str, str]
) -> None:
    with pytest.raises(FeedbackInputError) as error:
        new_feedback(kind, text, link, ["sales"], urgent=False)
    assert (error.value.key, error.value.params) == (key, params)


def test_new_feedback_rejects_an_unknown_department() -> None:
    with pytest.raises(ValueError, match="support"):
        new_feedback("idea", "x", None, ["support"], urgent=False)
