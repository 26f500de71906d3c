"""The children's access assessment record (s.36(7)) as a report: the two stages, the result, the
evidence, the governance details. Laid out by the shared renderers (HTML, and PDF from it).

>>> from osa_toolkit.report.caa_report import STAGE_WORDS
>>> STAGE_WORDS[None]
'not known (treated as yes)'
"""

from __future__ import annotations

from osa_toolkit.core.caa_record import ChildrensAccessRecord
from osa_toolkit.core.errors import invalid
from osa_toolkit.report.model import Bullets, Fields, Para, Report, Section
from osa_toolkit.report.words import text

STAGE_WORDS = {True: "yes", False: "no", None: "not known (treated as yes)"}
ABOUT = (
    "Indicative result from osa-toolkit, with the reasons that produced it. It is not Ofcom's tool "
    "and not legal advice; the provider remains responsible."
)


def caa_report(record: ChildrensAccessRecord) -> Report:
    """The sections of a children's access assessment record."""
    if not isinstance(record, ChildrensAccessRecord):
        raise invalid("record", "a children's access assessment record", type(record).__name__)
    r = record.result
    g = record.governance
    key = Fields(
        (
            ("Service", record.service_name),
            ("Assessed on", text(record.assessed_on)),
            (
                "Stage 1: is it possible for children to access the service?",
                STAGE_WORDS[r.get("possible")],
            ),
            (
                "Stage 2: is the child user condition met?",
                STAGE_WORDS[r.get("child_user_condition")],
            ),
            (
                "Conclusion",
                "likely to be accessed by children"
                if r.get("likely_accessed")
                else "not likely to be accessed by children",
            ),
            ("Next assessment due by", text(r.get("next_due"))),
            ("Named person responsible", text(g.responsible_person)),
            ("Completed by", text(g.completed_by)),
            ("Approved by", text(g.approved_by)),
            ("Date completed", text(g.completed_on)),
            ("Status", text(g.status)),
        )
    )
    sections = [
        Section("key-information", "Key information", (key,)),
        Section("reasons", "Reasons", (Bullets(tuple(r.get("reasons") or ("none recorded",))),)),
        Section(
            "evidence",
            "Evidence",
            (Para(record.evidence.strip() or "No evidence text is recorded."),),
        ),
    ]
    if r.get("repeat_triggers"):
        sections.append(
            Section(
                "repeat",
                "When to carry it out again",
                (Bullets(tuple(r["repeat_triggers"])),),
            )
        )
    sections.append(
        Section(
            "about",
            "About this record",
            (
                Para(ABOUT),
                Fields(
                    (
                        ("Guidance edition", record.edition),
                        ("Toolkit version", record.toolkit_version),
                    )
                ),
            ),
        )
    )
    return Report(
        title=f"Children's access assessment: {record.service_name}",
        subtitle="Written record under the Online Safety Act 2023, section 36. Indicative result; "
        "not legal advice.",
        sections=tuple(sections),
    )
