"""VK as the bot keeps it: the profiles people link (the only personal data from VK that is
stored) and the likes the connector sees on the community's posts."""

from __future__ import annotations

from dataclasses import dataclass


def post_key(owner_id: int, post_id: int) -> str:
    """A wall post as VK names it: `-123_45` (owner, then post), also SeenPost.key for VK."""
    return f"{owner_id}_{post_id}"


@dataclass(frozen=True)
class Unlinked:
    """A person's link a manager removed: the profile it was to, and whether their DM saying
    so went out."""

    vk_id: int
    told: bool


@dataclass(frozen=True)
class VkLike:
    """A like added (or taken back) on a post, by a VK user id."""

    post: str  # post_key
    liker: int
    added: bool
