"""Shared pieces for every form: a visible status line and safe callbacks.

Voilà hides exceptions raised inside widget callbacks, so every handler is wrapped: an
:class:`~osa_toolkit.core.errors.OsaToolkitError` shows its sentence; anything else shows a short,
plain message (and never a traceback).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w


def auto_width() -> w.Layout:
    """Buttons size to their words, never cut short."""
    return w.Layout(width="auto")


def wide() -> w.Layout:
    """Text areas people write sentences in."""
    return w.Layout(width="min(60em, 95%)", height="5em")


_STYLES = {
    "info": "color:#1a1a1a",
    "ok": "color:#1b5e20",
    "warning": "color:#8a4b00;font-weight:600",
    "error": "color:#b00020;font-weight:600",
}


class StatusLine(w.HTML):
    """A one-line message area; the kind is said in words as well as colour."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(value="", **kwargs)
        self.add_class("osa-status")
        self.kind = "info"
        self.message = ""

    def show(self, message: str, kind: str = "info") -> None:
        prefix = {"error": "Problem: ", "ok": "Done: ", "warning": "Warning: ", "info": ""}[kind]
        self.kind, self.message = kind, message
        self.value = (
            f'<div role="status" aria-live="polite" style="{_STYLES[kind]}">'
            f"{html.escape(prefix + message)}</div>"
        )

    def clear(self) -> None:
        self.kind, self.message, self.value = "info", "", ""


def reports_errors(status: StatusLine) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget callback so that any error lands in ``status`` instead of vanishing."""
    from osa_toolkit.core.errors import OsaToolkitError

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(handler)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except OsaToolkitError as err:
                status.show(str(err), "error")
            except Exception as err:  # noqa: BLE001 - the page must never show a traceback
                status.show(
                    f"Something went wrong ({type(err).__name__}: {err}). Nothing saved was lost.",
                    "error",
                )
            return None

        return wrapped

    return decorate


def labelled(widget: w.Widget, label: str, help_text: str = "") -> w.Widget:
    """Give a control its visible label (ipywidgets renders ``description`` as a ``<label>``).

    The label is never cut short, and optional plain help goes below the control.
    """
    widget.description = label
    widget.style = {"description_width": "initial"}
    if not help_text:
        return widget
    box = w.VBox(
        [widget, w.HTML(value=f'<span style="font-size:90%">{html.escape(help_text)}</span>')]
    )
    box.add_class("osa-field")
    return box
