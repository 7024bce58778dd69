"""`smm-bot demo` as a newcomer runs it: a real process, no tokens, a whole day printed."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.integration.test_cli import smm_bot


def messages(output: str) -> list[tuple[str, str]]:
    """The printed messages as (heading, body) pairs."""
    found = []
    for chunk in output.split("┌ ")[1:]:
        heading, _, rest = chunk.partition("\n")
        body = "\n".join(
            line.removeprefix("│ ") for line in rest.splitlines() if line.startswith("│")
        )
        found.append((heading, body))
    return found


def one(found: list[tuple[str, str]], heading: str, needle: str) -> str:
    [body] = [b for h, b in found if h == heading and needle in b]
    return body


async def play(tmp_path: Path, *args: str) -> tuple[str, str]:
    # Whatever the machine has configured (here: placeholders) the demo does not read it.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env |= {"SLACK_BOT_TOKEN": "xoxb-your-token", "DATABASE_URL": "sqlite:///nowhere/x.db"}
    (tmp_path / ".env").write_text("SLACK_SIGNING_SECRET=change-me\n")
    code, out, err = await smm_bot("demo", *args, env=env, cwd=tmp_path, timeout=120)
    assert code == 0, err
    assert "Traceback" not in err and "ERROR" not in err, err
    return out, (tmp_path / "day.html").read_text(encoding="utf-8")


async def test_demo_plays_a_whole_day_in_english_and_in_russian(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "ru").mkdir()
    (en, en_html), (ru, ru_html) = await asyncio.gather(
        play(tmp_path / "en", "--out", "day.html"),
        play(tmp_path / "ru", "--lang", "ru", "--out", "day.html"),
    )
    found = messages(en)

    # The day is staged on a Friday, whatever the machine's date: each scene at its time.
    for scene in (
        "▶ 09:00 · The bot asks", "▶ 10:00 · A reminder", "▶ 10:30 · The morning briefing",
        "▶ 10:31 · A new post: Maria asks everyone to like it by 10:41",
        "▶ 16:00 · End of the week",
    ):  # fmt: skip
        assert scene in en
    # The check-in in both channels, the answers in their threads.
    for channel in ("#marketing · SMM Pulse", "#sales · SMM Pulse"):
        checkin = one(found, channel, "Daily check-in")
        assert "Daily check-in · Friday, 5 December 2025" in checkin
        assert "5. Which customers threatened" in checkin
    assert "Иван П." in one(found, "#sales › thread · Boris", "5.")
    # The threat is alerted at once, and the retried event alerts nobody again.
    threats = [b for h, b in found if h.startswith("#smm-digest") and "Иван П." in b]
    assert len([b for b in threats if "Reputation threat from Sales" in b]) == 1
    assert "→ Delivered again: stored once, no second alert" in en
    # An unnumbered reply gets a hint that only its author sees.
    assert "number" in one(found, "#sales › thread · SMM Pulse (only Gleb sees this)", "")
    # The reminder names who has not answered, not who is on vacation.
    reminder = one(found, "#marketing › thread · SMM Pulse", "reminder")
    assert "@Oleg" in reminder and "@Vera" not in reminder and "@Anna" not in reminder
    assert not [b for h, b in found if h == "#sales › thread · SMM Pulse"]  # all answered

    # The briefing: the edited date won, Russian and English answers both read.
    briefing = one(found, "#smm-digest · SMM Pulse", "SMM briefing")
    promotions = briefing.split("Upcoming promotions\n", 1)[1].split("\n", 1)[0]
    assert "in 5 days" in promotions and "in 3 days" not in promotions
    assert "Фокус дня — зимние сапоги" in briefing.split("Today's sales focus\n", 1)[1]
    assert "New boot colours in two weeks — in 14 days" in briefing

    # The quick-like task: DMs with buttons, clicks, and the report at the deadline.
    assert "by 10:41" in one(found, "DM with Gleb · SMM Pulse", "[ Done ]  [ Can't ]")
    assert "by 10:41" in one(found, "DM with Gleb · SMM Pulse", "Reminder")  # halfway
    report = one(found, "#smm-digest · SMM Pulse (updated)", "Report")
    assert "Done in time: 2 of 5" in report
    assert "Can't: @Oleg" in report and "No answer: @Gleb" in report
    assert "Skipped: @Vera (out of office)" in report

    # The week's stats: the leaderboard for Maria alone, the chart for the channel.
    stats = one(found, "#smm-digest · SMM Pulse (only Maria (SMM) sees this)", "last 7 days")
    assert "@Anna: 100% in time" in stats
    assert "No department: 0% in time (0 of 1)" in stats  # Maria: the chart's third panel
    [chart] = [b for h, b in found if h == "#smm-digest · SMM Pulse" and "📎" in b]
    assert "Quick tasks done in time" in chart and "PNG" in chart
    assert en_html.count('src="data:image/png;base64,iVBORw0KGgo') == 3  # and the roll-ups'

    # Feedback reaches both departments; Anna takes it, every copy shows it.
    for channel in ("#marketing", "#sales"):
        assert "boots came two weeks late" in one(found, f"{channel} · SMM Pulse", "Complaint from")
        assert "Taken by @Anna" in one(found, f"{channel} · SMM Pulse (updated)", "Taken by")
    # The week's voice of the customer, with the chart, in both departments.
    for channel in ("#marketing", "#sales"):
        rollup = one(found, f"{channel} · SMM Pulse", "Voice of the customer")
        assert "week to Friday, 5 December 2025" in rollup and "Complaint: 1" in rollup
        assert "Quick tasks done in time" in one(found, f"{channel} · SMM Pulse", "📎")
    assert "The day is over" in en

    assert '<html lang="en">' in en_html and "<b>SMM briefing" in en_html
    assert en_html.count('<div class="message">') == len(
        [h for h, _ in found if "SMM Pulse" in h and "(" not in h.split("·")[-1]]
    )

    # In Russian, the whole day is Russian.
    ru_found = messages(ru)
    assert "Вопросы дня" in one(ru_found, "#marketing · SMM Pulse", "Вопросы дня")
    assert "▶ 10:31 · Новый пост: Мария просит всех лайкнуть его до 10:41" in ru
    ru_briefing = one(ru_found, "#smm-digest · SMM Pulse", "SMM-брифинг")
    assert "через 5 дней" in ru_briefing and "через 3 дня —" not in ru_briefing
    assert "Успели: 2 из 5" in one(ru_found, "#smm-digest · SMM Pulse (обновлено)", "Отчёт")
    for english in ("Daily check-in", "Report", "Reminder", "Taken by", "The day is over"):
        assert english not in ru
    assert '<html lang="ru">' in ru_html


def test_readme_opens_with_the_demo_and_the_tests(repo_root: Path) -> None:
    """The two commands a newcomer copies: the demo this file tests, and what CI runs."""
    block = (repo_root / "README.md").read_text().split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert commands[0].endswith("pip install -e . && .venv/bin/smm-bot demo")
    assert commands[1] == "bash scripts/test"
    assert (repo_root / ".ci" / "run").read_text().strip().endswith("exec bash scripts/test")
