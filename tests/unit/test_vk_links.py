"""VK links as people type them: a task's wall post, a profile to link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import LinkProfile, UnlinkProfile
from bot.domain.parsing.task_command import parse_task_command
from bot.domain.parsing.vk import profile, wall_post


@pytest.mark.parametrize(
    ("url", "post"),
    [
        ("https://vk.com/wall-123_45", "-123_45"),
        ("https://m.vk.com/wall-123_45?from=feed", "-123_45"),
        ("vk.com/wall-123_45", "-123_45"),
        ("https://vk.ru/club123?w=wall-123_45", "-123_45"),
        ("https://vk.com/wall77_8", "77_8"),
        ("https://vk.com/wall-123_45abc", None),
        ("https://vk.com/club123", None),
        ("https://example.com/wall-123_45", None),
    ],
)
def test_a_wall_post_is_read_from_its_link(url: str, post: str | None) -> None:
    assert wall_post(url) == post


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("https://vk.com/id123", 123),
        ("http://m.vk.com/id123/", 123),
        ("id123", 123),
        ("@durov", "durov"),
        ("https://vk.com/anna.smm?from=profile", "anna.smm"),
        ("vk.com/anna_smm", "anna_smm"),
        ("HTTPS://VK.com/Durov", "Durov"),  # as a phone's keyboard capitalises it
    ],
)
def test_a_profile_is_an_id_or_a_screen_name(typed: str, found: int | str) -> None:
    assert profile(typed) == found


@pytest.mark.parametrize("typed", ["", "id0", "https://vk.com/", "1abc", "anna smm", "<b>", "а"])
def test_anything_else_is_no_profile(typed: str) -> None:
    with pytest.raises(TaskInputError) as error:
        profile(typed)
    assert error.value.key == "vk.error.bad_profile"


def test_link_and_unlink_are_task_subcommands_in_both_languages() -> None:
    window = timedelta(minutes=10)
    assert parse_task_command("link", window) == LinkProfile(None)
    assert parse_task_command("привязать id5", window) == LinkProfile("id5")
    assert parse_task_command("UNLINK", window) == UnlinkProfile()
    assert parse_task_command("отвязать @U0ANNA0001", window) == UnlinkProfile("U0ANNA0001")
    with pytest.raises(TaskInputError, match="unknown_word"):
        parse_task_command("link id5 id6", window)
    with pytest.raises(TaskInputError, match="unknown_word"):
        parse_task_command("отвязать всё", window)
    with pytest.raises(TaskInputError, match="unknown_word"):
        parse_task_command("unlink @U0ANNA0001 @U0BORIS001", window)
