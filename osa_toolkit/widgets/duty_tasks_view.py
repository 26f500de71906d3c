"""The duty tasks on the home page: each 2026 duty that applies, its state in words, and "Mark done".

The core decides which tasks apply and their state (:func:`osa_toolkit.core.compliance.duties.duty_tasks`); this
view lists them and records a task as done (who and on which day) in the record store.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from osa_toolkit.core.compliance.duties import STATE_WORDS, duty_tasks, levels_from_record
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors
from osa_toolkit.widgets.html_bits import esc

_STATE_STYLE = {
    "done": "color:#1b5e20",
    "due": "color:#1a1a1a",
    "overdue": "color:#b00020;font-weight:600",
    "pending": "color:#455a64",
}
CONFIDENCE_WORDS = {
    "ofcom": "Ofcom's own text",
    "law": "the Act",
    "secondary": "reported by others who read the source: check it",
    "unconfirmed": "unconfirmed",
}


class DutyTasksPanel(w.VBox):
    """The due list of duty tasks for one service, with a form to mark one done."""

    def __init__(self, store, registers, status: StatusLine | None = None) -> None:
        self.store, self.registers = store, registers
        self.status = status or StatusLine()
        self.service_id: str | None = None
        self.profile = None
        self.tasks: tuple = ()
        self.listing = w.HTML()
        self.listing.add_class("osa-duty-tasks")
        self.task = w.Dropdown(options=[], layout=w.Layout(width="min(52em, 95%)"))
        self.task.add_class("osa-duty-pick")
        self.who = w.Text(placeholder="e.g. Sam Lee")
        self.who.add_class("osa-duty-who")
        self.done_on = w.DatePicker(value=dt.date.today())
        self.done_on.add_class("osa-duty-date")
        self.mark = w.Button(description="Mark done", layout=auto_width())
        self.mark.add_class("osa-duty-mark")
        self.mark.on_click(reports_errors(self.status)(self.mark_done))
        self.form = w.VBox(
            [
                labelled(self.task, "Task"),
                labelled(self.who, "Who did it"),
                labelled(self.done_on, "Done on"),
                w.HBox([self.mark]),
            ]
        )
        super().__init__(
            [
                w.HTML(
                    "<h3>Duties to act on</h3><p>Duties that came into force in 2026 (and one that "
                    "is coming), as tasks. Each says why it applies and where that comes from.</p>"
                ),
                self.listing,
                self.form,
            ]
        )
        self.add_class("osa-duties-panel")

    def show(self, service_id: str, profile, latest: dict | None = None, today=None) -> None:
        """List the tasks of ``service_id`` (``latest``: its latest stored versions by kind)."""
        today = today or dt.date.today()
        self.service_id, self.profile = service_id, profile
        ic = (latest or {}).get("illegal_content")
        levels = levels_from_record(ic.document) if ic is not None else {}
        done = self.store.duties_done(service_id) if self.store is not None else ()
        self.tasks = duty_tasks(profile, self.registers, today, done=done, levels=levels)
        self.listing.value = render_tasks(self.tasks)
        open_tasks = [(t.title, t.id) for t in self.tasks if t.state in ("due", "overdue")]
        self.task.options = open_tasks
        self.form.layout.display = None if open_tasks else "none"

    def mark_done(self, _button=None):
        if self.service_id is None or self.task.value is None:
            raise InvalidInputError("Choose a task to mark done.")
        if not self.who.value.strip():
            raise InvalidInputError("Write who did the task (a name), then mark it done.")
        if self.done_on.value is None:
            raise InvalidInputError("Choose the day the task was done.")
        if self.done_on.value > dt.date.today():
            raise InvalidInputError("The day a task was done cannot be in the future.")
        title = dict((v, k) for k, v in self.task.options)[self.task.value]
        entry = self.store.mark_duty_done(
            self.service_id, self.task.value, self.who.value.strip(), self.done_on.value
        )
        self.who.value = ""
        self.show(self.service_id, self.profile, _latest(self.store, self.service_id))
        self.status.show(
            f"Recorded: {title}, done on {entry.done_on:%-d %B %Y} by {entry.done_by}.", "ok"
        )
        return entry


def _latest(store, service_id: str) -> dict:
    from osa_toolkit.files.app_state import latest_documents

    return latest_documents(store, service_id)


def render_tasks(tasks) -> str:
    """The tasks as an HTML list: state in words (colour only adds), due date, what to do, why."""
    if not tasks:
        return "<p>No duty tasks apply to this service.</p>"
    items = []
    for t in tasks:
        due = f" Due: {t.due:%-d %B %Y}." if t.due else " No date set yet."
        why = " ".join(esc(r) for r in t.reasons)
        source = esc(CONFIDENCE_WORDS.get(t.confidence, t.confidence))
        items.append(
            f'<li class="osa-duty osa-duty-{esc(t.state)}" data-duty="{esc(t.id)}">'
            f'<b>{esc(t.title)}</b> ({esc(t.section)}) — <span style="{_STATE_STYLE[t.state]}">'
            f"{esc(STATE_WORDS[t.state])}</span>.{esc(due)}<br>{esc(t.detail)}"
            f'<div class="osa-duty-what"><b>What to do:</b> {esc(t.what_to_do)}</div>'
            f'<div class="osa-duty-why" style="font-size:90%"><b>Why:</b> {why} Source: '
            f'<a href="{esc(t.source)}" target="_blank" rel="noopener">{esc(t.source)}</a> '
            f"({source}).</div></li>"
        )
    return "<ul>" + "".join(items) + "</ul>"
