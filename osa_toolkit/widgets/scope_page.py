"""The "Does the Act apply to me?" page: the scope questions in plain words, and the regulation
checker's answer with its reasons, the duties and their dates (what ``osa-toolkit check`` prints).

The answers are the service's profile (kept as its draft, like every page of the app); the decision
is :func:`osa_toolkit.core.scope.check_scope`'s, shown by :class:`~osa_toolkit.widgets.scope_view.
ScopeView`.
"""

from __future__ import annotations

import ipywidgets as w

from osa_toolkit.widgets.base import StatusLine, reports_errors
from osa_toolkit.widgets.html_bits import esc
from osa_toolkit.widgets.profile_form import ProfileForm
from osa_toolkit.widgets.scope_view import ScopeView

PLAIN_LIMITS = {
    "email": "Emails",
    "sms": "Text messages (SMS)",
    "mms": "Picture messages (MMS)",
    "one_to_one_live_aural": "One-to-one voice calls, live",
    "comments_on_provider_content": "Comments on content we publish ourselves",
    "reviews_on_provider_content": "Reviews of our own products or content",
}
PLAIN_EXEMPTIONS = {
    "none": "None of these",
    "internal_business": "An internal tool of a business (only its staff use it)",
    "public_body": "Run by a public body for its public functions",
    "education_childcare": "Run by a school, college or childcare provider for its pupils",
}


class ScopePage(w.VBox):
    """Answer a few questions; read whether the Act applies, why, and which duties fall when."""

    def __init__(self, profile, store=None, service_id: str | None = None, registers=None):
        from osa_toolkit.core.record import service_id_for
        from osa_toolkit.files.app_state import draft_path

        self.store = store
        self.service_id = service_id or service_id_for(profile.service.name)
        self._draft = draft_path(self.service_id)
        self.status = StatusLine()
        self.status.add_class("osa-scope-status")
        self.form = ProfileForm(profile, registers, sections=("scope",), file_controls=False)
        self._plain_words()
        self.view = ScopeView(self.form, registers)
        self.view.add_class("osa-scope-result")
        self.form.observe(reports_errors(self.status)(self._autosave), names="value")
        super().__init__(
            [
                w.HTML(
                    f"<h2>{esc(profile.service.name)} — does the Online Safety Act apply?</h2>"
                    "<p>Answer what you know; 'Don't know' is treated cautiously and listed. The "
                    "answer below says which parts of the Act apply, why, and by when each duty "
                    "falls. Indicative, not legal advice.</p>"
                ),
                self.form,
                self.view,
                self.status,
            ]
        )
        self.add_class("osa-scope-page")

    @property
    def profile(self):
        return self.form.value

    def _plain_words(self) -> None:
        limits = self.form.controls.get("scope.ugc_limited_to")
        if limits is not None:
            value = limits.value
            limits.options = [(PLAIN_LIMITS.get(k, k), k) for _, k in limits.options]
            limits.value = value
        exemption = self.form.controls.get("scope.service_exemption")
        if exemption is not None:
            value = exemption.value
            exemption.options = [(PLAIN_EXEMPTIONS.get(k, k), k) for _, k in exemption.options]
            exemption.value = value

    def _autosave(self, change=None) -> None:
        from osa_toolkit.files.profiles import save_profile

        self._draft.parent.mkdir(parents=True, exist_ok=True)
        save_profile(self.profile, self._draft)
