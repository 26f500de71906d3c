"""Build the :class:`~osa_toolkit.report.model.Report` of a record, section by section.

The sections follow Ofcom's record-keeping template for the illegal content risk assessment: key
information, document history, scope and children's access, Step 1 (risk factors), Step 2 (risk
levels per kind of illegal content), Step 3 (measures), Step 4 (review), then the disclaimer. Every
value comes from the record itself (plus the optional ``history`` rows), so two renders of one record
are identical.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.core.assessments.illegal_content import DISCLAIMER
from osa_toolkit.core.errors import invalid
from osa_toolkit.core.method.weights import method_title
from osa_toolkit.core.record import AssessmentRecord
from osa_toolkit.report import steps
from osa_toolkit.report.evidence_annex import evidence_annex
from osa_toolkit.report.model import (
    Block,
    Bullets,
    Fields,
    Para,
    Report,
    Section,
    Sub,
    Table,
)
from osa_toolkit.report.words import (
    HISTORY_KEYS,
    NOT_RECORDED,
    profile_value,
    text,
    tri,
)


def build_report(record: AssessmentRecord, history: Sequence[Mapping[str, Any]] | None) -> Report:
    """The whole report of ``record`` (with ``history`` rows, oldest first, if given).

    Children's risk and age-assurance records have their own sections (``children_markdown``).
    """
    if not isinstance(record, AssessmentRecord):
        from osa_toolkit.report.children_markdown import children_report

        return children_report(record)
    if history is not None and not all(isinstance(h, Mapping) for h in history):
        raise invalid("history", "a list of mappings (one per version) or None", history)
    sections = (
        Section("key-information", "Key information", _key_information(record)),
        Section("document-history", "Document history", _history(history)),
        Section("scope", "Scope and children's access", _scope(record)),
        Section("step-1", "Step 1: risk factors", steps.risk_factors(record)),
        Section(
            "step-2", "Step 2: risk of each kind of illegal content", steps.risk_levels(record)
        ),
        Section("step-3", "Step 3: measures decided and recorded", steps.measures(record)),
        Section("step-4", "Step 4: report, review and update", steps.review(record)),
    )
    annex = evidence_annex(record.profile, record.edition)
    if annex:
        sections += (Section("evidence-annex", "Evidence annex: the service's own records", annex),)
    sections += (Section("about", "About this record", _about(record)),)
    return Report(
        title=f"Illegal content risk assessment: {record.service_name}",
        subtitle="Written record under the Online Safety Act 2023, section 23. "
        "Indicative result; not legal advice.",
        sections=sections,
    )


def _service_type(record: AssessmentRecord) -> str:
    u2u, search = (
        profile_value(record, "scope", "user_to_user"),
        profile_value(record, "scope", "search_engine"),
    )
    kinds = [k for k, on in (("user-to-user", u2u), ("search", search)) if on is True]
    return " and ".join(kinds) or NOT_RECORDED


def _key_information(r: AssessmentRecord) -> tuple[Block, ...]:
    g = r.governance
    provider = text(profile_value(r, "provider", "name"))
    kind = profile_value(r, "provider", "kind")
    if kind:
        provider += f" ({kind})"
    return (
        Fields(
            (
                ("Service name", r.service_name),
                ("Service id", r.service_id),
                ("Provider", provider),
                ("Service type", _service_type(r)),
                ("Status", text(g.status)),
                (
                    "Guidance edition",
                    r.edition + (f" ({r.edition_reason})" if r.edition_reason else ""),
                ),
                ("Assessment method", method_title(r.method)),
                ("Date assessed", text(r.assessed_on)),
                ("Date completed", text(g.completed_on)),
                ("Next review due", text(g.next_review)),
                ("Reason for review", text(g.reason_for_review)),
                ("Completed by", text(g.completed_by)),
                ("Named person responsible", text(g.responsible_person)),
                ("Approved by", text(g.approved_by)),
                ("Date reported through governance", text(g.reported_on)),
            )
        ),
    )


def _pick(row: Mapping[str, Any], field: str) -> str:
    for key in HISTORY_KEYS[field]:
        if row.get(key) not in (None, ""):
            return text(row[key])
    return NOT_RECORDED


def _history(history: Sequence[Mapping[str, Any]] | None) -> tuple[Block, ...]:
    if not history:
        return (Para("No earlier versions are recorded with this export."),)
    header = ("Version", "Date", "Nature of change", "Completed by", "Approved by")
    rows = tuple(tuple(_pick(h, f) for f in HISTORY_KEYS) for h in history)
    return (Table(header, rows),)


def _scope(r: AssessmentRecord) -> tuple[Block, ...]:
    s = lambda key: profile_value(r, "scope", key)  # noqa: E731
    caa = r.childrens_access
    likely = caa.get("likely_accessed")
    result = {
        True: "likely to be accessed by children",
        False: "not likely to be accessed by children",
    }
    return (
        Fields(
            (
                ("User-to-user service", tri(s("user_to_user"))),
                ("Search service", tri(s("search_engine"))),
                ("Publishes provider pornographic content", tri(s("provider_pornography"))),
                ("UK is a target market", tri(s("uk_target_market"))),
                ("Significant number of UK users", tri(s("significant_uk_users"))),
                (
                    "Material risk of significant harm to UK users",
                    tri(s("uk_material_risk_of_significant_harm")),
                ),
                ("Exemption claimed", text(s("service_exemption"), "none")),
                (
                    "Monthly active UK users",
                    tri(profile_value(r, "users", "uk_monthly_active_users")),
                ),
                (
                    "Monthly active users worldwide",
                    tri(profile_value(r, "users", "total_monthly_active_users")),
                ),
            )
        ),
        Sub(
            "Children's access assessment",
            (
                Fields(
                    (
                        ("Stage 1: possible for children to access", tri(caa.get("possible"))),
                        (
                            "Stage 2: child user condition met",
                            tri(caa.get("child_user_condition")),
                        ),
                        ("Result", result.get(likely, "unknown")),
                        ("Next children's access assessment due", text(caa.get("next_due"))),
                    )
                ),
                Bullets(tuple(str(x) for x in caa.get("reasons", ()))),
            ),
        ),
    )


def _about(r: AssessmentRecord) -> tuple[Block, ...]:
    return (
        Para(DISCLAIMER),
        Fields(
            (
                ("Record produced by", f"osa-toolkit {r.toolkit_version}"),
                ("Exported by", f"osa-toolkit {__version__}"),
                ("Record format", f"{r.kind}, version {r.record_format}"),
            )
        ),
    )
