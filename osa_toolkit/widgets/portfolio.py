"""The portfolio: every service in the record store, or in a folder of profiles, on one table.

One row per service: in scope or not, children's access, the review state, the assessments still
missing, and the level of each kind of illegal content (from the latest saved record, or — for a
folder — worked out now with :mod:`osa_toolkit.core.analysis.batch`). Filters narrow the rows; the rows shown
can be downloaded as CSV; a progress bar moves while the table is built.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import ipywidgets as w
import pandas as pd

from osa_toolkit.core.analysis.batch import features, score
from osa_toolkit.core.errors import OsaToolkitError
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.core.portfolio import filter_overview, overview_row
from osa_toolkit.core.profile import parse_profile
from osa_toolkit.core.registers import list_editions, load_registers
from osa_toolkit.core.scope import check_scope
from osa_toolkit.core.scope.childrens_access import assess_childrens_access
from osa_toolkit.core.vocabulary import LEVELS
from osa_toolkit.report.csv_safe import to_safe_csv
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors
from osa_toolkit.widgets.html_bits import badge, esc, table

KIND = "illegal_content"
INFO_COLUMNS = ["service", "name", "in_scope", "children", "review", "missing"]


def _hook(widget: w.Widget, hook: str) -> w.Widget:
    widget.add_class(hook)
    return widget


class PortfolioView(w.VBox):
    """Services × harms for a store (``source="store"``) or a folder of profiles (``"folder"``)."""

    def __init__(self, store=None, folder: str | Path | None = None, source: str = "store",
                 edition: str | None = None, today: dt.date | None = None):  # fmt: skip
        from osa_toolkit.files.profiles import examples_dir

        self._store = store
        self.today = today or dt.date.today()
        self.registers = load_registers(edition)
        self.harms = [h.id for h in self.registers.harms]
        self.names = {h.id: h.name for h in self.registers.harms}
        self.overview = pd.DataFrame(columns=INFO_COLUMNS)
        self.status = _hook(StatusLine(), "osa-pf-status")
        self.source = _hook(
            w.ToggleButtons(
                options=[("Saved records", "store"), ("A folder of profiles", "folder")],
                value=source,
            ),
            "osa-pf-source",
        )
        self.folder = _hook(
            labelled(w.Text(str(folder or examples_dir())), "Folder"), "osa-pf-folder"
        )
        self.folder.layout = w.Layout(width="640px")
        self.compute = _hook(
            w.Button(description="Build the table", button_style="primary"), "osa-pf-compute"
        )
        self.progress = _hook(
            w.IntProgress(value=0, min=0, max=1, description="Progress"), "osa-pf-progress"
        )
        self.harm = _hook(
            labelled(
                w.Dropdown(options=[("any kind", "")] + [(self.names[h], h) for h in self.harms]),
                "Kind",
            ),
            "osa-pf-harm",
        )
        self.at_least = _hook(
            labelled(
                w.Dropdown(options=[("any level", "")] + [(lvl, lvl) for lvl in LEVELS[1:]]),
                "At least",
            ),
            "osa-pf-level",
        )
        self.in_scope = _hook(
            w.Checkbox(description="In scope only", indent=False), "osa-pf-in-scope"
        )
        self.overdue = _hook(
            w.Checkbox(description="Review overdue only", indent=False), "osa-pf-overdue"
        )
        self.missing = _hook(
            w.Checkbox(description="Missing an assessment", indent=False), "osa-pf-missing"
        )
        self.search = _hook(labelled(w.Text(placeholder="name or id"), "Search"), "osa-pf-search")
        self.summary = _hook(w.HTML(), "osa-pf-summary")
        self.table = _hook(w.HTML(), "osa-pf-table")
        self.download = _hook(w.HTML(), "osa-pf-download")
        guard = reports_errors(self.status)
        self.compute.on_click(guard(self.build))
        self.source.observe(guard(self.build), names="value")
        for control in (
            self.harm,
            self.at_least,
            self.in_scope,
            self.overdue,
            self.missing,
            self.search,
        ):
            control.observe(guard(self.render), names="value")
        filters = w.HBox(
            [self.harm, self.at_least, self.in_scope, self.overdue, self.missing, self.search]
        )
        super().__init__(
            [
                self.source,
                w.HBox([self.folder, self.compute]),
                self.progress,
                self.status,
                filters,
                self.summary,
                self.download,
                self.table,
            ]
        )
        self.add_class("osa-portfolio")
        guard(self.build)()

    @property
    def store(self):
        if self._store is None:
            from osa_toolkit.store import open_store

            self._store = open_store()
        return self._store

    # ------------------------------------------------------------------ building
    def build(self, _change=None) -> None:
        self.folder.layout.display = None if self.source.value == "folder" else "none"
        rows = self._from_store() if self.source.value == "store" else self._from_folder()
        self.overview = pd.DataFrame(rows, columns=INFO_COLUMNS) if not rows else pd.DataFrame(rows)
        self.render()

    def _step(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done

    def _from_store(self) -> list[dict]:
        services = self.store.list_services()
        if not services:
            self.status.show(
                f"No saved assessments in the record store at {self.store.location} yet. Choose "
                "'A folder of profiles' to see the shipped examples, or save an assessment from "
                "the walkthrough.",
                "info",
            )
            return []
        rows, registers = [], {}
        latest = self.store.latest_of_kind(KIND)  # one query, not one per service
        unreadable = []
        for i, summary in enumerate(services, start=1):
            try:
                rows.append(self._store_row(summary, latest.get(summary.service_id), registers))
            except (OsaToolkitError, KeyError, TypeError, AttributeError):
                unreadable.append(summary.name)  # one bad record must not hide the others
            self._step(i, len(services))
        skipped = (
            f" Could not read the saved record of: {', '.join(unreadable)}." if unreadable else ""
        )
        self.status.show(
            f"{len(rows)} services from the record store at {self.store.location}.{skipped}",
            "error" if unreadable else "ok",
        )
        return rows

    def _store_row(self, summary, latest, registers: dict) -> dict:
        if latest is None:
            return overview_row(summary.service_id, summary.name, {}, in_scope=None,
                                likely_accessed_by_children=None, saved_kinds=summary.latest_versions,
                                next_review=summary.next_review, today=self.today, source="store")  # fmt: skip
        # The store has checked the document against its checksum; the table needs only a few
        # fields, read straight from it (the full record is rebuilt when a service is opened).
        where = f"{summary.service_id} version {latest.version}"
        doc = latest.document
        edition = doc.get("edition") if doc.get("edition") in list_editions() else None
        regs = registers.setdefault(edition, load_registers(edition))
        profile = parse_profile(doc.get("profile"), source=where)
        scope = check_scope(profile, regs, today=self.today)
        return overview_row(
            summary.service_id,
            summary.name,
            {h["id"]: h["level"] for h in doc.get("harms", [])},
            in_scope=scope.in_scope,
            likely_accessed_by_children=(doc.get("childrens_access") or {}).get("likely_accessed"),
            saved_kinds=summary.latest_versions,
            next_review=latest.next_review,
            today=self.today,
            source=f"version {latest.version}",
        )

    def _from_folder(self) -> list[dict]:
        from osa_toolkit.files.profile_folders import load_profile_folder

        profiles, problems = load_profile_folder(self.folder.value, progress=self._step)
        scored = score(features(profiles, self.registers, today=self.today), load_weights())
        levels = {
            sid: dict(zip(g["harm"], g["level"], strict=True))
            for sid, g in scored.groupby("service", sort=False)
        }
        rows = []
        for sid, profile in profiles.items():
            scope = check_scope(profile, self.registers, today=self.today)
            caa = assess_childrens_access(profile, today=self.today, registers=self.registers)
            rows.append(overview_row(sid, profile.service.name, levels.get(sid, {}), in_scope=scope.in_scope,
                                     likely_accessed_by_children=caa.likely_accessed, today=self.today,
                                     source="profile file"))  # fmt: skip
        said = f"{len(rows)} profiles from {self.folder.value}, assessed now (indicative levels)."
        if problems:
            said += f" {len(problems)} file(s) skipped: " + " ".join(problems)
        self.status.show(said, "error" if problems else "ok")
        return rows

    # ------------------------------------------------------------------ showing
    def shown(self) -> pd.DataFrame:
        """The rows that pass the filters."""
        if self.overview.empty:
            return self.overview
        return filter_overview(
            self.overview,
            self.harms,
            harm=self.harm.value or None,
            at_least=self.at_least.value or None,
            in_scope_only=self.in_scope.value,
            overdue_only=self.overdue.value,
            missing_only=self.missing.value,
            text=self.search.value,
        )

    def render(self, _change=None) -> None:
        rows = self.shown()
        harms = [h for h in self.harms if h in rows.columns]
        self.summary.value = f"<p>{len(rows)} of {len(self.overview)} services shown.</p>"
        heads = ["Service", "In scope", "Children", "Review", "Missing"] + [
            self.names[h] for h in harms
        ]
        body = [
            [
                esc(r["name"]),
                esc(r["in_scope"]),
                esc(r["children"]),
                esc(r["review"]),
                esc(r["missing"]),
            ]
            + [badge(r[h]) if isinstance(r[h], str) else "" for h in harms]
            for _i, r in rows.iterrows()
        ]
        self.table.value = (
            table(heads, body, "osa-pf-matrix") if body else "<p>No services to show.</p>"
        )
        self.download.value = self._csv_link(rows) if body else ""

    def _csv_link(self, rows: pd.DataFrame) -> str:
        columns = (
            INFO_COLUMNS
            + [c for c in ("source", "review_overdue", "high", "medium") if c in rows]
            + [h for h in self.harms if h in rows]
        )
        csv_text = to_safe_csv(rows[columns])  # no cell a spreadsheet would run as a formula
        data = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
        name = f"osa-portfolio-{self.today.isoformat()}.csv"
        return (
            f'<a class="osa-pf-csv" download="{esc(name)}" href="data:text/csv;base64,{data}">'
            f"Download these {len(rows)} services as CSV</a>"
        )
