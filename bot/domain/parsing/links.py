"""Links in commands: which social network a link points to, and whether it is a post's."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from bot.domain.model.tasks import Network
from bot.domain.parsing.vk import wall_post

# A link as Slack's mrkdwn writes it (`&` as `&amp;`) takes at most this: it must fit in a
# section (3,000 characters) beside the bot's words, and 2,000 is what browsers reliably open.
MAX_URL = 2000
# A host matches its domain and every subdomain of it, which also covers `www.`, `m.` and
# `mobile.` (`m.vk.com`, `mobile.twitter.com`, `business.facebook.com`).
_NETWORK_DOMAINS: dict[str, Network] = {
    "facebook.com": Network.FACEBOOK,
    "fb.com": Network.FACEBOOK,
    "fb.watch": Network.FACEBOOK,
    "vk.com": Network.VK,
    "vk.ru": Network.VK,
    "vkvideo.ru": Network.VK,
    "instagram.com": Network.INSTAGRAM,
    "t.me": Network.TELEGRAM,
    "telegram.me": Network.TELEGRAM,
    "linkedin.com": Network.LINKEDIN,
    "x.com": Network.X,
    "twitter.com": Network.X,
    "youtube.com": Network.YOUTUBE,
    "youtu.be": Network.YOUTUBE,
    "tiktok.com": Network.TIKTOK,
    "ok.ru": Network.OK,
    "dzen.ru": Network.DZEN,
}

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# A public channel's post, or a private one's (`/c/<id>/<post>`), with its web preview `/s/`.
_TELEGRAM_POST = re.compile(r"/(?:s/)?(?P<channel>c/\d+|\w+)/(?P<post>\d+)/?")
_HOST = re.compile(r"[^\s./:]+(?:\.[^\s./:]+)+")
# A scheme and a slash (`https://…`, `htp:/x`), or a scheme that takes none (`mailto:`,
# `javascript:`): a link. `10:30`, `note:`, `c:/` or `ticket:42` are words.
_LINK = re.compile(r"[a-z][a-z0-9+.-]+:/|(?:mailto|javascript|vbscript|data):", re.IGNORECASE)


def network_of(url: str) -> Network:
    """The social network a link points to; WEB for any other (or unreadable) link.

    A link without a scheme (`vk.com/wall-1_2`) is read as one with it.
    """
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # a bad port or IPv6 literal
        return Network.WEB
    host = (host or "").rstrip(".")
    for domain, network in _NETWORK_DOMAINS.items():
        if host == domain or host.endswith(f".{domain}"):
            return network
    return Network.WEB


def is_link(word: str) -> bool:
    """Whether the word is meant as a link, whatever its scheme (`ftp://…`, `htp:/x` too)."""
    return _LINK.match(word) is not None


def is_post_url(url: str) -> bool:
    """A plain http(s) link to a host: no whitespace, and none of `<`, `>`, `|`, which would
    end or relabel a link in Slack's mrkdwn."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return (
        parts.scheme.casefold() in ("http", "https")
        and host is not None
        and _HOST.fullmatch(host.removesuffix(".")) is not None
        and not any(char.isspace() or char in "<>|" for char in url)
    )


def url_length(url: str) -> int:
    """The link's length in Slack's mrkdwn, where each `&` takes five characters."""
    return len(url) + 4 * url.count("&")


def url_key(url: str) -> str:
    """The link made comparable, so a post seen on its network and the same post typed into
    /smm-task meet: no scheme, fragment or tracking parameters, the host without `www.` or
    `m.`, the path without a trailing slash (`https://m.vk.com/wall-1_2/` = `vk.com/wall-1_2`).
    A VK wall post in any of its forms (`vk.ru/club1?w=wall-1_2`) is the link its connector
    stores, and so is a Telegram post (`telegram.me/s/Acme/5?single` = `t.me/acme/5`)."""
    if (post := wall_post(url)) is not None:
        return f"vk.com/wall{post}"
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = _site(parts.hostname or "")
    except ValueError:
        return url
    if host in _TELEGRAM_HOSTS and (found := _TELEGRAM_POST.fullmatch(parts.path)):
        # Channel names are case-insensitive; `/s/` is the web preview of the same post.
        return f"t.me/{found['channel'].casefold()}/{found['post']}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith("utm_")
        ]
    )
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def site_of(url: str) -> str | None:
    """The link's host as `url_key` compares it (`https://m.blog.example/x` → `blog.example`);
    None when it cannot be read."""
    try:
        return _site(urlsplit(url if "//" in url else f"//{url}").hostname or "") or None
    except ValueError:
        return None


def _site(host: str) -> str:
    host = host.rstrip(".")
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    return host
