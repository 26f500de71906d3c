"""XSS payloads, and an HTML parser that tells which elements and attributes a page really has.

Every payload that runs sets ``window.__xss`` (so a browser test can tell), and each is also text a
user might really type: all of it must come back as the same text, inert.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

PAYLOADS = {
    "script": "<script>window.__xss=1</script>",
    "img onerror": '"><img src=x onerror="window.__xss=1">',
    "svg onload": "'><svg onload=window.__xss=1>",
    "svg script": "<svg><script>window.__xss=1</script></svg>",
    "javascript url": "javascript:window.__xss=1",
    "link": '<a href="javascript:window.__xss=1">click</a>',
    "iframe": '<iframe src="javascript:window.__xss=1"></iframe>',
    "textarea breakout": "</textarea><script>window.__xss=1</script>",
    "title breakout": "</title><script>window.__xss=1</script>",
    "style breakout": "</style><script>window.__xss=1</script>",
    "details ontoggle": "<details open ontoggle=window.__xss=1>",
    "mxss": "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "comment": "<!--<img src=x onerror=window.__xss=1>-->",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "base": '<base href="javascript:window.__xss=1//">',
    "entities": "&lt;script&gt;window.__xss=1&lt;/script&gt; &amp;",
    "fullwidth": "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "zero width": "<scr\u200bipt>window.__xss=1</scr\u200bipt>",
    "rtl override": "\u202e<script>window.__xss=1</script>",
    "template": "{{constructor.constructor('window.__xss=1')()}} ${window.__xss=1}",
    "markdown link": "[click](javascript:window.__xss=1) ![x](x onerror=window.__xss=1)",
    "backticks": "`<img src=x onerror=window.__xss=1>`",
}
"""Name -> payload."""

ALL = " | ".join(PAYLOADS.values())
"""Every payload in one text (the browser test puts it in one service's fields)."""

DANGEROUS_TAGS = {
    "script",
    "img",
    "svg",
    "iframe",
    "math",
    "details",
    "base",
    "object",
    "embed",
    "textarea",
}


@dataclass
class Page:
    """What an HTML parser found: elements (with their attribute names), attributes, text."""

    tags: Counter = field(default_factory=Counter)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)
    text: str = ""

    def event_handlers(self) -> list[tuple[str, str, str | None]]:
        return [a for a in self.attributes if a[1].lower().startswith("on")]

    def script_urls(self) -> list[tuple[str, str, str | None]]:
        return [
            a
            for a in self.attributes
            if a[2] and a[2].strip().lower().replace("\u200b", "").startswith("javascript:")
        ]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.page.attributes += [(tag, name, value) for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.page.text = "".join(collector._text)
    return collector.page


def assert_inert(hostile: str, plain: str, payload: str, where: str) -> None:
    """``hostile`` (a page with ``payload`` in the user's fields) has exactly the elements and
    attributes of ``plain`` (the same page with plain words), no event handler or script URL, and
    shows the payload as text."""
    page, baseline = parse(hostile), parse(plain)
    extra = page.tags - baseline.tags
    assert not extra, f"{where}: elements that came from the payload: {sorted(extra)}"
    assert not page.event_handlers(), f"{where}: {page.event_handlers()}"
    assert not page.script_urls(), f"{where}: {page.script_urls()}"
    found = {tag for tag, _ in page.tags} & DANGEROUS_TAGS
    assert found <= {tag for tag, _ in baseline.tags}, f"{where}: {found}"
    flat = " ".join(page.text.split())
    assert " ".join(payload.split()) in flat, f"{where}: the payload's text did not survive"
