"""Escaping and cutting mrkdwn, and the demo's transcript showing escaped text as people read
it."""

from __future__ import annotations

import pytest

from bot.simulator.transcript import Entry, Kind, Transcript
from bot.simulator.web_api import FakeSlack
from bot.slack.mrkdwn import Mrkdwn, escape, fit, md, split


def test_escape_and_md_escape_only_what_people_typed() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert escape(escape("a < b")) == "a &lt; b"  # mrkdwn already: not escaped twice
    assert md("en", "form.echo", user="U1", text="<!here> 2 > 1") == (
        "Answer from <@U1>, sent through the form:\n&lt;!here&gt; 2 &gt; 1"
    )


@pytest.mark.parametrize("limit", [5, 6, 7, 8, 9, 10, 11])
def test_fit_never_cuts_an_entity(limit: int) -> None:
    fitted = fit("ab&<>cd", limit)
    assert len(fitted) <= limit and fitted.endswith("…")
    assert fitted.removesuffix("…") in "ab&amp;&lt;&gt;cd"
    assert not fitted.removesuffix("…").endswith(("&", "&a", "&am", "&amp", "&l", "&lt"))


def test_split_cuts_at_line_breaks_spaces_and_never_inside_an_entity() -> None:
    text = Mrkdwn("a" * 2990 + " <@U0VICTIM01> " + "b" * 100)
    pieces = split(text, 3000)
    assert pieces[0] == "a" * 2990 and pieces[1].startswith("<@U0VICTIM01>")
    long = Mrkdwn("line\n" * 2000)
    assert all(len(piece) <= 3000 for piece in split(long, 3000))
    assert "\n".join(split(long, 3000)) == long  # only the line breaks cut at are gone


def test_the_transcript_shows_escaped_text_as_people_read_it() -> None:
    transcript = Transcript(FakeSlack(), "en", lambda line: None)
    text = "a &lt;!here&gt; &amp; <https://x.com/?a=1&amp;b=2|VK>"
    transcript.add(Entry(Kind.MESSAGE, text, "C0DIGEST01"))
    assert transcript.render(transcript.entries[0]).endswith(
        "│ a <!here> & VK (https://x.com/?a=1&b=2)"
    )
    page = transcript.html()
    assert 'a &lt;!here&gt; &amp; <a href="https://x.com/?a=1&amp;b=2">VK</a>' in page
