"""The question editor: App Home's sets and buttons, the modal of a department's questions (a
row of inputs per question, up to MAX_QUESTIONS), and the announcement of a change."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.model.common import Department
from bot.domain.model.questions import (
    MAX_QUESTIONS,
    MAX_TEXT,
    MAX_TITLE,
    Question,
    QuestionKind,
    QuestionSet,
    Saved,
)
from bot.domain.parsing.questions import FIELDS, POSITION
from bot.i18n import Language, t
from bot.slack import ids
from bot.slack.kit import Block, actions, button, context, header, section, titled
from bot.slack.mrkdwn import Mrkdwn, clip, escape, join, md, mention

HOME_LINE = 150  # characters of a question or heading shown on the Home tab


def block_id(number: int, field: str) -> str:
    return f"q{number}-{field}"


def home_questions(lang: Language, sets: Mapping[Department, QuestionSet]) -> list[Block]:
    """A manager's App Home: each department's questions as the next check-in asks them, and a
    button per department opening its editor."""
    blocks = [header(t(lang, "questions.home"))]
    for department, questions in sets.items():
        title = t(
            lang, "questions.home.department", department=t(lang, f"department.{department}"),
            count=len(questions),
        )  # fmt: skip
        blocks.extend(
            titled(escape(title), [_home_line(lang, n, q) for n, q in questions.numbered()])
        )
    blocks.append(
        actions(
            *(
                button(
                    t(lang, "questions.edit", department=t(lang, f"department.{d}")),
                    f"{ids.QUESTIONS_EDIT}{d}",
                    d.value,
                )
                for d in Department
            )
        )
    )
    return blocks


def _home_line(lang: Language, number: int, question: Question) -> Mrkdwn:
    text = clip(question.text.in_(lang), HOME_LINE)
    kind = t(lang, f"questions.kind.{question.kind}")
    if question.title is None:
        return md(lang, "questions.home.line", number=number, text=text, kind=kind)
    title = clip(question.title.in_(lang), HOME_LINE)
    return md(lang, "questions.home.titled", number=number, text=text, kind=kind, title=title)


def saved_note(lang: Language, department: Department, channel: str, saved: Saved) -> Mrkdwn:
    """The line on the manager's Home after they save: announced in the digest channel, saved
    but not announced (they tell the team themselves), or nothing changed."""
    name = t(lang, f"department.{department}")
    return md(lang, f"questions.saved.{saved}", department=name, channel=channel)


def _initial(question: Question | None, field: str) -> str | None:
    if question is None:
        return None
    if field == "kind":
        return question.kind.value
    wording = question.text if field in ("en", "ru") else question.title
    return None if wording is None else getattr(wording, field[-2:])


def _input(lang: Language, number: int, field: str, question: Question | None) -> Block:
    initial = _initial(question, field)
    if field == "kind":
        options = [Option(value=k.value, text=t(lang, f"questions.kind.{k}")) for k in QuestionKind]
        chosen = next((o for o in options if o.value == initial), None)
        element: StaticSelectElement | PlainTextInputElement = StaticSelectElement(
            action_id=ids.QUESTIONS_VALUE, options=options, initial_option=chosen
        )
    else:
        limit = MAX_TEXT if field in ("en", "ru") else MAX_TITLE
        element = PlainTextInputElement(
            action_id=ids.QUESTIONS_VALUE,
            max_length=limit,
            initial_value=initial and initial[:limit],
        )
    label = f"questions.text_{field}" if field in ("en", "ru") else f"questions.{field}"
    block: Block = InputBlock(
        block_id=block_id(number, field), label=t(lang, label), element=element, optional=True
    ).to_dict()
    return block


def _position(lang: Language, number: int) -> Block:
    """Where the row goes: its own number unless moved (the others shift to make room)."""
    options = [Option(value=str(n), text=str(n)) for n in range(1, MAX_QUESTIONS + 1)]
    block: Block = InputBlock(
        block_id=block_id(number, POSITION),
        label=t(lang, "questions.position"),
        element=StaticSelectElement(
            action_id=ids.QUESTIONS_VALUE, options=options, initial_option=options[number - 1]
        ),
        optional=True,
    ).to_dict()
    return block


def questions_view(lang: Language, department: Department, current: QuestionSet) -> Block:
    name = t(lang, f"department.{department}")
    blocks: list[Block] = [context(md(lang, "questions.intro", count=MAX_QUESTIONS))]
    for number in range(1, MAX_QUESTIONS + 1):
        question = current.get(number)
        blocks.append(section(md(lang, "questions.row", number=number)))
        blocks.extend(_input(lang, number, field, question) for field in FIELDS)
        blocks.append(_position(lang, number))
    view: Block = View(
        type="modal",
        callback_id=ids.QUESTIONS_VIEW,
        private_metadata=department.value,
        title=t(lang, "questions.title", department=name)[:24],
        submit=t(lang, "questions.submit"),
        close=t(lang, "form.cancel"),
        blocks=blocks,
    ).to_dict()
    return view


def refusal_view(lang: Language) -> Block:
    """What a non-manager sees instead of the editor."""
    view: Block = View(
        type="modal",
        title=t(lang, "questions.home")[:24],
        close=t(lang, "form.cancel"),
        blocks=[section(md(lang, "questions.error.not_manager"))],
    ).to_dict()
    return view


def questions_changed(
    lang: Language, department: Department, questions: QuestionSet, by: str
) -> Mrkdwn:
    listed = join(
        "\n", (Mrkdwn(f"*{n}.* {escape(q.text.in_(lang))}") for n, q in questions.numbered())
    )
    return md(
        lang, "questions.changed", department=t(lang, f"department.{department}"),
        user=mention(by), questions=listed,
    )  # fmt: skip
