"""A plain page: what Ofcom can ask for, the deadline, who must answer, and what the pack contains.

In the toolkit's own words, each point with the source it rests on (see :data:`SOURCES`). It is a
guide to being ready, not legal advice; the notice itself always says what is wanted and by when.
"""

from __future__ import annotations

import ipywidgets as w

from osa_toolkit.widgets.html_bits import esc

SOURCES = {
    "ofcom-rfi": (
        "Ofcom: responding to Ofcom's requests for information",
        "https://ofcom.org.uk/online-safety/illegal-and-harmful-content/"
        "how-to-comply-with-the-online-safety-act-responding-to-ofcoms-requests-for-information",
    ),
    "s102": (
        "Online Safety Act 2023, section 102 (information notices), as revised",
        "https://crimeline.co.uk/legislationdisplay/?leg=ukpga%2F2023%2F50%2Fsection%2F102%2F2025-09-30",
    ),
    "ofcom-drafts": (
        "Ofcom: online service categorisation, information notices (draft notices first)",
        "https://ofco01mstr8c35fprod.dxcloud.episerver.net/online-safety/illegal-and-harmful-content/"
        "online-service-categorisation-information-notices",
    ),
    "bristows": (
        "Bristows: Ofcom's update on 11 investigations under the Online Safety Act",
        "https://inquisitiveminds.bristows.com/post/102lq98/"
        "ofcom-publishes-update-on-11-investigations-under-the-online-safety-act",
    ),
    "imge": (
        "Express & Star: file-sharing service fined £20,000 (December 2025)",
        "https://www.expressandstar.com/uk-news/2025/12/17/"
        "file-sharing-service-fined-20000-amid-online-safety-act-crackdown",
    ),
}
"""Every source the page cites: a short title and its address."""

SECTIONS: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "What Ofcom can ask for",
        (
            (
                "Ofcom can formally require a service to give it information it needs for its "
                "online safety work. The Act calls such a request an information notice; Ofcom "
                "also calls it a statutory information request. Answering is a legal duty, not a "
                "favour.",
                ("ofcom-rfi", "s102"),
            ),
            (
                "A notice says what information is wanted, why Ofcom wants it, the form and manner "
                "to send it in, when it is due, and what happens if you do not comply.",
                ("s102",),
            ),
            (
                "Ofcom has asked small services for their illegal content risk assessment this "
                "way, and for information about their revenue. Ofcom often sends a notice in draft "
                "first, so you can say if anything in it is unclear or the time is too short.",
                ("bristows", "ofcom-drafts"),
            ),
        ),
    ),
    (
        "The deadline",
        (
            (
                "The deadline is the one written in the notice: a date, or a period counted from "
                "the notice. There is no general number of days in the Act; read the notice.",
                ("s102",),
            ),
            (
                "Ofcom asks for answers that are clear, complete and accurate, and on time. If you "
                "cannot meet the deadline, tell the Ofcom contact named in the notice before it "
                "passes (this is the toolkit's advice: a late answer with no word is the worst case).",
                ("ofcom-rfi",),
            ),
        ),
    ),
    (
        "Who must answer",
        (
            (
                "The notice goes to the provider of the service: the person or organisation that "
                "runs it (for a volunteer forum, often the club or the person who runs it). The "
                "provider must answer, even if a volunteer prepared the records.",
                ("ofcom-rfi", "s102"),
            ),
            (
                "Not answering is itself a breach. Ofcom fined two services £20,000 each for "
                "not giving it their risk assessment or revenue information when asked, one with a "
                "further £100 for each day it went on not answering. People in charge can also "
                "face personal consequences for failures to answer (reported by secondary sources).",
                ("bristows", "imge"),
            ),
        ),
    ),
    (
        "What the compliance pack contains",
        (
            (
                "The 'Prepare the compliance pack' button on the home page makes one zip file: "
                "the current version of each record (illegal content risk assessment, children's "
                "access assessment, children's risk assessment, age assurance) as PDF and as "
                "saved (JSON); every earlier version and when each was saved and approved; the "
                "measures register (each Codes measure, its status, the date it took effect, and "
                "for an alternative how it meets the duty); approvals, governance dates and the "
                "regular compliance reviews; the evidence annex; the scope result; the duty tasks; "
                "and a cover page with the service's and provider's details and a list of every "
                "file with its SHA-256 checksum.",
                (),
            ),
            (
                "Send what the notice asks for, in the form it asks for: the pack is a starting "
                "point, not a reply on its own. It does not hold revenue figures; keep those ready "
                "separately if your service could be asked for them.",
                ("ofcom-rfi",),
            ),
        ),
    ),
)


def page_html() -> str:
    """The whole page as HTML (every string escaped; sources numbered as cited)."""
    order = [key for _, paras in SECTIONS for _, keys in paras for key in keys]
    numbers = {key: i for i, key in enumerate(dict.fromkeys(order), start=1)}
    parts = [
        "<h2>What Ofcom can ask and how to answer</h2>",
        "<p>A short guide to Ofcom's information notices, in the toolkit's own words. It is not "
        "legal advice: the notice you receive always says what is wanted and by when.</p>",
    ]
    for title, paras in SECTIONS:
        parts.append(f"<h3>{esc(title)}</h3>")
        for text, keys in paras:
            refs = "".join(f" [{numbers[k]}]" for k in keys)
            parts.append(f"<p>{esc(text)}{refs}</p>")
    parts.append('<h3>Sources</h3><ol class="osa-sources">')
    for key, n in numbers.items():
        title, url = SOURCES[key]
        parts.append(
            f'<li value="{n}">{esc(title)}: <a href="{esc(url)}" target="_blank" '
            f'rel="noopener">{esc(url)}</a></li>'
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
