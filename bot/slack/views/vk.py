"""VK profile links: what `/smm-task link` answers, App Home's section and its modal."""

from __future__ import annotations

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.domain.model.vk import Unlinked
from bot.i18n import Language, t
from bot.slack import ids
from bot.slack.kit import Block, actions, button, header, section
from bot.slack.mrkdwn import Mrkdwn, md

PROFILE_LIMIT = 200  # characters typed in the modal: a profile link is far shorter


def profile_url(vk_id: int) -> str:
    return f"https://vk.com/id{vk_id}"


def link_shown(lang: Language, vk_id: int | None) -> Mrkdwn:
    if vk_id is None:
        return md(lang, "vk.link.none")
    return md(lang, "vk.link.shown", profile=profile_url(vk_id))


def unlinked_dm(lang: Language, vk_id: int, by: str) -> Mrkdwn:
    """The DM telling a person the manager `by` removed their link."""
    return md(lang, "vk.unlinked.dm", profile=profile_url(vk_id), user=by)


def unlinked_for(lang: Language, user: str, unlinked: Unlinked | None) -> Mrkdwn:
    """What a manager who unlinked someone's profile is answered."""
    if unlinked is None:
        return md(lang, "vk.unlink.none_for", user=user)
    key = "vk.unlinked.for" if unlinked.told else "vk.unlinked.for_untold"
    return md(lang, key, user=user, profile=profile_url(unlinked.vk_id))


def home_vk(lang: Language, vk_id: int | None) -> list[Block]:
    """App Home's VK section: the profile linked, and a button to link or change it."""
    label = "vk.home.change" if vk_id is not None else "vk.home.link"
    state = (
        md(lang, "vk.home.linked", profile=profile_url(vk_id))
        if vk_id is not None
        else md(lang, "vk.home.none")
    )
    return [
        header(t(lang, "vk.home.title")),
        section(state),
        actions(button(t(lang, label), ids.VK_LINK, "link")),
    ]


def link_view(lang: Language, vk_id: int | None) -> Block:
    """The modal: a profile link or screen name; emptied, it removes the link."""
    element = PlainTextInputElement(
        action_id=ids.VK_PROFILE,
        max_length=PROFILE_LIMIT,
        initial_value=profile_url(vk_id) if vk_id is not None else None,
        placeholder=t(lang, "vk.modal.placeholder"),
    )
    field: Block = InputBlock(
        block_id=ids.VK_PROFILE,
        label=t(lang, "vk.modal.label"),
        hint=t(lang, "vk.modal.hint"),
        element=element,
        optional=True,
    ).to_dict()
    view: Block = View(
        type="modal",
        callback_id=ids.VK_LINK_VIEW,
        title=t(lang, "vk.modal.title")[:24],
        submit=t(lang, "vk.modal.submit"),
        close=t(lang, "form.cancel"),
        blocks=[field],
    ).to_dict()
    return view
