"""The compliance pack: what a request from Ofcom for the risk assessment would need, in one zip.

This module decides what goes in, under which names, and what the cover page says; it never renders
a PDF or writes a file (:mod:`osa_toolkit.report.pack_zip` does). The same store content always gives
the same plan: every date in it comes from the store (the pack is "as of" the latest thing saved), and
files are listed in a fixed order.

The flow: :func:`plan_pack` returns the files whose bytes are known (JSON, CSV, Markdown) and the
records to print as PDF; the shell renders those; :func:`finish_pack` then adds ``contents.json`` and
``SHA256SUMS`` (the SHA-256 of every other file) and the :class:`Cover` data, which the shell lays out
as ``00-cover.html`` and ``00-cover.pdf``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.core.compliance.duties import duty_tasks, levels_from_record
from osa_toolkit.core.compliance.measures_register import (
    register_csv,
    register_json,
    register_lines,
)
from osa_toolkit.core.compliance.retention import KIND_NAMES, retention_why
from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.method.evidence_words import EVIDENCE_WORDS as HARM_EVIDENCE_WORDS
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.record_kinds import record_from_document
from osa_toolkit.core.scope import check_scope

KIND_ORDER = ("illegal_content", "childrens_access", "childrens_risk", "age_assurance")
KIND_FOLDERS = {
    "illegal_content": "illegal-content-risk-assessment",
    "childrens_access": "childrens-access-assessment",
    "childrens_risk": "childrens-risk-assessment",
    "age_assurance": "age-assurance",
}
UNLISTED = ("00-cover.html", "00-cover.pdf", "contents.json", "SHA256SUMS")
"""The files that hold or carry the contents list, so are not in it themselves."""
DISCLAIMER = (
    "Prepared with osa-toolkit. Its results are indicative, with the reasons that produced them; it "
    "is not Ofcom's tool and not legal advice. The provider remains responsible for its records."
)
EVIDENCE_WORDS = {
    **HARM_EVIDENCE_WORDS,  # one notion of evidence for a harm (core.evidence_words)
    "met": "described",
    "not_shown": "not yet shown",
}
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
"""The earliest time a zip file can record; a pack is never dated before it."""


@dataclass(frozen=True)
class PdfJob:
    """A record to print as PDF: the record model, its document history rows and its kind."""

    kind: str
    record: Any
    history: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class PackFile:
    path: str
    what: str
    data: bytes | None = None  # None until the shell renders ``pdf``
    pdf: PdfJob | None = None


@dataclass(frozen=True)
class PackPlan:
    service_id: str
    service_name: str
    as_of: dt.datetime
    files: tuple[PackFile, ...]
    service_details: tuple[tuple[str, str], ...]
    provider_details: tuple[tuple[str, str], ...]
    records: tuple[tuple[str, str], ...]  # (record name, "version N saved D, approved by X")
    missing: tuple[str, ...]  # record kinds with no saved version


@dataclass(frozen=True)
class ContentsRow:
    path: str
    what: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Cover:
    """Everything the cover page says, in order."""

    title: str
    subtitle: str
    intro: tuple[str, ...]
    service_details: tuple[tuple[str, str], ...]
    provider_details: tuple[tuple[str, str], ...]
    records: tuple[tuple[str, str], ...]
    missing: tuple[str, ...]
    contents: tuple[ContentsRow, ...]
    how_to_check: str
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True)
class PackSource:
    """What the store holds about one service (each item read by attribute, as the store gives it)."""

    service_id: str
    versions: tuple[Any, ...]  # every stored version of every kind
    approvals: Mapping[int, tuple[Any, ...]] = field(default_factory=dict)  # by record_id
    deletions: tuple[Any, ...] = ()
    compliance_reviews: tuple[Any, ...] = ()
    duties_done: tuple[Any, ...] = ()


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _day(value: dt.date | dt.datetime | None) -> str:
    return "not recorded" if value is None else f"{value:%-d %B %Y}"


def pack_as_of(source: PackSource) -> dt.datetime:
    """The time of the latest thing saved for the service: the moment the pack describes."""
    times = [v.created_at for v in source.versions]
    times += [a.approved_at for group in source.approvals.values() for a in group]
    times += [d.deleted_at for d in source.deletions]
    times += [r.recorded_at for r in source.compliance_reviews]
    times += [d.recorded_at for d in source.duties_done]
    return max([EPOCH, *(t.astimezone(dt.UTC) for t in times)])


def history_rows(versions: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """Document-history rows (version, date, change, completed by, approved by), oldest first."""
    rows = []
    for v in versions:
        gov = v.document.get("governance") if isinstance(v.document, dict) else None
        gov = gov if isinstance(gov, dict) else {}
        rows.append(
            {
                "version": v.version,
                "date": v.created_at.date().isoformat(),
                "change": v.note or ("created" if v.version == 1 else "updated"),
                "completed_by": gov.get("completed_by", ""),
                "approved_by": v.approved_by or gov.get("approved_by", ""),
            }
        )
    return tuple(rows)


def _version_entry(v: Any, approvals: Sequence[Any], current: bool) -> dict[str, Any]:
    return {
        "version": v.version,
        "record_id": v.record_id,
        "current": current,
        "saved_at": _iso(v.created_at),
        "edition": v.edition,
        "toolkit_version": v.toolkit_version,
        "change": v.note or ("created" if v.version == 1 else "updated"),
        "next_review": _iso(v.next_review),
        "sha256_of_saved_document": v.sha256,
        "approvals": [
            {"approved_by": a.approved_by, "approved_at": _iso(a.approved_at), "note": a.note}
            for a in approvals
        ],
        "file": None if current else f"versions/v{v.version}.json",
    }


def _governance(kind: str, record: Any, approvals: Sequence[Any]) -> dict[str, Any]:
    g = record.governance
    return {
        "record": KIND_NAMES[kind],
        "named_person_responsible": g.responsible_person,
        "completed_by": g.completed_by,
        "approved_by_in_record": g.approved_by,
        "completed_on": _iso(g.completed_on),
        "findings_reported_through_governance_on": _iso(g.reported_on),
        "next_review": _iso(g.next_review),
        "reason_for_review": g.reason_for_review,
        "status": g.status,
        "approvals_in_the_store": [
            {"approved_by": a.approved_by, "approved_at": _iso(a.approved_at), "note": a.note}
            for a in approvals
        ],
    }


def _evidence(kind: str, record: Any) -> list[dict[str, str]]:
    """Every evidence statement a record holds, with what it is about, in the record's order."""
    found: list[dict[str, str]] = []

    def add(about: str, status: str, *texts: tuple[str, str]) -> None:
        for label, value in texts:
            if value and value.strip():
                found.append({"about": about, "status": status, "what": label, "text": value})
        if status and not any(v and v.strip() for _, v in texts):
            found.append({"about": about, "status": status, "what": "", "text": ""})

    if kind == "illegal_content":
        for h in record.harms:
            add(
                h.name,
                h.evidence_status,
                ("Evidence", h.evidence_note),
                ("Reason the level was changed", h.override_reason),
            )
    elif kind == "childrens_risk":
        for k in record.kinds:
            for g in k.groups:
                add(
                    f"{k.name}, {g.label}",
                    g.evidence_status,
                    ("Evidence", g.override_evidence),
                    ("Reason the level was changed", g.override_reason),
                )
    elif kind == "childrens_access":
        add("Children's access assessment", "", ("Evidence", record.evidence))
    elif kind == "age_assurance":
        for c in record.criteria:
            add(c.label, c.status, ("How it is met", c.note))
    return found


_MD_SPECIAL = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        **{c: "\\" + c for c in "\\`*_[]#|!"},
    }
)


def _md(text: str) -> str:
    """User text made inert in Markdown: no HTML, links, emphasis or tables can come from it.

    >>> print(_md("<b>*x*</b> [a](b)"))
    &lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\](b)
    """
    return " ".join(text.translate(_MD_SPECIAL).split())


def _evidence_markdown(entries: Mapping[str, list[dict[str, str]]]) -> str:
    lines = [
        "# Evidence annex",
        "",
        "The evidence each current record holds, as the assessor wrote it. An entry without text "
        "shows only the evidence status the record gives.",
        "",
    ]
    for kind, items in entries.items():
        lines += [f"## {KIND_NAMES[kind][:1].upper()}{KIND_NAMES[kind][1:]}", ""]
        if not items:
            lines += ["No evidence is recorded in this record.", ""]
        for item in items:
            status = f" (evidence: {EVIDENCE_WORDS.get(item['status'], item['status'])})"
            status = status if item["status"] else ""
            text = f" {item['what']}: {_md(item['text'])}" if item["text"] else ""
            lines.append(f"- **{_md(item['about'])}**{status}.{text}")
        lines.append("")
    return "\n".join(lines)


def _details(profile: Mapping[str, Any]) -> tuple[tuple[tuple[str, str], ...], ...]:
    service = profile.get("service") or {}
    provider = profile.get("provider") or {}
    users = profile.get("users") or {}
    uk = users.get("uk_monthly_active_users")
    service_rows = (
        ("Name", str(service.get("name") or "not recorded")),
        ("Address (URL)", str(service.get("url") or "not recorded")),
        ("Description", str(service.get("description") or "not recorded")),
        ("Software", str(service.get("software") or "not recorded")),
        ("Available to UK users since", str(service.get("started_on") or "not recorded")),
        ("Monthly active UK users", f"{uk:,}" if isinstance(uk, int) else "not recorded"),
    )
    provider_rows = (
        ("Provider", str(provider.get("name") or "not recorded")),
        ("Kind of provider", str(provider.get("kind") or "not recorded")),
    )
    return service_rows, provider_rows


def plan_pack(source: PackSource, registers: Any) -> PackPlan:
    """Decide every file of the pack for ``source`` (``registers``: the edition to check scope and
    duties with). Refuses with one sentence if the service has no saved record."""
    if not source.versions:
        raise RecordError(
            f"The service {source.service_id!r} has no saved record, so there is nothing to put in a "
            "compliance pack; save an assessment first."
        )
    as_of = pack_as_of(source)
    by_kind: dict[str, list[Any]] = {}
    for v in sorted(source.versions, key=lambda v: (v.kind, v.version)):
        by_kind.setdefault(v.kind, []).append(v)
    kinds = [k for k in KIND_ORDER if k in by_kind]
    current = {k: by_kind[k][-1] for k in kinds}
    models = {
        k: record_from_document(k, v.document, source=f"record {v.record_id}")
        for k, v in current.items()
    }
    profile_doc = dict(models[kinds[0]].profile)
    if "illegal_content" in models:
        profile_doc = dict(models["illegal_content"].profile)
    profile = parse_profile(profile_doc, source=f"the profile saved with {source.service_id!r}")
    service_name = current[kinds[0]].service_name
    files: list[PackFile] = []
    records_summary = []
    governance = {}
    evidence = {}
    for kind in kinds:
        folder = f"records/{KIND_FOLDERS[kind]}"
        versions = by_kind[kind]
        latest = current[kind]
        approvals = tuple(source.approvals.get(latest.record_id, ()))
        files.append(
            PackFile(
                f"{folder}/current.pdf",
                f"The {KIND_NAMES[kind]}, version {latest.version}, as a printable record",
                pdf=PdfJob(kind, models[kind], history_rows(versions)),
            )
        )
        files.append(
            PackFile(
                f"{folder}/current.json",
                f"The {KIND_NAMES[kind]}, version {latest.version}, as saved (JSON)",
                _json(latest.document),
            )
        )
        deleted = [d for d in source.deletions if d.kind == kind]
        history = {
            "record": KIND_NAMES[kind],
            "versions": [
                _version_entry(v, source.approvals.get(v.record_id, ()), v is latest)
                for v in versions
            ],
            "deleted_versions": [
                {
                    "version": d.version,
                    "sha256_of_saved_document": d.sha256,
                    "deleted_at": _iso(d.deleted_at),
                    "deleted_by": d.deleted_by,
                    "reason": d.reason,
                }
                for d in deleted
            ],
            "retention": retention_why(),
        }
        files.append(
            PackFile(
                f"{folder}/history.json",
                f"Every version of the {KIND_NAMES[kind]}: when saved, approvals, changes",
                _json(history),
            )
        )
        for v in versions[:-1]:
            files.append(
                PackFile(
                    f"{folder}/versions/v{v.version}.json",
                    f"The {KIND_NAMES[kind]}, superseded version {v.version} (JSON)",
                    _json(v.document),
                )
            )
        approved = approvals[-1].approved_by if approvals else ""
        records_summary.append(
            (
                KIND_NAMES[kind][:1].upper() + KIND_NAMES[kind][1:],
                f"version {latest.version} of {_day(latest.created_at)}"
                + (f", approved by {approved}" if approved else ", not approved in the store")
                + (f"; next review by {_day(latest.next_review)}" if latest.next_review else ""),
            )
        )
        governance[kind] = _governance(kind, models[kind], approvals)
        evidence[kind] = _evidence(kind, models[kind])

    measured = [
        (k, current[k].version, models[k].measures)
        for k in ("illegal_content", "childrens_risk")
        if k in models
    ]
    lines = register_lines(measured)
    files.append(
        PackFile(
            "measures-register.csv",
            "The measures register: each Codes measure, status, date of effect, alternatives",
            register_csv(lines).encode("utf-8"),
        )
    )
    files.append(
        PackFile(
            "measures-register.json", "The measures register (JSON)", register_json(lines).encode()
        )
    )
    reviews = [
        {
            "reviewed_on": _iso(r.reviewed_on),
            "reviewed_by": r.reviewed_by,
            "findings": r.findings,
            "next_review": _iso(r.next_review),
            "recorded_at": _iso(r.recorded_at),
        }
        for r in source.compliance_reviews
    ]
    files.append(
        PackFile(
            "governance.json",
            "Approvals and governance dates of each record, and the regular compliance reviews",
            _json(
                {
                    "records": [governance[k] for k in kinds],
                    "compliance_reviews": reviews,
                    "compliance_reviews_note": (
                        "The regular review of compliance (s.23(6)) is recorded apart from each "
                        "risk assessment's own review date."
                    ),
                }
            ),
        )
    )
    files.append(
        PackFile(
            "evidence/evidence-annex.md",
            "Evidence annex: the evidence each current record holds",
            _evidence_markdown(evidence).encode("utf-8"),
        )
    )
    files.append(
        PackFile(
            "evidence/evidence-annex.json",
            "Evidence annex (JSON)",
            _json({KIND_NAMES[k]: evidence[k] for k in kinds}),
        )
    )
    day = as_of.date()
    scope = check_scope(profile, registers, today=day)
    files.append(
        PackFile(
            "scope/scope-result.json",
            f"Scope: whether and how the Act applies, checked on {day.isoformat()} "
            f"(edition {registers.edition.id})",
            _json({"service": service_name, **scope.to_dict()}),
        )
    )
    levels = (
        levels_from_record(current["illegal_content"].document)
        if "illegal_content" in current
        else {}
    )
    tasks = duty_tasks(profile, registers, day, done=source.duties_done, levels=levels, scope=scope)
    files.append(
        PackFile(
            "duties/duty-tasks.json",
            f"The duties tracked as tasks, as they stood on {day.isoformat()}",
            _json(
                {
                    "as_of": day.isoformat(),
                    "tasks": [t.to_dict() for t in tasks],
                    "done_log": [
                        {
                            "duty": d.duty_id,
                            "done_on": _iso(d.done_on),
                            "done_by": d.done_by,
                            "note": d.note,
                            "recorded_at": _iso(d.recorded_at),
                        }
                        for d in source.duties_done
                    ],
                }
            ),
        )
    )
    service_rows, provider_rows = _details(profile_doc)
    return PackPlan(
        service_id=source.service_id,
        service_name=service_name,
        as_of=as_of,
        files=tuple(files),
        service_details=service_rows,
        provider_details=provider_rows,
        records=tuple(records_summary),
        missing=tuple(KIND_NAMES[k] for k in KIND_ORDER if k not in by_kind),
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def finish_pack(
    plan: PackPlan, rendered: Mapping[str, bytes]
) -> tuple[tuple[PackFile, ...], Cover]:
    """The complete files (``rendered`` fills each PDF by path) plus ``contents.json`` and
    ``SHA256SUMS``, and the cover page's data. Refuses if a PDF is missing."""
    complete = []
    for f in plan.files:
        data = f.data if f.data is not None else rendered.get(f.path)
        if data is None:
            raise RecordError(f"The pack file {f.path} was not rendered, so no pack was written.")
        complete.append(PackFile(f.path, f.what, data))
    rows = tuple(ContentsRow(f.path, f.what, len(f.data), sha256(f.data)) for f in complete)
    contents = {
        "format": "osa-toolkit-compliance-pack",
        "format_version": 1,
        "service_id": plan.service_id,
        "service": plan.service_name,
        "as_of": _iso(plan.as_of),
        "toolkit_version": __version__,
        "not_listed": list(UNLISTED),
        "files": [
            {"path": r.path, "what": r.what, "bytes": r.size, "sha256": r.sha256} for r in rows
        ],
    }
    sums = "".join(f"{r.sha256}  {r.path}\n" for r in rows).encode("ascii")
    complete += [
        PackFile("contents.json", "The contents list (JSON)", _json(contents)),
        PackFile("SHA256SUMS", "The SHA-256 of every listed file", sums),
    ]
    cover = Cover(
        title=f"Compliance pack: {plan.service_name}",
        subtitle=f"The records as saved up to {plan.as_of:%-d %B %Y, %H:%M} UTC",
        intro=(
            "This pack gathers the written records of the service's online safety assessments, as a "
            "request from Ofcom for the risk assessment would need them: the current version of each "
            "record as PDF and as saved (JSON), every earlier version, the measures register, the "
            "approvals and governance dates, the evidence annex, the scope result and the duties "
            "tracked as tasks.",
            "Every file below is listed with its size and SHA-256, so anyone can check nothing was "
            "changed after the pack was made.",
        ),
        service_details=plan.service_details,
        provider_details=plan.provider_details,
        records=plan.records,
        missing=plan.missing,
        contents=rows,
        how_to_check=(
            "To check the files, unzip the pack and run 'sha256sum -c SHA256SUMS' in its folder; "
            "each line should end in OK. This cover page, contents.json and SHA256SUMS carry the "
            "list, so they are not in it."
        ),
    )
    return tuple(complete), cover
