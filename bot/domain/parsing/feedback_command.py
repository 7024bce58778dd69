"""Reading `/smm-feedback`: what customers said, sent on to marketing and sales.

    /smm-feedback <kind>[!] <text> [@marketing] [@sales] [!|urgent] [link]
    /smm-feedback list [kind] [7d|30d] | stats [7d|30d] | ask <question> | help

The text is plain, as the person saw it (Slack's format is undone in bot/slack/wire.py: a link
is its URL, a mention its name), and so is what comes out: whoever renders it must escape it.
The modal's path, `new_feedback`, takes the form's plain values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.model.common import Department
from bot.domain.model.errors import FeedbackInputError
from bot.domain.model.feedback import (
    AskQuestion,
    FeedbackCommand,
    FeedbackHelp,
    FeedbackKind,
    FeedbackStats,
    ListFeedback,
    NewFeedback,
    OpenForm,
)
from bot.domain.parsing.links import MAX_URL, is_link, is_post_url, network_of, url_length
from bot.domain.parsing.task_command import PERIOD, TOKEN

DEFAULT_DEPARTMENTS = (Department.MARKETING, Department.SALES)
FEEDBACK_PERIODS = (7, 30)
DEFAULT_FEEDBACK_DAYS = 7


_KINDS: dict[str, FeedbackKind] = {
    **dict.fromkeys(
        ("question", "questions", "вопрос", "вопросы"),
        FeedbackKind.QUESTION,
    ),
    **dict.fromkeys(
        ("complaint", "complaints", "жалоба", "жалобы", "жалобу"),
        FeedbackKind.COMPLAINT,
    ),
    **dict.fromkeys(
        ("praise", "praises", "похвала", "похвалы", "похвалу"),
        FeedbackKind.PRAISE,
    ),
    **dict.fromkeys(
        ("competitor", "competitors", "конкурент", "конкуренты", "конкурента", "конкурентов"),
        FeedbackKind.COMPETITOR,
    ),
    **dict.fromkeys(
        ("review", "reviews", "отзыв", "отзывы"),
        FeedbackKind.REVIEW,
    ),
    **dict.fromkeys(
        ("idea", "ideas", "идея", "идеи", "идею"),
        FeedbackKind.IDEA,
    ),
}  # fmt: skip

# `вопрос` is a kind (a customer's question); asking the departments is `ask`/`спросить`.
_SUBCOMMANDS: dict[str, type[FeedbackCommand]] = {
    **dict.fromkeys(("list", "список"), ListFeedback),
    **dict.fromkeys(("stats", "статистика", "стат"), FeedbackStats),
    **dict.fromkeys(("ask", "спросить"), AskQuestion),
    **dict.fromkeys(("help", "помощь", "справка"), FeedbackHelp),
}

_DEPARTMENTS: dict[str, Department] = {
    **dict.fromkeys(("@marketing", "@маркетинг"), Department.MARKETING),
    **dict.fromkeys(("@sales", "@продажи"), Department.SALES),
}
_URGENT = frozenset(("!", "urgent", "срочно"))

_SPACING = re.compile(r"[^\S\n]*")  # spaces and tabs, not line breaks


def parse_kind(word: str) -> FeedbackKind | None:
    """The kind a word names, in either language, any case; None if it names none."""
    return _KINDS.get(word.strip().casefold())


def parse_feedback_command(text: str) -> FeedbackCommand:
    """The command the text of `/smm-feedback` asks for; raises FeedbackInputError for bad input.

    An empty text opens the form. The first word picks a subcommand (in either language, any
    case); otherwise it is new feedback: the kind, then the text. Flags (`@marketing`, `@sales`,
    `!`, `urgent` and their Russian words) count anywhere as whole words and leave the text; a
    `!` right after the kind (`complaint!`) makes it urgent too. The last other word is the
    link if it is one; links and mentions elsewhere stay in the text.
    """
    tokens = list(TOKEN.finditer(text))
    if not tokens:
        return OpenForm()
    first, rest = tokens[0], [token[0] for token in tokens[1:]]
    subcommand = _SUBCOMMANDS.get(first[0].casefold())
    if subcommand is FeedbackHelp:
        return FeedbackHelp()  # `help whatever` still wants help, not an error
    if subcommand is ListFeedback:
        return _list(rest)
    if subcommand is FeedbackStats:
        return FeedbackStats(_stats_days(rest))
    if subcommand is AskQuestion:
        question = text[first.end() :].strip()
        if not question:
            raise FeedbackInputError("feedback.error.empty_question")
        return AskQuestion(question)
    return _new(text, tokens)


def new_feedback(
    kind: str, text: str, link: str | None, departments: Sequence[str], urgent: bool
) -> NewFeedback:
    """New feedback from the form's plain values, checked as the command checks them.

    `departments` are Department values; none ticked means both, as with the command.
    """
    feedback_kind = parse_kind(kind)
    if feedback_kind is None:
        raise FeedbackInputError("feedback.error.unknown_kind", word=kind.strip())
    link = (link or "").strip() or None
    if link is not None:
        _check_link(link)
    if not text.strip():
        raise FeedbackInputError("feedback.error.empty_text")
    chosen = {Department(department) for department in departments}
    return NewFeedback(
        kind=feedback_kind,
        text=text.strip(),
        link=link,
        network=None if link is None else network_of(link),
        departments=_in_order(chosen),
        urgent=urgent,
    )


def _new(text: str, tokens: list[re.Match[str]]) -> FeedbackCommand:
    kind: FeedbackKind | None = None
    departments: set[Department] = set()
    urgent = False
    cuts: list[tuple[int, int]] = []  # the kind, the flags and the link leave the text
    words: list[re.Match[str]] = []  # what is left after the kind
    for token in tokens:
        if (department := _department(token[0])) is not None:
            departments.add(department)
        elif token[0].casefold() in _URGENT:
            urgent = True
        elif kind is None:
            word = token[0].rstrip("!")
            kind = parse_kind(word)
            if kind is None:
                raise FeedbackInputError("feedback.error.unknown_kind", word=token[0])
            urgent = urgent or word != token[0]
        else:
            words.append(token)
            continue
        cuts.append(token.span())
    if kind is None:
        return OpenForm()  # nothing but flags: the form asks for the rest
    link = _link(words[-1][0]) if words else None
    if link is not None:
        _check_link(link)
        cuts.append(words[-1].span())
    body = _cut(text, cuts).strip()
    if not body:
        raise FeedbackInputError("feedback.error.empty_text")
    return NewFeedback(
        kind=kind,
        text=body,
        link=link,
        network=None if link is None else network_of(link),
        departments=_in_order(departments),
        urgent=urgent,
    )


def _check_link(link: str) -> None:
    if not is_post_url(link):
        raise FeedbackInputError("feedback.error.bad_link", link=link)
    if url_length(link) > MAX_URL:
        raise FeedbackInputError(
            "feedback.error.long_link", length=str(len(link)), max=str(MAX_URL)
        )


def _list(words: list[str]) -> ListFeedback:
    kind: FeedbackKind | None = None
    days: int | None = None
    for word in words:
        if (named := parse_kind(word)) is not None and kind is None:
            kind = named
        elif (period := _period(word)) is not None and days is None:
            days = period
        else:
            raise FeedbackInputError("feedback.error.unknown_word", word=word)
    return ListFeedback(kind, DEFAULT_FEEDBACK_DAYS if days is None else days)


def _stats_days(words: list[str]) -> int:
    if not words:
        return DEFAULT_FEEDBACK_DAYS
    days = _period(words[0])
    if days is None:
        raise FeedbackInputError("feedback.error.bad_period", word=words[0])
    if len(words) > 1:
        raise FeedbackInputError("feedback.error.unknown_word", word=words[1])
    return days


def _period(word: str) -> int | None:
    """Days a word gives (`7d`, `30`, `30дней`); None if it is no period, an error if not 7/30."""
    match = PERIOD.fullmatch(word)
    if match is None:
        return None
    if int(match[1]) not in FEEDBACK_PERIODS:
        raise FeedbackInputError("feedback.error.bad_period", word=word)
    return int(match[1])


def _department(token: str) -> Department | None:
    """`@sales` typed, or a user group mentioned by that handle."""
    return _DEPARTMENTS.get(token.casefold())


def _in_order(departments: set[Department]) -> tuple[Department, ...]:
    chosen = tuple(department for department in Department if department in departments)
    return chosen or DEFAULT_DEPARTMENTS


def _link(token: str) -> str | None:
    """The token if it is a link, whatever its scheme; an e-mail address (`mailto:…`) is text."""
    return token if is_link(token) and not token.casefold().startswith("mailto:") else None


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the spans and the spacing they leave behind: `a @sales b` → `a b`.

    Spans with only spacing between them go as one; a line they filled goes with its break.
    """
    groups: list[list[int]] = []
    for start, end in sorted(spans):
        if groups and _SPACING.fullmatch(text, groups[-1][1], start):
            groups[-1][1] = end
        else:
            groups.append([start, end])
    kept: list[str] = []
    position = 0
    for start, end in groups:
        before, after = start, end
        while before > position and _is_spacing(text[before - 1]):
            before -= 1
        while after < len(text) and _is_spacing(text[after]):
            after += 1
        line_start = before == 0 or text[before - 1] == "\n"
        if line_start and (after == len(text) or text[after] == "\n"):
            start, end = before, after + 1  # the line held nothing else: it goes, with its break
        elif after > end:
            end = after
        else:
            start = before  # at the line's end: the spacing before goes
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def _is_spacing(char: str) -> bool:
    return char.isspace() and char != "\n"
