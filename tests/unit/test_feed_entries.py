"""What an RSS/Atom item becomes: its key (id, else link; a bare id qualified by the feed),
its link, date and title; parsed by feedparser from bytes, never fetched."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import feedparser

from bot.domain.model.networks import Network, SeenPost
from bot.networks.feeds import Entry, entries

FEED = "https://acme.ru/feed"
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Acme</title><link>https://acme.ru/</link>
<item><title>Newest &amp; best
second line</title><link>https://acme.ru/3</link><guid>https://acme.ru/?p=3</guid>
<pubDate>Thu, 26 Nov 2026 07:00:00 GMT</pubDate></item>
<item><title>A bare guid</title><link>/2</link><guid isPermaLink="false">42</guid></item>
<item><title>No guid</title><link>https://acme.ru/1</link></item>
<item><title>Nothing to tell it by</title></item>
</channel></rss>"""


def parse(body: bytes) -> list[Entry]:
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": FEED})
    return entries(FEED, parsed)


def test_items_are_keyed_by_id_else_link_oldest_first() -> None:
    assert parse(RSS) == [
        Entry(
            "https://acme.ru/1",
            SeenPost(Network.FEED, "https://acme.ru/1", "https://acme.ru/1", None, "No guid"),
        ),
        Entry(  # a relative link resolves against the feed
            f"{FEED}#42",
            SeenPost(Network.FEED, f"{FEED}#42", "https://acme.ru/2", None, "A bare guid"),
        ),
        Entry(
            "https://acme.ru/?p=3",
            SeenPost(
                Network.FEED,
                "https://acme.ru/?p=3",
                "https://acme.ru/3",
                datetime(2026, 11, 26, 7, tzinfo=UTC),
                "Newest & best",
            ),
        ),
    ]


def test_an_atom_entry_without_a_web_link_is_known_but_no_post() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme</title><id>urn:acme</id>
<updated>2026-11-26T07:00:00Z</updated>
<entry><title>Video</title><id>yt:video:abc</id><link href="https://youtu.be/abc"/>
<updated>2026-11-26T06:00:00Z</updated></entry>
<entry><title>Internal</title><id>urn:acme:9</id><link href="mailto:pr@acme.ru"/></entry>
</feed>"""
    assert parse(atom) == [
        Entry("urn:acme:9", None),
        Entry(
            "yt:video:abc",
            SeenPost(
                Network.FEED,
                "yt:video:abc",
                "https://youtu.be/abc",
                datetime(2026, 11, 26, 6, tzinfo=UTC),
                "Video",
            ),
        ),
    ]


def test_a_key_too_long_to_store_is_hashed_the_same_each_time() -> None:
    link = "https://acme.ru/" + "a" * 300
    rss = RSS.replace(b"https://acme.ru/1", link.encode())
    first, again = parse(rss)[0], parse(rss)[0]
    assert first.key == again.key and first.key.startswith("sha256:") and len(first.key) <= 255
    assert first.post is not None and first.post.url == link


ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><id>https://acme.ru/?p=1</id>
<title type="html"><![CDATA[Tom &#038; Jerry&#8217;s <em>spring</em> sale]]></title>
<link rel="alternate" href="https://acme.ru/spring-sale/"/></entry>
<entry><id>https://acme.ru/?p=2</id><title type="text">a &lt;b&gt; is no tag</title>
<link rel="alternate" href="https://acme.ru/b/"/></entry>
</feed>"""


def test_an_html_title_is_kept_as_the_text_it_reads_and_a_text_one_as_it_is() -> None:
    """WordPress's Atom feed sends its titles as HTML, entities and tags."""
    titles = [entry.post.title for entry in parse(ATOM) if entry.post is not None]
    assert titles == ["a <b> is no tag", "Tom & Jerry’s spring sale"]
