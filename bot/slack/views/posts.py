"""A new post's prompt in the digest channel: what was posted where, Start quick likes / Not
this one until someone decides, then who did what."""

from __future__ import annotations

from bot.domain.model.networks import PostState, StoredPost
from bot.domain.parsing.links import network_of
from bot.i18n import Language, t
from bot.slack import ids
from bot.slack.kit import Block, Message, Pages, actions, button, context, sections, summary
from bot.slack.mrkdwn import Mrkdwn, clip, link, md

TITLE = 300  # characters of a post's text shown in its prompt


def prompt_message(lang: Language, post: StoredPost) -> Message:
    name = t(lang, f"network.{network_of(post.url)}")
    heading = md(lang, f"post.new.{post.network}")
    lines = [heading, *([clip(post.title, TITLE)] if post.title.strip() else [])]
    lines.append(link(post.url, md(lang, "task.open", network=name)))
    after: list[Block] = []
    if post.state is PostState.TASK:
        key = "post.started.by" if post.handled_by else "post.started"
        after.append(context(md(lang, key, user=post.handled_by or "", id=post.task_id)))
    elif post.state is PostState.DISMISSED:
        after.append(context(md(lang, "post.dismissed", user=post.handled_by or "")))
    else:
        after.append(
            actions(
                button(t(lang, "post.button.start"), ids.POST_START, str(post.id), "primary"),
                button(t(lang, "post.button.dismiss"), ids.POST_DISMISS, str(post.id)),
                block_id=f"post-{post.id}",
            )
        )
    pages = Pages(lang)
    pages.add(*sections(Mrkdwn("\n".join(lines))), *after)
    return pages.message(summary(f"{heading} {clip(post.title, 100)}"))
