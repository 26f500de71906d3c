"""The children's risk assessment record and the age-assurance record as Markdown (and HTML).

Each record becomes a :class:`~osa_toolkit.report.model.Report` (sections of fields, tables, bullets),
laid out by the same block renderers as the illegal content record, so escaping and level colours are
the same: user text is made inert in Markdown, and every string is HTML-escaped in the HTML page.

>>> VERDICT_TITLES["cannot_be_highly_effective"]
'Cannot be highly effective'
"""

from __future__ import annotations

from osa_toolkit.core.children_records import AgeAssuranceRecord, ChildrensRiskRecord
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.weights import method_title
from osa_toolkit.core.record import STATUS_WORDS
from osa_toolkit.core.words import CATEGORY_SHORT
from osa_toolkit.report import html as html_render
from osa_toolkit.report import markdown as md_render
from osa_toolkit.report.evidence_annex import evidence_annex
from osa_toolkit.report.model import Bullets, Fields, Level, Para, Report, Section, Sub, Table
from osa_toolkit.report.words import CONFIDENCE_WORDS, text, tri

METHOD_WORDS = {
    "capable": "can be highly effective",
    "never": "never highly effective",
    "unknown": "not in the register",
}
VERDICT_TITLES = {
    "no_method": "No method chosen",
    "cannot_be_highly_effective": "Cannot be highly effective",
    "capable_criteria_not_shown": "Capable; criteria not yet shown",
    "capable_criteria_shown": "Capable; criteria described",
}
KIND_WORDS = {
    "childrens_access": "children's access assessment",
    "childrens_risk": "children's risk assessment",
    "age_assurance": "age assurance",
    "illegal_content": "illegal content risk assessment",
}
ABOUT = (
    "Indicative result from osa-toolkit, with the reasons that produced it. It is not Ofcom's "
    "tool and not legal advice; the provider remains responsible."
)


def _governance(record) -> tuple[tuple[str, str], ...]:
    g = record.governance
    return (
        ("Named person responsible", text(g.responsible_person)),
        ("Completed by", text(g.completed_by)),
        ("Approved by", text(g.approved_by)),
        ("Date completed", text(g.completed_on)),
        ("Next review", text(g.next_review)),
        ("Status", text(g.status)),
    )


def _about(record) -> Section:
    return Section(
        "about",
        "About this record",
        (
            Para(ABOUT),
            Fields(
                (
                    ("Guidance edition", record.edition),
                    ("Toolkit version", record.toolkit_version),
                    ("Record kind", KIND_WORDS.get(record.kind, "assessment record")),
                )
            ),
        ),
    )


def childrens_risk_report(record: ChildrensRiskRecord) -> Report:
    """The sections of a children's risk assessment record."""
    key = Fields(
        (
            ("Service", record.service_name),
            ("Assessed on", text(record.assessed_on)),
            ("Assessment required", tri(record.required)),
            (
                "Likely to be accessed by children",
                tri(record.childrens_access.get("likely_accessed")),
            ),
            (
                "Principal purpose",
                {"none": "neither", **CATEGORY_SHORT}.get(
                    record.principal_purpose, record.principal_purpose
                ),
            ),
            ("Method", method_title(record.method)),
            *_governance(record),
        )
    )
    sections = [
        Section("key-information", "Key information", (key,)),
        Section(
            "reasons",
            "Why a children's risk assessment is (or is not) needed",
            (Bullets(record.reasons),),
        ),
    ]
    if record.required:
        sections += _risk_sections(record)
    annex = evidence_annex(record.profile, record.edition)  # imported moderation records
    if annex:
        sections.append(
            Section("evidence-annex", "Evidence annex: the service's own records", annex)
        )
    sections.append(_about(record))
    return Report(
        title=f"Children's risk assessment: {record.service_name}",
        subtitle="Written record under the Online Safety Act 2023, section 11. Indicative result; "
        "not legal advice.",
        sections=tuple(sections),
    )


def _group_bullets(g) -> Bullets:
    head = f"Ages {g.label}: {g.level}"
    if g.level != g.indicative_level:
        head += f" (indicative {g.indicative_level})"
    reason = (f"Reason for the change: {g.override_reason}",) if g.override_reason else ()
    return Bullets((head, *g.trace, *reason))


def _risk_sections(record: ChildrensRiskRecord) -> list[Section]:
    groups = [g for g in record.age_groups if g.get("present")]
    band_rows = tuple(
        (
            g["label"],
            "yes" if g.get("present") else "no",
            CONFIDENCE_WORDS.get(g["confidence"], g["confidence"]),
        )
        for g in record.age_groups
    )
    header = ("Kind", "Category", "Overall", *(f"Ages {g['label']}" for g in groups))
    rows = tuple(
        (
            k.name,
            CATEGORY_SHORT.get(k.category, k.category),
            Level(k.level),
            *(Level(k.group(g["id"]).level) for g in groups),
        )
        for k in record.kinds
    )
    traces = tuple(Sub(k.name, tuple(_group_bullets(g) for g in k.groups)) for k in record.kinds)
    measures = tuple(
        (m.id, m.title, " ".join(m.why), STATUS_WORDS.get(m.status, m.status))
        for m in record.measures
    )
    return [
        Section(
            "age-groups",
            "Age groups",
            (
                Table(
                    ("Age group", "Uses the service", "Confidence in the band"),
                    band_rows,
                    "age-groups",
                ),
            ),
        ),
        Section(
            "step-2",
            "Risk of each kind of content harmful to children",
            (Table(header, rows, "levels"), *traces),
        ),
        Section(
            "step-3",
            "Protection of Children Code measures",
            (Table(("Measure", "Title", "Why it applies", "Status"), measures, "measures"),),
        ),
        Section(
            "questions",
            "What a regulator would question",
            (Bullets(record.evidence_check or ("Nothing flagged.",)),),
        ),
        Section("notes", "Notes and limits", (Bullets(record.notes),)),
    ]


def age_assurance_report(record: AgeAssuranceRecord) -> Report:
    """The sections of an age-assurance record (with the Part 5 record where it applies)."""
    key = Fields(
        (
            ("Service", record.service_name),
            ("Assessed on", text(record.assessed_on)),
            ("Verdict", VERDICT_TITLES.get(record.verdict, record.verdict)),
            ("Highly effective age assurance needed", tri(record.needs_heaa)),
            ("Part 5 provider pornography", tri(record.part5)),
            *_governance(record),
        )
    )
    methods = tuple(
        (
            m.name,
            METHOD_WORDS.get(m.status, m.status),
            m.reason,
            CONFIDENCE_WORDS.get(m.confidence, m.confidence),
        )
        for m in record.methods
    )
    criteria = tuple(
        (c.label, "met (as described)" if c.status == "met" else "not shown", c.note or "—")
        for c in record.criteria
    )
    sections = [
        Section("key-information", "Key information", (key, Para(record.verdict_sentence))),
        Section(
            "methods",
            "Methods chosen",
            (
                Table(("Method", "Status", "Why", "Source"), methods, "methods")
                if methods
                else Para("No method chosen."),
            ),
        ),
        Section(
            "needed", "Is highly effective age assurance needed?", (Bullets(record.needs_reasons),)
        ),
        Section(
            "criteria",
            "The four criteria",
            (Table(("Criterion", "Status", "Your note"), criteria, "criteria"),),
        ),
    ]
    if record.part5:
        items = tuple(
            (i.label, i.value or "—", "MISSING" if i.missing else "given")
            for i in record.part5_record
        )
        sections.append(
            Section(
                "part5-record",
                "Part 5 record (s.81)",
                (
                    Table(("Item", "What you recorded", "Status"), items, "part5"),
                    Bullets(record.reminders),
                ),
            )
        )
    sections.append(_about(record))
    return Report(
        title=f"Age assurance: {record.service_name}",
        subtitle="Indicative check against Ofcom's highly effective age assurance guidance; not "
        "legal advice.",
        sections=tuple(sections),
    )


NOT_A_RECORD = (
    "The record could not be written out: it is not one of the toolkit's records (illegal "
    "content, children's access, children's risk or age assurance assessment)."
)


def _reports():
    from osa_toolkit.core.caa_record import ChildrensAccessRecord
    from osa_toolkit.report.caa_report import caa_report

    return {
        ChildrensRiskRecord: childrens_risk_report,
        AgeAssuranceRecord: age_assurance_report,
        ChildrensAccessRecord: caa_report,
    }


def children_report(record) -> Report:
    """The report of any record other than the illegal content one (a table by record type)."""
    build = _reports().get(type(record))
    if build is None:
        raise InvalidInputError(NOT_A_RECORD)
    return build(record)


def render_children_markdown(record) -> str:
    """Children's access, children's risk or age-assurance record as Markdown (shared renderer)."""
    children_report(record)  # refuses anything else, in words
    return md_render.render_markdown(record)


def render_children_html(record) -> str:
    """The same sections as one self-contained HTML page; every string is escaped."""
    children_report(record)
    return html_render.render_html(record)
