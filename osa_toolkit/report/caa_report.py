"""The children's access assessment record (s.36(7)) as report sections, laid out like every record.

>>> STAGE2_WORDS[None]
'not reached'
"""

from __future__ import annotations

from osa_toolkit.core.caa_record import ChildrensAccessRecord
from osa_toolkit.report.model import Bullets, Fields, Para, Report, Section
from osa_toolkit.report.words import text, tri

STAGE2_WORDS = {True: "met", False: "not met", None: "not reached"}


def caa_report(record: ChildrensAccessRecord) -> Report:
    """The sections of a children's access assessment record."""
    from osa_toolkit.report.children_markdown import _about, _governance

    r = record.result
    likely = r.get("likely_accessed")
    key = Fields(
        (
            ("Service", record.service_name),
            ("Assessed on", text(record.assessed_on)),
            (
                "Conclusion",
                "likely to be accessed by children"
                if likely
                else "not likely to be accessed by children",
            ),
            ("Stage 1: possible for children to access", tri(r.get("possible"))),
            ("Stage 2: child user condition", STAGE2_WORDS.get(r.get("child_user_condition"), "")),
            ("Next assessment due by", text(r.get("next_due"))),
            *_governance(record),
        )
    )
    evidence = record.evidence.strip()
    sections = [
        Section("key-information", "Key information", (key,)),
        Section("reasons", "Why", (Bullets(tuple(r.get("reasons") or ("Not recorded.",))),)),
        Section(
            "evidence",
            "Evidence for the conclusion",
            (Para(evidence or "No evidence was written down."),),
        ),
        Section(
            "what-to-record",
            "What to keep on record",
            (Bullets(tuple(r.get("what_to_record") or ())),),
        ),
        Section(
            "repeat",
            "When to repeat it",
            (
                Para(f"By {text(r.get('next_due'))} at the latest, and sooner if:"),
                Bullets(tuple(r.get("repeat_triggers") or ())),
                *((Para(r["deemed_if_not_done"]),) if r.get("deemed_if_not_done") else ()),
            ),
        ),
        _about(record),
    ]
    return Report(
        title=f"Children's access assessment: {record.service_name}",
        subtitle="Written record under the Online Safety Act 2023, section 36. Indicative result; "
        "not legal advice.",
        sections=tuple(sections),
    )
