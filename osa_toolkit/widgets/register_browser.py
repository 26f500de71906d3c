"""A read-only browser of the shipped registers: counts per edition and the tables of one edition."""

from __future__ import annotations

import html

import ipywidgets as w

from osa_toolkit.core.registers import list_editions, load_registers
from osa_toolkit.core.registers.tables import harms_table, measures_table, register_counts
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors


def _table_html(df, caption: str) -> str:
    body = df.to_html(classes="dataframe osa-table", escape=True, border=0)
    return f"<h4>{html.escape(caption)}</h4>{body}"


class RegisterBrowser(w.VBox):
    """Counts for every edition, then the harms and measures of the chosen edition."""

    def __init__(self, edition: str | None = None) -> None:
        self.status = StatusLine()
        editions = list_editions()
        self.edition = w.Dropdown(options=editions, value=edition or editions[-1])
        self.edition.add_class("osa-edition")
        self.counts = w.HTML()
        self.harms = w.HTML()
        self.harms.add_class("osa-harms")
        self.measures = w.HTML()
        self.counts.value = _table_html(
            register_counts([load_registers(e) for e in editions]), "What each edition holds"
        )
        self.edition.observe(reports_errors(self.status)(self._show), names="value")
        super().__init__(
            [
                self.counts,
                labelled(self.edition, "Guidance edition"),
                self.status,
                self.harms,
                self.measures,
            ]
        )
        self._show()

    def _show(self, change=None) -> None:
        regs = load_registers(self.edition.value)
        self.harms.value = _table_html(
            harms_table(regs), f"Kinds of illegal content to assess — {regs.edition.title}"
        )
        self.measures.value = _table_html(measures_table(regs), "Codes of Practice measures")
        self.status.show(
            f"Edition {regs.edition.id}: {regs.priority_kind_count()} kinds of priority illegal "
            f"content, {len(regs.measures)} measures.",
            "ok",
        )
