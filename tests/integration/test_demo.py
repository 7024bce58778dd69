"""`smm-bot demo` as a newcomer runs it: a real process, no tokens, a whole day printed."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
from pathlib import Path

from tests.integration.test_cli import smm_bot
from tests.integration.test_questions import FIRST


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


def environment(tmp_path: Path, dotenv: str = "") -> dict[str, str]:
    # Whatever the machine has configured (here: placeholders) the demo does not read it, but
    # for QUESTIONS_FILE.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env |= {"SLACK_BOT_TOKEN": "xoxb-your-token", "DATABASE_URL": "sqlite:///nowhere/x.db"}
    (tmp_path / ".env").write_text("SLACK_SIGNING_SECRET=change-me\n" + dotenv)
    return env


async def play(tmp_path: Path, *args: str, dotenv: str = "") -> tuple[str, str]:
    env = environment(tmp_path, dotenv)
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
        "▶ 10:31 · A new post on the company's VK page: the bot starts quick likes by itself, "
        "until 10:41",
        "▶ 16:00 · End of the week",
    ):  # fmt: skip
        assert scene in en
    # The check-in in both channels, the answers in their threads.
    # Without a QUESTIONS_FILE, the handbook's five, answered as they always were.
    assert "▶ 09:00 · The bot asks marketing and sales the five standing questions" in en
    for channel in ("#marketing · SMM Pulse", "#sales · SMM Pulse"):
        checkin = one(found, channel, "Daily check-in")
        assert "Daily check-in · Friday, 5 December 2025" in checkin
        assert "5. Which customers threatened" in checkin
    [anna, edited] = [b for h, b in found if h == "#marketing › thread · Anna"]
    assert anna == (
        "1. Our reel got 12,000 views overnight\n"
        "3. Winter sale on boots, 20% off, in 3 days\n"
        "4. New boot colours in two weeks"
    )
    assert "3. Winter sale on boots, 20% off, in 5 days\n" in edited
    assert one(found, "#sales › thread · Boris", "2.").startswith("2. Фокус дня")
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
    # Anna links her VK profile by its link, Boris by his screen name (VK resolves it).
    assert "▶ 09:03 · Anna and Boris link their VK profiles" in en
    assert one(found, "#marketing · Anna", "link") == "/smm-task link https://vk.com/id386100001"
    assert one(found, "#sales · Boris", "link") == "/smm-task link boris.sapogi"
    for heading, profile in (
        ("#marketing · SMM Pulse (only Anna sees this)", "id386100001"),
        ("#sales · SMM Pulse (only Boris sees this)", "id386100002"),
    ):
        assert one(found, heading, "Linked").startswith(f"🔗 Linked: https://vk.com/{profile}.")
    assert not [b for h, b in found if h.endswith("· Oleg") and "link" in b]

    # The briefing: the edited date won, Russian and English answers both read.
    briefing = one(found, "#smm-digest · SMM Pulse", "SMM briefing")
    promotions = briefing.split("Upcoming promotions\n", 1)[1].split("\n", 1)[0]
    assert "in 5 days" in promotions and "in 3 days" not in promotions
    assert "Фокус дня — зимние сапоги" in briefing.split("Today's sales focus\n", 1)[1]
    assert "New boot colours in two weeks — in 14 days" in briefing
    # VK's wall was read back at start: its last post, on Monday, makes the page neglected.
    assert "▶ 10:30 · The morning briefing for the SMM manager: nothing posted on VK since " in en
    assert "since 1 December" in en
    assert section_of(briefing, "Presence") == [
        "• VK: last post 4 days ago — an abandoned page is worse than none"
    ]

    # A post published on VK starts its task by itself: nobody types /smm-task, and the first
    # DM goes out within seconds of the publication (the demo's clock, Slack's ts).
    assert one(found, "VK · Our company", "publishes") == (
        "publishes a post: Winter boots are back in stock: 20% off until Sunday"
    )
    assert not [b for _, b in found if b.startswith("/smm-task http")]
    assert "Quick task #1 · VK · like" in one(found, "#smm-digest · SMM Pulse", "Quick task #1")
    assert "https://vk.com/wall-217000001_2" in one(found, "DM with Anna · SMM Pulse", "[ Done ]")
    [latency] = re.findall(
        r"→ The first DM went out ([0-9.]+) s after the post was published; nobody typed a "
        r"command", en,
    )  # fmt: skip
    assert float(latency) < 5

    # The quick-like task: DMs with buttons; Anna's and Boris's likes on VK turn their DMs
    # green without a click, Oleg only clicks Done; the report at the deadline tells them apart.
    assert "by 10:41" in one(found, "DM with Gleb · SMM Pulse", "[ Done ]  [ Can't ]")
    assert "by 10:41" in one(found, "DM with Gleb · SMM Pulse", "Reminder")  # halfway
    for person in ("Anna", "Boris"):
        assert one(found, f"VK · {person}", "likes") == "❤️ likes the post"
        dm = one(found, f"DM with {person} · SMM Pulse (updated)", "✅")
        assert "✅ Seen on VK: liked in" in dm
        assert not [b for h, b in found if h == f"DM with {person} · {person}"]  # no click
    assert one(found, "DM with Oleg · Oleg", "clicks") == "clicks [Done]"
    oleg = one(found, "DM with Oleg · SMM Pulse (updated)", "✅")
    assert "✅ Done in" in oleg and "Seen on VK" not in oleg
    report = one(found, "#smm-digest · SMM Pulse (updated)", "Report")
    assert "Done in time: 3 of 5" in report
    assert "Seen on VK: 2 of 3 done" in report
    assert "Said done, not seen on VK: @Oleg" in report
    assert "No answer: @Gleb, @Maria (SMM)" in report
    assert "Skipped: @Vera (out of office)" in report

    # The week's stats: the leaderboard for Maria alone, the chart for the channel.
    stats = one(found, "#smm-digest · SMM Pulse (only Maria (SMM) sees this)", "last 7 days")
    assert "@Anna: 100% in time" in stats
    assert "VK: 2 likes seen there, 1 only said done" in stats  # seen vs said
    assert "No VK profile linked (their likes cannot be checked): @Oleg, @Gleb, @Maria" in stats
    assert "Posts by network\n• VK: 2 posts" in stats  # Monday's and today's
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
    assert en_html.count('<div class="network">') == 3  # the post on VK, and two likes
    assert en_html.count('<div class="message">') == len(
        [h for h, _ in found if "SMM Pulse" in h and "(" not in h.split("·")[-1]]
    )

    # In Russian, the whole day is Russian.
    ru_found = messages(ru)
    assert "Вопросы дня" in one(ru_found, "#marketing · SMM Pulse", "Вопросы дня")
    assert "▶ 10:31 · Новый пост на странице компании во ВКонтакте: бот сам запускает" in ru
    ru_briefing = one(ru_found, "#smm-digest · SMM Pulse", "SMM-брифинг")
    assert "через 5 дней" in ru_briefing and "через 3 дня —" not in ru_briefing
    assert section_of(ru_briefing, "Присутствие в соцсетях") == [
        "• ВКонтакте: последний пост был 4 дня назад — заброшенная страница хуже, чем никакой"
    ]
    assert not [b for _, b in ru_found if b.startswith("/smm-task http")]
    [ru_latency] = re.findall(r"→ Первое личное сообщение ушло через ([0-9,]+) с после", ru)
    assert float(ru_latency.replace(",", ".")) < 5
    ru_report = one(ru_found, "#smm-digest · SMM Pulse (обновлено)", "Отчёт")
    assert "Успели: 3 из 5" in ru_report
    assert "Подтверждено во ВКонтакте: 2 из 3" in ru_report
    assert "Отметили «Готово», но во ВКонтакте лайка нет: @Олег" in ru_report
    assert "✅ Лайк во ВКонтакте засчитан" in one(
        ru_found, "личные сообщения: Анна · SMM Pulse (обновлено)", "✅"
    )
    for english in ("Daily check-in", "Report", "Reminder", "Taken by", "The day is over"):
        assert english not in ru
    assert '<html lang="ru">' in ru_html


async def test_the_demo_asks_the_questions_of_the_teams_file(tmp_path: Path) -> None:
    """QUESTIONS_FILE from .env (or --questions): marketing's three questions, one a `date`
    titled "Next webinar", sales' four; each answered by its kind, each section briefed."""
    (tmp_path / "questions.yaml").write_text(FIRST, encoding="utf-8")
    out, _ = await play(tmp_path, "--out", "day.html", dotenv="QUESTIONS_FILE=questions.yaml\n")
    found = messages(out)
    assert "▶ 09:00 · The bot asks marketing and sales the questions each team set" in out
    marketing = one(found, "#marketing · SMM Pulse", "Daily check-in")
    assert "3. When is the next webinar?" in marketing and "4." not in marketing
    sales = one(found, "#sales · SMM Pulse", "Daily check-in")
    assert "3. Which deals close this week?" in sales
    assert "4. Who threatened our reputation?" in sales and "5." not in sales
    # Anna gives the webinar's date, then moves it; Boris the deal and the threat.
    [anna, edited] = [b for h, b in found if h == "#marketing › thread · Anna"]
    assert anna == "1. Our reel got 12,000 views overnight\n3. Webinar on 8 December"
    assert "▶ 09:39 · Anna edits her answer: the webinar moves" in out
    assert edited.endswith("3. Webinar on 10 December (edited)")

    briefing = one(found, "#smm-digest · SMM Pulse", "SMM briefing")
    assert section_of(briefing, "Next webinar") == [
        "• Webinar on 10 December — in 5 days, 10 December · Marketing"
    ]
    assert section_of(briefing, "Deals closing") == [
        "• Договор с «Обувь-Опт» подпишем до конца недели — @Boris, Sales"
    ]
    assert section_of(briefing, "Overnight") == [
        "• Our reel got 12,000 views overnight — @Anna, Marketing"
    ]
    assert "Фокус дня — зимние сапоги" in section_of(briefing, "Today's sales focus")[0]
    assert "Иван П." in section_of(briefing, "Reputation threats")[0]
    assert "Upcoming promotions" not in briefing  # no promotion question asked

    # --questions gives the file too; a bad one stops the demo with one line, as `run` does.
    (tmp_path / "bad.yaml").write_text(FIRST.replace("kind: date", "kind: dat"))
    code, out, err = await smm_bot(
        "demo", "--questions", "bad.yaml", env=environment(tmp_path), cwd=tmp_path
    )
    assert (code, out) == (2, "")
    assert err == (
        "QUESTIONS_FILE: bad.yaml: marketing[3].kind: expected one of news, focus, promotion, "
        "product, threat, date, text, got 'dat'\n"
    )


async def test_an_out_file_that_cannot_be_written_stops_the_demo_before_the_day(
    tmp_path: Path,
) -> None:
    code, out, err = await smm_bot(
        "demo", "--out", "nowhere/day.html", env=environment(tmp_path), cwd=tmp_path
    )
    assert (code, out) == (2, "")  # not a line of the day printed
    where = tmp_path / "nowhere" / "day.html"
    assert err == f"--out: cannot write {where}: No such file or directory\n"


def section_of(briefing: str, heading: str) -> list[str]:
    """The lines under one of the briefing's headings (each item a line starting "• ")."""
    lines = briefing.splitlines()
    start = lines.index(heading) + 1
    return list(itertools.takewhile(lambda line: line.startswith("• "), lines[start:]))


def test_readme_opens_with_the_demo_and_the_tests(repo_root: Path) -> None:
    """The two commands a newcomer copies: the demo this file tests, and what CI runs."""
    block = (repo_root / "README.md").read_text().split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert commands[0].endswith("pip install -e . && .venv/bin/smm-bot demo")
    assert commands[1] == "bash scripts/test"
    assert (repo_root / ".ci" / "run").read_text().strip().endswith("exec bash scripts/test")
