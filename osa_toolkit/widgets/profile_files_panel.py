"""The profile as a file, in the browser: download it as YAML, load one by upload.

Nothing is written into the server's folders (the app may run on another machine than the
browser): the download is a link holding the YAML, and an upload is read from a private temporary
folder by the same strict reader as ``osa-toolkit`` uses, so a bad file gets the same one-sentence
error (file, line or key, expected value) and the form keeps its answers.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import ipywidgets as w

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.files.profiles import SUFFIXES, load_profile, save_profile
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors
from osa_toolkit.widgets.html_bits import esc


def _safe_name(name: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).name)
    return stem or "profile.yaml"


class ProfileFilesPanel(w.VBox):
    """Software preset, "Download profile (YAML)" and "Load a profile file" for a ProfileForm."""

    def __init__(self, form, service_id: str = "profile") -> None:
        self.form, self.service_id = form, service_id
        self.status = StatusLine()
        self.status.add_class("osa-profile-files-status")
        guard = reports_errors(self.status)
        self.download_button = w.Button(description="Download profile (YAML)", layout=auto_width())
        self.download_button.add_class("osa-profile-download")
        self.link = w.HTML()
        self.link.add_class("osa-profile-download-link")
        self.upload = w.FileUpload(
            accept=",".join(SUFFIXES), multiple=False, description="Load a profile file"
        )
        self.upload.add_class("osa-profile-upload")
        self.download_button.on_click(guard(self.prepare_download))
        self.upload.observe(guard(self._uploaded), names="value")
        super().__init__(
            [
                labelled(
                    form.preset, "Software preset", "Typical settings of common forum software."
                ),
                w.HBox([self.download_button, self.upload], layout=w.Layout(grid_gap="8px")),
                self.link,
                self.status,
            ]
        )
        self.add_class("osa-profile-files")

    def yaml_text(self) -> str:
        with tempfile.TemporaryDirectory() as folder:
            return save_profile(self.form.value, Path(folder) / "profile.yaml").read_text(
                encoding="utf-8"
            )

    def prepare_download(self, _button=None) -> None:
        name = f"{self.service_id}.yaml"
        b64 = base64.b64encode(self.yaml_text().encode("utf-8")).decode("ascii")
        self.link.value = (
            f'<a download="{esc(name)}" href="data:application/yaml;base64,{b64}" '
            f'class="osa-download osa-download-yaml">Download {esc(name)}</a>'
        )
        self.status.show("The profile is ready to download (nothing was written on the server).")

    def load_bytes(self, name: str, content: bytes) -> None:
        """Load a profile from an uploaded file's name and bytes (the form keeps its answers on error)."""
        name = _safe_name(name)
        if Path(name).suffix.lower() not in SUFFIXES:
            raise ProfileError(
                f"{name}: a profile file must end in .yaml, .yml or .json; "
                f"found {Path(name).suffix or 'no suffix'!r}."
            )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(bytes(content))
            profile = load_profile(path)
        self.form.value = profile
        self.status.show(f"Loaded {name}.", "ok")

    def _uploaded(self, change=None) -> None:
        files = self.upload.value
        if not files:
            return
        first = files[0]
        try:
            self.load_bytes(first["name"], first["content"])
        finally:
            self.upload.value = ()
