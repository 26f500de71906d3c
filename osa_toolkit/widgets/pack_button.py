"""The "Compliance pack" button: builds the zip of a service's records and offers it as a download."""

from __future__ import annotations

import base64
from collections.abc import Callable

import ipywidgets as w

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.widgets.base import StatusLine, auto_width, reports_errors
from osa_toolkit.widgets.html_bits import esc


class PackButton(w.VBox):
    """A button that builds the compliance pack of the current service, and its download link."""

    def __init__(
        self, store, service_id: Callable[[], str | None], status: StatusLine | None = None,
        registers=None,
    ) -> None:  # fmt: skip
        self.store, self.service_id, self.registers = store, service_id, registers
        self.status = status or StatusLine()
        self.button = w.Button(description="Prepare the compliance pack (zip)", layout=auto_width())
        self.button.add_class("osa-pack")
        self.link = w.HTML()
        self.link.add_class("osa-pack-download")
        self.button.on_click(reports_errors(self.status)(self.prepare))
        super().__init__(
            [
                w.HTML(
                    "<p>Everything a request from Ofcom for your risk assessment would need, in "
                    "one zip: each record as PDF and as saved, every earlier version, the measures "
                    "register, approvals, evidence, the scope result and the duty tasks, with a "
                    "cover page listing a checksum of every file. Printing the PDFs takes a little "
                    "while.</p>"
                ),
                w.HBox([self.button]),
                self.link,
            ]
        )
        self.add_class("osa-pack-panel")

    def prepare(self, _button=None) -> bytes:
        from osa_toolkit.core.registers import load_registers
        from osa_toolkit.report.pack_zip import build_pack, pack_name, pack_source

        sid = self.service_id()
        if sid is None or not self.store.list_versions(sid):
            raise InvalidInputError(
                "This service has no saved record yet, so there is nothing to pack; save an "
                "assessment first."
            )
        self.link.value = ""
        self.status.show("Preparing the compliance pack…", "info")
        data = build_pack(pack_source(self.store, sid), self.registers or load_registers())
        name = pack_name(sid)
        b64 = base64.b64encode(data).decode("ascii")
        self.link.value = (
            f'<a download="{esc(name)}" href="data:application/zip;base64,{b64}" '
            f'class="osa-download osa-download-pack">Download {esc(name)}</a> '
            f"({len(data) // 1024:,} KB)"
        )
        self.status.show(f"The compliance pack is ready: {name}.", "ok")
        return data
