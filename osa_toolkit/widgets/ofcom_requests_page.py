"""A plain page: what Ofcom can ask for, the deadline, who must answer, and what the pack contains.

In the toolkit's own words, each point with the sources it rests on; the text and the sources are data
(``osa_toolkit/data/guides/ofcom_requests.toml``, read by :func:`osa_toolkit.core.compliance.guides.ofcom_requests`). It is a
guide to being ready, not legal advice; the notice itself always says what is wanted and by when.
"""

from __future__ import annotations

import ipywidgets as w

from osa_toolkit.widgets.html_bits import esc


def page_html() -> str:
    """The whole page as HTML (every string escaped; sources numbered in the order cited)."""
    from osa_toolkit.core.compliance.guides import ofcom_requests

    guide = ofcom_requests()
    order = [k for section in guide.sections for p in section.paragraphs for k in p.sources]
    numbers = {key: i for i, key in enumerate(dict.fromkeys(order), start=1)}
    parts = [
        "<h2>What Ofcom can ask and how to answer</h2>",
        "<p>A short guide to Ofcom's information notices, in the toolkit's own words. It is not "
        "legal advice: the notice you receive always says what is wanted and by when.</p>",
    ]
    for section in guide.sections:
        parts.append(f"<h3>{esc(section.title)}</h3>")
        for para in section.paragraphs:
            refs = "".join(f" [{numbers[k]}]" for k in para.sources)
            parts.append(f"<p>{esc(para.text)}{refs}</p>")
    parts.append('<h3>Sources</h3><ol class="osa-sources">')
    for key, n in numbers.items():
        source = guide.sources[key]
        parts.append(
            f'<li value="{n}">{esc(source.title)}: <a href="{esc(source.url)}" target="_blank" '
            f'rel="noopener">{esc(source.url)}</a></li>'
        )
    parts.append("</ol>")
    return "".join(parts)


class OfcomRequestsPage(w.VBox):
    """The page, as a widget the app opens."""

    def __init__(self) -> None:
        self.body = w.HTML(page_html())
        self.body.add_class("osa-ofcom-requests")
        super().__init__([self.body])
        self.add_class("osa-ofcom-requests-page")
