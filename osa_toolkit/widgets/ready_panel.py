"""The home page's "Ready when Ofcom asks" block: the duty tasks, the compliance pack button, the
regular compliance review and the link to "What Ofcom can ask and how to answer".

One widget so the app's home page needs only one line to show it (and one call to refresh it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors, wide
from osa_toolkit.widgets.duty_tasks_view import DutyTasksPanel
from osa_toolkit.widgets.html_bits import esc
from osa_toolkit.widgets.pack_button import PackButton


class ComplianceReviewForm(w.VBox):
    """Record the regular review of compliance (s.23(6)): its own dated entry, apart from each risk
    assessment's 12-month review."""

    def __init__(self, store, status: StatusLine) -> None:
        self.store, self.status = store, status
        self.service_id: str | None = None
        self.history = w.HTML()
        self.history.add_class("osa-compliance-reviews")
        self.reviewed_on = w.DatePicker(value=dt.date.today())
        self.reviewed_on.add_class("osa-review-date")
        self.reviewed_by = w.Text(placeholder="e.g. Sam Lee")
        self.reviewed_by.add_class("osa-review-by")
        self.findings = w.Textarea(placeholder="What was checked and what was found", layout=wide())
        self.findings.add_class("osa-review-findings")
        self.next_review = w.DatePicker(value=None)
        self.next_review.add_class("osa-review-next")
        self.save = w.Button(description="Record the compliance review", layout=auto_width())
        self.save.add_class("osa-review-save")
        self.save.on_click(reports_errors(status)(self.record))
        super().__init__(
            [
                w.HTML(
                    "<h3>Regular compliance review</h3><p>The Act asks you to review your "
                    "compliance regularly (s.23(6)). Record each review here; it is kept apart from "
                    "the yearly review of each risk assessment.</p>"
                ),
                self.history,
                labelled(self.reviewed_on, "Reviewed on"),
                labelled(self.reviewed_by, "Reviewed by"),
                labelled(self.findings, "What was found"),
                labelled(self.next_review, "Next review by (optional)"),
                w.HBox([self.save]),
            ]
        )

    def show(self, service_id: str) -> None:
        self.service_id = service_id
        reviews = self.store.compliance_reviews(service_id)
        if not reviews:
            self.history.value = "<p>No compliance review recorded yet.</p>"
            return
        items = "".join(
            f"<li>{r.reviewed_on:%-d %B %Y}, by {esc(r.reviewed_by)}: {esc(r.findings)}"
            + (f" Next review by {r.next_review:%-d %B %Y}." if r.next_review else "")
            + "</li>"
            for r in reviews
        )
        self.history.value = f"<ul>{items}</ul>"

    def record(self, _button=None):
        if self.service_id is None:
            raise InvalidInputError("Choose a service first.")
        if self.reviewed_on.value is None or self.reviewed_on.value > dt.date.today():
            raise InvalidInputError("Choose the day of the review (today or earlier).")
        if not self.reviewed_by.value.strip() or not self.findings.value.strip():
            raise InvalidInputError("Write who reviewed and what was found, then record it.")
        saved = self.store.add_compliance_review(
            self.service_id,
            self.reviewed_on.value,
            self.reviewed_by.value.strip(),
            self.findings.value.strip(),
            self.next_review.value,
        )
        self.findings.value = ""
        self.show(self.service_id)
        self.status.show(f"Recorded the compliance review of {saved.reviewed_on:%-d %B %Y}.", "ok")
        return saved


class ReadyForOfcom(w.VBox):
    """Duty tasks, the compliance pack, the compliance review and the information-notices page."""

    def __init__(
        self, store, registers, status: StatusLine, service_id: Callable[[], str | None]
    ) -> None:
        self.duties = DutyTasksPanel(store, registers, status)
        self.pack = PackButton(store, service_id, status, registers)
        self.review = ComplianceReviewForm(store, status)
        self.requests = w.Button(
            description="What Ofcom can ask and how to answer", layout=auto_width()
        )
        self.requests.add_class("osa-open-ofcom-requests")
        super().__init__(
            [
                self.duties,
                w.HTML("<h3>Ready when Ofcom asks</h3>"),
                w.HBox([self.requests]),
                self.pack,
                self.review,
            ]
        )
        self.add_class("osa-ready")

    def show(self, service_id: str, profile, latest: dict) -> None:
        self.duties.show(service_id, profile, latest)
        self.review.show(service_id)
        self.pack.link.value = ""
