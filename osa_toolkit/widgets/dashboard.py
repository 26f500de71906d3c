"""The risk dashboard: one service from the record store at a glance.

Pick a service; the dashboard shows its current levels, where each harm sits in the likelihood ×
impact matrix, its measures by status, its deadlines and reviews, what changed since the previous
saved version (in words and as a chart) and the evidence-check warnings. Charts are PNG images
(``w.Image``), so they show the same in Jupyter, Voilà and under nbval.

An empty store shows a friendly message and offers to open the shipped examples in a temporary
store (nothing is written to the user's own store).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import ipywidgets as w

from osa_toolkit.core.diff import diff_records, diff_to_text
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.core.portfolio import measure_status_counts, timeline_events
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.record import record_from_dict
from osa_toolkit.core.registers import list_editions, load_registers
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.status import service_status
from osa_toolkit.plots import (
    levels_by_harm,
    measures_by_status,
    risk_matrix,
    timeline,
    to_png,
    version_changes,
)
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.html_bits import bullet_list, esc

KIND = "illegal_content"


def _image(hook: str) -> w.Image:
    img = w.Image(format="png", layout=w.Layout(max_width="760px"))
    img.add_class(hook)
    return img


def _html(hook: str) -> w.HTML:
    box = w.HTML()
    box.add_class(hook)
    return box


def seed_examples(store, today: dt.date) -> int:
    """Save each shipped example twice: assessed a year ago on the oldest edition, and today on the
    newest (so "what changed" has something to show). Returns the number of services saved."""
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.record import record_from_assessment, record_to_dict
    from osa_toolkit.files.profiles import list_examples, load_profile

    editions = list_editions()
    weights = load_weights()
    runs = [(editions[0], today - dt.timedelta(days=365)), (editions[-1], today)]
    for example in list_examples():
        profile = load_profile(example)
        for edition, day in runs:
            regs = load_registers(edition)
            record = record_from_assessment(
                assess_illegal_content(profile, regs, weights, today=day), profile
            )
            store.save(
                record.service_id,
                KIND,
                record_to_dict(record),
                service_name=record.service_name,
                edition=record.edition,
                toolkit_version=record.toolkit_version,
                next_review=record.governance.next_review,
                note=f"example, edition {edition}",
            )
    return len(list_examples())


class RiskDashboard(w.VBox):
    """One service from ``store`` at a glance (the default local store when none is given)."""

    def __init__(self, store=None, today: dt.date | None = None, service_id: str | None = None):
        from osa_toolkit.store import open_store

        self.store = store if store is not None else open_store()
        self.today = today or dt.date.today()
        self.weights = load_weights()
        self.status = StatusLine()
        self.status.add_class("osa-dash-status")
        self.picker = labelled(w.Dropdown(options=[]), "Service")
        self.picker.add_class("osa-dash-service")
        self.empty = _html("osa-dash-empty")
        self.try_examples = w.Button(description="Open the examples in a temporary store")
        self.try_examples.add_class("osa-dash-examples")
        self.summary = _html("osa-dash-summary")
        self.levels_img = _image("osa-dash-levels")
        self.matrix_img = _image("osa-dash-matrix")
        self.measures_img = _image("osa-dash-measures")
        self.timeline_img = _image("osa-dash-timeline")
        self.changes_text = _html("osa-dash-changes-text")
        self.changes_img = _image("osa-dash-changes")
        self.warnings = _html("osa-dash-warnings")
        self.details = w.VBox(
            [
                self.summary,
                w.HTML("<h3>Current levels</h3>"),
                self.levels_img,
                w.HTML("<h3>Likelihood × impact</h3>"),
                self.matrix_img,
                w.HTML("<h3>Measures</h3>"),
                self.measures_img,
                w.HTML("<h3>Deadlines and reviews</h3>"),
                self.timeline_img,
                w.HTML("<h3>What changed since the previous version</h3>"),
                self.changes_text,
                self.changes_img,
                w.HTML("<h3>What a regulator would question</h3>"),
                self.warnings,
            ]
        )
        self.picker.observe(reports_errors(self.status)(self._picked), names="value")
        self.try_examples.on_click(reports_errors(self.status)(self.open_examples))
        super().__init__([self.picker, self.empty, self.try_examples, self.details, self.status])
        self.add_class("osa-dashboard")
        reports_errors(self.status)(self.refresh)(service_id)

    # ------------------------------------------------------------------ data
    def services(self) -> list[tuple[str, str]]:
        """(name, service id) of every service with a saved illegal content assessment."""
        found = [s for s in self.store.list_services() if KIND in s.latest_versions]
        return [(f"{s.name} ({s.service_id})", s.service_id) for s in found]

    def refresh(self, service_id: str | None = None) -> None:
        options = self.services()
        has_any = bool(options)
        self.details.layout.display = None if has_any else "none"
        self.try_examples.layout.display = "none" if has_any else None
        self.empty.value = (
            ""
            if has_any
            else f"<p><b>No saved assessments yet</b> in the record store at {esc(self.store.location)}. "
            "Save one from the illegal content walkthrough, or open the shipped examples in a "
            "temporary store to see what the dashboard shows.</p>"
        )
        ids = [sid for _n, sid in options]
        self.picker.options = options
        if has_any:
            chosen = service_id if service_id in ids else ids[0]
            if self.picker.value == chosen:
                self.show(chosen)
            else:
                self.picker.value = chosen  # fires _picked

    def _picked(self, change) -> None:
        if change["new"]:
            self.show(change["new"])

    def open_examples(self, _button=None) -> None:
        from osa_toolkit.store import open_store

        folder = Path(tempfile.mkdtemp(prefix="osa-dashboard-"))
        self.store = open_store(folder / "examples.sqlite3")
        count = seed_examples(self.store, self.today)
        self.refresh()
        self.status.show(
            f"Opened {count} example services in a temporary store; your own store is unchanged.",
            "ok",
        )

    # ------------------------------------------------------------------ one service
    def show(self, service_id: str) -> None:
        versions = self.store.list_versions(service_id, KIND)
        latest = versions[-1]
        record = record_from_dict(latest.document, f"{service_id} version {latest.version}")
        regs = self._registers(record.edition)
        profile = parse_profile(record.profile, source=f"{service_id} version {latest.version}")
        names = {h.id: h.name for h in record.harms}
        saved, first = {}, {}
        for kind in ("illegal_content", "childrens_access", "childrens_risk"):
            kept = versions if kind == KIND else self.store.list_versions(service_id, kind)
            if kept:
                sv = kept[-1]
                saved[kind] = (sv.version, sv.created_at.date(), sv.next_review)
                first[kind] = kept[0].created_at.date()
        status = service_status(profile, regs, saved, self.today)
        scope = check_scope(profile, regs, today=self.today)
        levels = {h.id: h.level for h in record.harms}
        self.summary.value = (
            f"<h2>{esc(record.service_name)}</h2><p>Version {latest.version}, assessed "
            f"{record.assessed_on:%-d %B %Y} on edition {esc(record.edition)}. Indicative, not "
            "legal advice.</p>" + bullet_list(status.lines)
        )
        self.levels_img.value = to_png(levels_by_harm(levels, names=names).figure)
        cells = {h.id: (h.likelihood, h.impact) for h in record.harms}
        self.matrix_img.value = to_png(
            risk_matrix(cells, self.weights, names=names, levels=levels).figure
        )
        self.measures_img.value = to_png(
            measures_by_status(measure_status_counts(record.measures)).figure
        )
        events = timeline_events(scope.duties, status.reviews, self.today, saved, first)
        self.timeline_img.value = to_png(timeline(events, self.today).figure)
        self._show_changes(versions, record)
        found = record.evidence_check
        self.warnings.value = bullet_list(found) if found else "<p>No evidence-check warnings.</p>"
        self.status.show(f"Showing {record.service_name}.", "info")

    def _show_changes(self, versions, record) -> None:
        if len(versions) < 2:
            self.changes_text.value = (
                "<p>This is the first saved version; nothing to compare yet.</p>"
            )
            self.changes_img.layout.display = "none"
            return
        previous = versions[-2]
        old = record_from_dict(previous.document, f"version {previous.version}")
        diff = diff_records(old, record)
        lines = diff_to_text(diff).splitlines()
        self.changes_text.value = (
            f"<p>Version {previous.version} → {versions[-1].version}:</p>" + bullet_list(lines)
        )
        self.changes_img.layout.display = None
        self.changes_img.value = to_png(version_changes(diff).figure)

    def _registers(self, edition: str):
        if edition in list_editions():
            return load_registers(edition)
        self.status.show(
            f"Edition {edition} is not installed, so the newest edition's dates are shown.", "info"
        )
        return load_registers()
