"""Every Bolt listener the app has, registered here and nowhere else. Each is a module-level
function under listeners/<kind>/ that takes what it needs by Bolt's argument names, and the
runtime's services from `context` (see services.py)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.domain.model.common import Department
from bot.domain.model.feedback import Vote
from bot.slack import ids
from bot.slack.listeners.actions.checkin_form import on_open_checkin_form
from bot.slack.listeners.actions.feedback import on_feedback_button
from bot.slack.listeners.actions.posts import on_post_button
from bot.slack.listeners.actions.question_editor import on_edit_questions
from bot.slack.listeners.actions.questions import on_question_close, on_question_vote
from bot.slack.listeners.actions.tasks import on_task_button
from bot.slack.listeners.actions.threats import on_threat_button
from bot.slack.listeners.actions.vk_link import on_vk_link
from bot.slack.listeners.commands.smm_brief import on_smm_brief
from bot.slack.listeners.commands.smm_feedback import on_smm_feedback
from bot.slack.listeners.commands.smm_task import on_smm_task
from bot.slack.listeners.events.app_home_opened import on_app_home_opened
from bot.slack.listeners.events.message import on_message
from bot.slack.listeners.views.checkin_form import on_checkin_form
from bot.slack.listeners.views.feedback_form import on_feedback_form
from bot.slack.listeners.views.question_editor import on_questions_form
from bot.slack.listeners.views.vk_link import on_vk_link_form


def register(app: AsyncApp) -> None:
    app.event("message")(on_message)
    app.event("app_home_opened")(on_app_home_opened)

    app.command("/smm-task")(on_smm_task)
    app.command("/smm-feedback")(on_smm_feedback)
    app.command("/smm-brief")(on_smm_brief)

    app.action(ids.OPEN_FORM)(on_open_checkin_form)
    app.action(ids.THREAT_RESOLVE)(on_threat_button)
    app.action(ids.THREAT_DISMISS)(on_threat_button)
    app.action(ids.TASK_DONE)(on_task_button)
    app.action(ids.TASK_CANT)(on_task_button)
    app.action(ids.POST_START)(on_post_button)
    app.action(ids.POST_DISMISS)(on_post_button)
    app.action(ids.FEEDBACK_TAKE)(on_feedback_button)
    app.action(ids.FEEDBACK_DONE)(on_feedback_button)
    for choice in Vote:
        app.action(f"{ids.QUESTION_VOTE}{choice}")(on_question_vote)
    app.action(ids.QUESTION_CLOSE)(on_question_close)
    for department in Department:
        app.action(f"{ids.QUESTIONS_EDIT}{department}")(on_edit_questions)

    app.view(ids.FORM_VIEW)(on_checkin_form)
    app.view(ids.FEEDBACK_FORM)(on_feedback_form)
    app.view(ids.QUESTIONS_VIEW)(on_questions_form)
    app.action(ids.VK_LINK)(on_vk_link)
    app.view(ids.VK_LINK_VIEW)(on_vk_link_form)
