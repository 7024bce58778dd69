"""The question editor: App Home's buttons, the modal of a department's questions (a row of
inputs per question, up to MAX_QUESTIONS), and the announcement of a change."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.model.common import Department
from bot.domain.model.questions import MAX_QUESTIONS, Question, QuestionKind, QuestionSet
from bot.domain.parsing.questions import FIELDS
from bot.i18n import Language, t
from bot.slack import ids
from bot.slack.kit import Block, actions, button, context, header, section
from bot.slack.mrkdwn import Mrkdwn, escape, join, md, mention

TEXT_LIMIT = 300  # characters of a question: ten of them fit the prompt's one section
TITLE_LIMIT = 100


def block_id(number: int, field: str) -> str:
    return f"q{number}-{field}"


def home_questions(lang: Language) -> list[Block]:
    """A manager's App Home: a button per department opening its editor."""
    return [
        header(t(lang, "questions.home")),
        actions(
            *(
                button(
                    t(lang, "questions.edit", department=t(lang, f"department.{d}")),
                    f"{ids.QUESTIONS_EDIT}{d}",
                    d.value,
                )
                for d in Department
            )
        ),
    ]


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
        limit = TEXT_LIMIT if field in ("en", "ru") else TITLE_LIMIT
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


def questions_view(lang: Language, department: Department, current: QuestionSet) -> Block:
    name = t(lang, f"department.{department}")
    blocks: list[Block] = [context(md(lang, "questions.intro", count=MAX_QUESTIONS))]
    for number in range(1, MAX_QUESTIONS + 1):
        question = current.get(number)
        blocks.append(section(md(lang, "questions.row", number=number)))
        blocks.extend(_input(lang, number, field, question) for field in FIELDS)
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
