"""“Your moderation records”: upload an export, check the mapping and counts, watch the levels move.

:class:`EvidenceUpload` holds a profile; when an export is uploaded it asks the core
(:mod:`osa_toolkit.core.evidence_import`) to read it, shows a preview (period, reports per kind,
categories left unmapped, what was dropped), an editable mapping table, a chart of reports over time
per kind and the levels before and after, and publishes the profile with the evidence as ``value``.
:class:`EvidencePage` adds the Save / download panel for the app. No free text or account name
from the file is shown or kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import ipywidgets as w
import traitlets

from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
from osa_toolkit.core.evidence_import import (
    MAX_BYTES,
    NONE,
    NOT_ILLEGAL,
    OUTCOME_TARGETS,
    PARSERS,
    SOFTWARE_NAMES,
    UNMAPPED,
    EvidenceImportError,
    apply_source,
    check_mapping,
    mapping_for,
    monthly_counts,
    parse_export,
    rows_for_edit,
    summarise,
)
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.core.registers import load_registers
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors
from osa_toolkit.widgets.html_bits import badge, bullet_list, esc, table

OUTCOME_WORDS = {
    "confirmed": "counts as confirmed",
    "dismissed": "counts as dismissed",
    "open": "counts as still open",
    "ignore": "is not counted",
}


def _upload_file(upload: w.FileUpload) -> tuple[str, int, bytes] | None:
    """(name, size, bytes) of the uploaded file; the size is checked before the bytes are used."""
    files = upload.value
    if not files:
        return None
    item = files[0]
    name, size = str(item["name"]), int(item["size"])
    if size > MAX_BYTES:
        raise EvidenceImportError(
            f"{name} is {size / 1024 / 1024:.0f} MB; expected an export of at most "
            f"{MAX_BYTES // 1024 // 1024} MB (export a shorter period, e.g. the last 12 months)."
        )
    return name, size, bytes(item["content"])


class EvidenceUpload(w.VBox):
    """Upload → preview → editable mapping → chart → levels. ``value`` is the updated profile."""

    value = traitlets.Any()

    def __init__(self, profile, registers=None, weights=None) -> None:
        self.registers = registers or load_registers()
        self.weights = weights or load_weights()
        self.base = profile  # the profile before this upload
        self.parsed = None
        self.mapping = None
        self.file_name = ""
        self.raw = b""
        self.source = None
        self.status = StatusLine()
        self.status.add_class("osa-evidence-status")
        self.harm_names = {h.id: h.name for h in self.registers.harms}
        self.child_names = {c.id: c.name for c in self.registers.children_content}
        software = profile.service.software if profile.service.software in PARSERS else "generic"
        self.software = w.Dropdown(
            options=[(SOFTWARE_NAMES[k], k) for k in PARSERS], value=software, layout=auto_width()
        )
        self.software.add_class("osa-evidence-software")
        self.upload = w.FileUpload(
            accept=".csv,.json,.txt", multiple=False, description="Choose the export file"
        )
        self.upload.layout = auto_width()
        self.upload.add_class("osa-evidence-upload")
        self.note = w.Text(
            placeholder="e.g. exported from the admin panel on 1 July 2026",
            layout=w.Layout(width="min(40em, 95%)"),
        )
        self.note.add_class("osa-evidence-note")
        self.preview = w.HTML()
        self.preview.add_class("osa-evidence-preview")
        self.mapping_box = w.VBox()
        self.mapping_box.add_class("osa-evidence-mapping")
        self.chart = w.Image(format="png", layout=w.Layout(width="min(46em, 100%)"))
        self.chart.add_class("osa-evidence-chart")
        self.chart_text = w.HTML()
        self.levels = w.HTML()
        self.levels.add_class("osa-evidence-levels")
        guard = reports_errors(self.status)
        self.upload.observe(guard(self._on_upload), names="value")
        self.software.observe(guard(self._on_software), names="value")
        self.note.observe(guard(self._recompute), names="value")
        super().__init__(
            [
                w.HTML(
                    "<h3>Your moderation records</h3><p>Upload the reports or flags your software "
                    "exports: the counts per kind of illegal content become the assessment's "
                    "evidence. Account names and free text in the file are never read or kept; "
                    f"files up to {MAX_BYTES // 1024 // 1024} MB.</p>"
                ),
                labelled(self.software, "Software"),
                self.upload,
                labelled(self.note, "Your note on this file (optional, kept in the record)"),
                self.status,
                self.preview,
                self.mapping_box,
                self.chart_text,
                self.chart,
                self.levels,
            ]
        )
        self.add_class("osa-evidence-upload-step")
        self.before = assess_illegal_content(profile, self.registers, self.weights)
        self.value = profile
        self._show_levels()

    # ------------------------------------------------------------------ input
    def load(self, name: str, data: bytes, software: str | None = None) -> None:
        """Read an export (as an upload does); the mapping starts from the defaults."""
        if software and software != self.software.value:
            self.raw = b""  # so the software's observer does not read the file first
            self.software.value = software
        self.file_name, self.raw = name, data  # kept, so choosing the right software re-reads it
        try:
            self.parsed = parse_export(data, self.software.value, name)
        except EvidenceImportError:
            self.parsed, self.source = None, None
            self.preview.value, self.chart_text.value = "", ""
            self.mapping_box.children = []
            self.value = self.base
            self._show_levels()
            raise
        categories = {e.category for e in self.parsed.events}
        self.mapping = mapping_for(self.base, self.software.value, categories)
        self._build_mapping_rows()
        self._recompute()

    def _on_upload(self, change=None) -> None:
        got = _upload_file(self.upload)
        if got is not None:
            name, _size, data = got
            self.load(name, data)

    def _on_software(self, change=None) -> None:
        if self.raw:
            self.load(self.file_name, self.raw)

    def set_row(self, category: str, harm: str, child_kind: str = "") -> None:
        """Send one category to a kind (as the mapping table's dropdowns do)."""
        for row in self.mapping_box.children:
            if getattr(row, "category", None) == category:
                row.children[1].value = child_kind
                row.children[0].value = harm
                return
        raise EvidenceImportError(f"The export has no category {category!r}.")

    # ------------------------------------------------------------------ mapping table
    def _harm_options(self) -> list[tuple[str, str]]:
        return [
            ("Not mapped yet: choose a kind", ""),
            ("Not illegal content (spam, off-topic…)", NONE),
            *[(name, hid) for hid, name in self.harm_names.items()],
        ]

    def _build_mapping_rows(self) -> None:
        rows = []
        counts = Counter(e.category for e in self.parsed.events)
        categories = set(counts)
        guard = reports_errors(self.status)
        for i, r in enumerate(rows_for_edit(self.mapping, categories)):
            harm = w.Dropdown(options=self._harm_options(), value=r.harm, layout=auto_width())
            harm.description = f"Kind for '{r.category}' ({counts[r.category]})"
            harm.style = {"description_width": "initial"}
            harm.add_class("osa-evidence-map-harm")
            harm.add_class(f"osa-evidence-map-{i}")
            child = w.Dropdown(
                options=[("no children's kind", "")]
                + [(n, cid) for cid, n in self.child_names.items()],
                value=r.child_kind,
                layout=auto_width(),
            )
            child.description = "Content harmful to children"
            child.style = {"description_width": "initial"}
            child.add_class("osa-evidence-map-child")
            box = w.HBox([harm, child])
            box.category = r.category
            harm.observe(guard(self._on_row_change), names="value")
            child.observe(guard(self._on_row_change), names="value")
            rows.append(box)
        reasons = {r.category: r.why for r in self.mapping.rows}
        outcome_rows = []
        for word, target in self.mapping.outcomes:
            dd = w.Dropdown(
                options=[(OUTCOME_WORDS[t], t) for t in OUTCOME_TARGETS],
                value=target,
                layout=auto_width(),
            )
            dd.description = f"The outcome '{word}'"
            dd.style = {"description_width": "initial"}
            dd.add_class("osa-evidence-outcome")
            dd.word = word
            dd.observe(guard(self._on_row_change), names="value")
            outcome_rows.append(dd)
        why = [f"'{c}': {reasons[c]}" for c in sorted(categories) if reasons.get(c)]
        self.mapping_box.children = [
            w.HTML(
                "<h4>Mapping: which kind each category of your software counts as</h4>"
                "<p>Defaults are a starting point; change any row. Reports in a category that is "
                "not mapped are counted in the total and listed, never dropped.</p>"
            ),
            *rows,
            w.HTML(
                "<details><summary>Why the defaults</summary>" + bullet_list(why) + "</details>"
            ),
            w.HTML("<h4>Outcomes</h4>"),
            *outcome_rows,
        ]

    def _on_row_change(self, change=None) -> None:
        mapping = self.mapping
        for child in self.mapping_box.children:
            category = getattr(child, "category", None)
            if category is not None:
                harm, kind = child.children[0].value, child.children[1].value
                mapping = mapping.with_row(category, harm or "", kind or "")
            word = getattr(child, "word", None)
            if word is not None:
                mapping = mapping.with_outcome(word, child.value)
        self.mapping = mapping
        self._recompute()

    # ------------------------------------------------------------------ results
    def _recompute(self, change=None) -> None:
        if self.parsed is None:
            return
        check_mapping(self.mapping, self.harm_names, self.child_names)
        self.source = summarise(
            self.parsed,
            self.mapping,
            self.file_name,
            hashlib.sha256(self.raw).hexdigest(),
            users=self.base.users.uk_monthly_active_users,
            note=self.note.value.strip(),
        )
        profile, notes = apply_source(self.base, self.source)
        self._show_preview(notes)
        self._show_chart()
        self.value = profile
        self._show_levels()
        self.status.show(
            f"Read {self.source.records} entries from {self.file_name}; the levels below use them.",
            "ok",
        )

    def _name(self, kind: str) -> str:
        return self.harm_names.get(kind) or self.child_names.get(kind) or kind

    def _show_preview(self, notes) -> None:
        s = self.source
        rows = [
            [
                esc(self._name(f.kind)),
                str(f.reports),
                str(f.confirmed),
                str(f.dismissed),
                str(f.open),
                "not known"
                if f.per_10k_users_per_year is None
                else f"{f.per_10k_users_per_year:g}",
                "not in the export"
                if f.median_days_to_action is None
                else f"{f.median_days_to_action:g}",
            ]
            for f in (*s.by_harm, *s.children_by_kind)
        ]
        header = (
            "Kind",
            "Reports",
            "Confirmed",
            "Dismissed",
            "Still open",
            "A year per 10,000 UK users",
            "Median days to action",
        )
        unmapped = [f"'{c}': {n} report(s) not mapped to any kind" for c, n in s.unmapped]
        self.preview.value = (
            f"<h4>What the file holds</h4><p><b>{esc(s.file)}</b>: {s.reports_total} reports "
            f"counted from {s.period_start:%d %B %Y} to {s.period_end:%d %B %Y} "
            f"(sha256 {esc(s.sha256[:16])}…).</p>"
            + (
                table(header, rows, "osa-evidence-counts")
                if rows
                else "<p>No report is mapped "
                "to a kind of illegal content yet: choose kinds below.</p>"
            )
            + (bullet_list(unmapped) if unmapped else "")
            + "<p><b>Not kept:</b></p>"
            + bullet_list(s.dropped)
            + (("<p><b>In the profile:</b></p>" + bullet_list(notes)) if notes else "")
        )

    def _show_chart(self) -> None:
        from osa_toolkit.plots import to_png
        from osa_toolkit.plots.evidence import reports_over_time

        monthly = monthly_counts(self.parsed, self.mapping)
        names = {k: self._name(k) for k in monthly}
        names[UNMAPPED] = "Not mapped to a kind"
        names[NOT_ILLEGAL] = "Not illegal content"
        ax = reports_over_time(monthly, names)
        self.chart.value = to_png(ax.figure)
        words = "; ".join(f"{names[k]}: {sum(v.values())}" for k, v in sorted(monthly.items()))
        self.chart_text.value = (
            f"<h4>Reports over time</h4><p class='osa-evidence-chart-text'>Reports per month, by "
            f"kind (totals: {esc(words)}).</p>"
        )

    def _show_levels(self) -> None:
        after = assess_illegal_content(self.value, self.registers, self.weights)
        before = {h.id: h for h in self.before.harms}
        rows = []
        for h in after.harms:
            old = before[h.id]
            records = [t for t in h.trace if "records" in t]
            moved = old.level != h.level
            said = esc(records[0]) if records else ""
            trace = (
                f"<details class='osa-evidence-trace'><summary>Why</summary>"
                f"{bullet_list(h.trace)}</details>"
            )
            rows.append(
                [
                    esc(h.name),
                    badge(old.level),
                    badge(h.level) + (" <b>(changed)</b>" if moved else ""),
                    said + trace,
                ]
            )
        self.assessment = after
        self.levels.value = "<h4>Levels with this evidence</h4>" + table(
            ("Kind of illegal content", "Before", "Now", "What the records say"),
            rows,
            "osa-evidence-level-table",
        )


class EvidencePage(w.VBox):
    """The app's page: the upload step over a stored service, with Save and downloads."""

    def __init__(self, profile, store=None, service_id: str | None = None) -> None:
        from osa_toolkit.core.record import (
            decisions_from_record,
            overrides_from_record,
            record_from_dict,
            record_to_dict,
            service_id_for,
        )
        from osa_toolkit.widgets.record_actions import RecordActions

        self.store = store
        self.service_id = service_id or service_id_for(profile.service.name)
        self.overrides, self.decisions, self.governance = {}, {}, None
        if store is not None:
            stored = store.latest(self.service_id, "illegal_content")
            if stored is not None:
                rec = record_from_dict(stored.document, f"stored version {stored.version}")
                self.overrides = overrides_from_record(rec)
                self.decisions = decisions_from_record(rec)
                self.governance = rec.governance
        self.upload = EvidenceUpload(profile)
        self.status = self.upload.status
        self.actions = RecordActions(
            "illegal_content", self.record, record_to_dict, store, self.service_id, self.status
        )
        self.upload.observe(reports_errors(self.status)(self._autosave), names="value")
        super().__init__(
            [
                self.upload,
                w.HTML("<h3>Save the assessment with this evidence</h3>"),
                self.actions,
            ]
        )
        self.add_class("osa-evidence-page")

    @property
    def profile(self):
        return self.upload.value

    def record(self):
        from osa_toolkit.core.record import record_from_assessment

        assessment = assess_illegal_content(
            self.profile,
            self.upload.registers,
            self.upload.weights,
            self.overrides,
            dt.date.today(),
        )
        return record_from_assessment(
            assessment,
            self.profile,
            self.governance,
            self.decisions,
            service_id=self.service_id,
        )

    def _autosave(self, change=None) -> None:
        from osa_toolkit.files.app_state import draft_path
        from osa_toolkit.files.profiles import save_profile

        if self.profile is self.upload.base:
            return
        path = draft_path(self.service_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_profile(self.profile, path)

    def save(self, _button=None):
        return self.actions.save()


__all__ = ["EvidencePage", "EvidenceUpload"]
