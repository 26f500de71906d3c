"""Save a new version of a record and offer it as files to download — shared by every walkthrough."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from osa_toolkit.core.errors import StoreError
from osa_toolkit.core.status import save_warnings
from osa_toolkit.report.formats import FORMATS
from osa_toolkit.store import StaleVersionError
from osa_toolkit.widgets.base import StatusLine, auto_width, reports_errors
from osa_toolkit.widgets.html_bits import esc


class RecordActions(w.VBox):
    """A Save button (a new version in ``store``, never an overwrite) and download links."""

    def __init__(
        self,
        kind: str,
        get_record: Callable[[], Any],
        to_dict: Callable[[Any], dict],
        store,
        service_id: str,
        status: StatusLine,
        check: Callable[[Any], None] | None = None,
        formats: tuple[str, ...] = tuple(FORMATS),
        after_save: Callable[[Any], None] | None = None,
    ) -> None:
        self.kind, self.get_record, self.to_dict = kind, get_record, to_dict
        self.after_save, self.last_saved = after_save, None
        self._snapshot: dict | None = None
        self.store, self.service_id, self.status, self.check = store, service_id, status, check
        self.save_button = w.Button(
            description="Save a new version", button_style="primary", layout=auto_width()
        )
        self.save_button.add_class("osa-save")
        self.saved_info = w.HTML()
        self.saved_info.add_class("osa-saved-info")
        self.formats = w.SelectMultiple(
            options=[(FORMATS[f].label, f) for f in formats],
            value=tuple(f for f in formats if FORMATS[f].preselected),
            description="Formats",
        )
        self.formats.add_class("osa-export-formats")
        self.export_button = w.Button(description="Prepare downloads", layout=auto_width())
        self.export_button.add_class("osa-export")
        self.downloads = w.HTML()
        self.downloads.add_class("osa-downloads")
        # two sessions on one service: a save made on an older version than the latest is refused
        # (the store checks it in the same transaction), then these offer to compare or save anyway
        self.base_version = 0
        self.save_anyway_button = w.Button(
            description="Save anyway as a new version", layout=auto_width()
        )
        self.save_anyway_button.add_class("osa-save-anyway")
        self.compare_button = w.Button(description="Compare with the newer version")
        self.compare_button.add_class("osa-compare-newer")
        self.compare_button.layout = auto_width()
        self.conflict = w.VBox([w.HBox([self.compare_button, self.save_anyway_button]), w.HTML()])
        self.conflict.add_class("osa-save-conflict")
        self.conflict.layout.display = "none"
        guard = reports_errors(status)
        self.save_button.on_click(guard(self.save))
        self.save_anyway_button.on_click(guard(self.save_anyway))
        self.compare_button.on_click(guard(self.compare_newer))
        self.export_button.on_click(guard(self.prepare_downloads))
        parts: list[w.Widget] = [
            w.HTML(
                "<p>Saving never overwrites: each save is a new version; earlier ones are kept.</p>"
            ),
            self.save_button,
            self.saved_info,
            self.conflict,
        ]
        if formats:
            parts += [self.formats, self.export_button, self.downloads]
        super().__init__(parts)
        self._show_last_saved()

    def _show_last_saved(self) -> None:
        if self.store is None:
            return
        stored = self.store.latest(self.service_id, self.kind)
        self.base_version = stored.version if stored is not None else 0
        if stored is not None:
            self.saved_info.value = (
                f"<p>Last saved: version {stored.version} on {stored.created_at:%d %B %Y}.</p>"
            )

    def save(self, _button=None):
        if self.store is None:
            raise StoreError("No record store is open, so nothing was saved.")
        record = self.get_record()
        if self.check is not None:
            self.check(record)
        return self._save(record, save_anyway=False)

    def save_anyway(self, _button=None):
        """Save over the newer version all the same; ``based_on`` keeps the conflict on record."""
        return self._save(self.get_record(), save_anyway=True)

    def _save(self, record, save_anyway: bool):
        try:
            saved = self.store.save_record(
                self.kind,
                record,
                self.to_dict(record),
                expected_version=self.base_version,
                save_anyway=save_anyway,
            )
        except StaleVersionError as err:
            self.newer = err.latest
            self.conflict.layout.display = None
            self.conflict.children[1].value = ""
            raise
        self.conflict.layout.display = "none"
        self.base_version = saved.version
        over = (
            f" over version {saved.version - 1}, which was saved after you opened version "
            f"{saved.based_on}; both are kept"
            if saved.saved_over_newer
            else ""
        )
        gov = getattr(record, "governance", None)
        approved = ""
        if gov is not None and gov.status == "final" and (gov.approved_by or "").strip():
            saved = self.store.approve(saved.record_id, gov.approved_by.strip())
            approved = f" Approval by {gov.approved_by.strip()} recorded."
        self.last_saved = saved
        self.snapshot()
        self.saved_info.value = (
            f"<p>Saved as version {saved.version} of {esc(record.service_name)} "
            f"(record {saved.record_id}){esc(over)}.{esc(approved)}</p>"
        )
        warnings = save_warnings(record)
        if warnings:
            self.status.show(
                f"Saved version {saved.version}{over}.{approved} Please check: "
                + " ".join(warnings),
                "warning",
            )
        else:
            self.status.show(f"Saved version {saved.version}{over}.{approved}", "ok")
        if self.after_save is not None:
            self.after_save(saved)
        return saved

    def compare_newer(self, _button=None) -> None:
        """What differs between the newer saved version and the record on this page."""
        from osa_toolkit.core.diff import diff_to_text
        from osa_toolkit.core.record_kinds import diff_any, record_from_document

        newer = self.store.load(self.newer.record_id)
        theirs = record_from_document(self.kind, newer.document, source=f"version {newer.version}")
        text = diff_to_text(diff_any(theirs, self.get_record()))
        self.conflict.children[1].value = (
            f"<p>From version {newer.version} (saved by {esc(newer.author or 'someone')}) to "
            f"this page:</p><pre>{esc(text)}</pre>"
        )

    def _document(self) -> dict | None:
        try:
            return self.to_dict(self.get_record())
        except Exception:  # noqa: BLE001 - a record that cannot be built yet has nothing to lose
            return None

    def snapshot(self) -> None:
        """Remember the record as it is now (just opened, or just saved)."""
        self._snapshot = self._document()

    def unsaved(self) -> bool:
        """Whether the record differs from the one opened or last saved."""
        return self._snapshot is not None and self._document() != self._snapshot

    def history(self) -> list[dict] | None:
        """The document-history rows of the saved versions, for the exports."""
        if self.store is None:
            return None
        from osa_toolkit.cli.records import history_rows

        versions = self.store.list_versions(self.service_id, self.kind)
        return history_rows(versions) if versions else None

    def prepare_downloads(self, _button=None) -> None:
        from osa_toolkit.report import render

        record = self.get_record()
        history = self.history()
        links = []
        for fmt in self.formats.value:
            data = render(record, fmt, history=history)
            raw = data.encode("utf-8") if isinstance(data, str) else data
            b64 = base64.b64encode(raw).decode("ascii")
            name = f"{self.service_id}-{self.kind.replace('_', '-')}-{record.assessed_on.isoformat()}{FORMATS[fmt].suffix}"
            links.append(
                f'<li><a download="{esc(name)}" href="data:{FORMATS[fmt].mime};base64,{b64}" '
                f'class="osa-download osa-download-{fmt}">Download {esc(name)}</a></li>'
            )
        self.downloads.value = "<ul>" + "".join(links) + "</ul>"
        self.status.show("Downloads ready.", "ok")
