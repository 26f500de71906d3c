"""The app's home page: pick or create a service, see where it stands, open each walkthrough."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w

from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.status import service_status, undecided_measures
from osa_toolkit.files import app_state
from osa_toolkit.files.profiles import list_examples, preset_names
from osa_toolkit.widgets.app_style import style
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors
from osa_toolkit.widgets.html_bits import bullet_list, esc
from osa_toolkit.widgets.ready_panel import ReadyForOfcom

STATE_WORDS = {
    "not_done": "not done",
    "due": "to do",
    "ok": "up to date",
    "due_soon": "due soon",
    "overdue": "OVERDUE",
}


@dataclass(frozen=True)
class AppPage:
    """One page the home page opens: its button, its group on the home page, and its opener.

    ``method`` names the :class:`OsaApp` method that builds and shows the page (it returns the
    page widget). Another module can add a page with ``PAGES["key"] = AppPage(...)`` and an
    ``OsaApp`` method (or ``opener``, a function ``(app) -> widget``).
    """

    label: str
    css: str
    group: str  # "start" | "assess" | "overview"
    method: str = ""
    opener: Callable[[OsaApp], w.Widget] | None = None
    primary: bool = False


GROUPS = {
    "start": "Start here",
    "assess": "Assessments",
    "overview": "See where things stand",
}
PAGES: dict[str, AppPage] = {
    "scope": AppPage("Does the Act apply to me?", "osa-open-scope", "start", "open_scope"),
    "illegal_content": AppPage(
        "Illegal content risk assessment",
        "osa-open-illegal",
        "assess",
        "open_illegal_content",
        primary=True,
    ),
    "childrens_access": AppPage(
        "Children's access assessment", "osa-open-caa", "assess", "open_childrens_access"
    ),
    "childrens_risk": AppPage(
        "Children's risk assessment", "osa-open-childrens-risk", "assess", "open_childrens_risk"
    ),
    "age_assurance": AppPage(
        "Age assurance", "osa-open-age-assurance", "assess", "open_age_assurance"
    ),
    "dashboard": AppPage("Risk dashboard", "osa-open-dashboard", "overview", "open_dashboard"),
    "portfolio": AppPage(
        "All services (portfolio)", "osa-open-portfolio", "overview", "open_portfolio"
    ),
    "evidence": AppPage("Your moderation records", "osa-open-evidence", "assess", "open_evidence"),
    "lab": AppPage("Weightings lab (analysts)", "osa-open-lab", "overview", "open_weights_lab"),
}
"""Every page of the app, in the order of its buttons; extension point for new pages."""


def due_html(items) -> str:
    """The due list: state in words (and colour), the date, and the sentence."""
    colours = {"overdue": "#b00020", "due_soon": "#8a4b00", "due": "#1a1a1a", "ok": "#1b5e20"}
    rows = []
    for i in items:
        word = STATE_WORDS.get(i.state, i.state)
        date = f"{i.date:%-d %b %Y}" if i.date else ""
        rows.append(
            f"<tr class='osa-due-{i.state}'><td style='color:{colours[i.state]};"
            f"font-weight:600'>{esc(word)}</td><td>{esc(date)}</td><td>{esc(i.sentence)}</td></tr>"
        )
    if not rows:
        return "<p>Nothing is due.</p>"
    return (
        "<table class='osa-due'><thead><tr><th>State</th><th>Date</th><th>What</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
    )


class OsaApp(w.VBox):
    """Home page plus one open walkthrough at a time; everything is saved in ``store``."""

    def __init__(self, store=None, store_url: str | None = None, seed: bool = True) -> None:
        from osa_toolkit.store import open_store

        self.store = store or open_store(store_url)
        self.registers = load_registers(on=dt.date.today())
        self.status = StatusLine()
        self.status.add_class("osa-app-status")
        if seed:
            seeded = app_state.seed_example(self.store)
            if seeded:
                self.status.show(
                    "Welcome. An example service (a small cycling forum) is ready to explore; "
                    "add your own with 'New service'.",
                    "info",
                )
        self.picker = w.Dropdown(options=[])
        self.picker.add_class("osa-service-pick")
        self.summary = w.HTML()
        self.summary.add_class("osa-service-status")
        self.buttons: dict[str, w.Button] = {}
        guard = reports_errors(self.status)
        for key, page in PAGES.items():
            button = w.Button(
                description=page.label,
                button_style="primary" if page.primary else "",
                layout=auto_width(),
            )
            button.add_class(page.css)
            button.on_click(guard(lambda _b, k=key: self.open_page(k)))
            self.buttons[key] = button
        self.open_ic = self.buttons["illegal_content"]
        self.open_caa = self.buttons["childrens_access"]
        self.open_crisk = self.buttons["childrens_risk"]
        self.open_aa = self.buttons["age_assurance"]
        self.open_dash = self.buttons["dashboard"]
        self.open_lab = self.buttons["lab"]
        self.open_pf = self.buttons["portfolio"]
        self.open_ev = self.buttons["evidence"]  # issue 17: the evidence upload page
        self.due = w.HTML()
        self.due.add_class("osa-due-list")
        self.new_name = w.Text(placeholder="e.g. Riverside Allotments Forum")
        self.new_name.add_class("osa-new-name")
        starts = [(f"Example: {e.replace('_', ' ')}", e) for e in list_examples()]
        starts += [(f"Software preset: {n}", k) for k, n in sorted(preset_names().items())]
        self.new_from = w.Dropdown(options=starts, value=app_state.DEFAULT_EXAMPLE)
        self.new_from.add_class("osa-new-from")
        self.create = w.Button(description="Create service", layout=auto_width())
        self.create.add_class("osa-new-create")
        self.back = w.Button(description="Back to services", layout=auto_width())
        self.back.add_class("osa-back")
        self.page = w.VBox()
        self.page.add_class("osa-page")
        self.ready = ReadyForOfcom(
            self.store, self.registers, self.status, lambda: self.picker.value
        )
        self.ready.requests.on_click(reports_errors(self.status)(self.open_ofcom_requests))
        self._leaving = False
        self.service_status = None

        self.picker.observe(guard(self._show_status), names="value")
        self.create.on_click(guard(self._create))
        self.back.on_click(guard(self.go_home))
        self.home = w.VBox(
            [
                w.HTML(
                    "<h1>Online Safety Act assessments</h1><p>Offline, explained, versioned. Results "
                    "are indicative, with the reasons that produced them; this is not legal advice.</p>"
                ),
                labelled(self.picker, "Service"),
                self.summary,
                w.HTML("<h3>What is due</h3>"),
                self.due,
                *self._button_groups(),
                self.ready,
                w.HTML("<h3>New service</h3>"),
                labelled(self.new_name, "Name"),
                labelled(self.new_from, "Start from"),
                self.create,
            ]
        )
        super().__init__([style(), self.status, self.home, self.page])
        self.add_class("osa-app")
        self._refresh_services()

    def _button_groups(self) -> list[w.Widget]:
        out: list[w.Widget] = []
        for group, title in GROUPS.items():
            members = [self.buttons[k] for k, p in PAGES.items() if p.group == group]
            if members:
                box = w.HBox(members, layout=w.Layout(flex_flow="row wrap", grid_gap="6px"))
                out += [w.HTML(f"<h3>{esc(title)}</h3>"), box]
        return out

    # ------------------------------------------------------------------ home
    def _refresh_services(self, select: str | None = None) -> None:
        entries = app_state.list_services(self.store)
        ids = [e.service_id for e in entries]
        self.picker.options = [
            (
                e.name + (" (new: no assessment saved yet)" if e.source == "draft" else ""),
                e.service_id,
            )
            for e in entries
        ]
        if select is None and self.picker.value is None:
            last = app_state.last_service()
            select = last if last in ids else None
        if select in ids:
            self.picker.value = select
        elif entries and self.picker.value is None:
            self.picker.value = entries[0].service_id
        self._show_status()

    def _show_status(self, change=None) -> None:
        sid = self.picker.value
        if sid is None:
            self.summary.value = "<p>No services yet: create one below.</p>"
            return
        profile = app_state.profile_for(self.store, sid)
        latest = app_state.latest_documents(self.store, sid)
        dates = {
            kind: (v.version, v.created_at.date(), v.next_review) for kind, v in latest.items()
        }
        undecided = None
        if "illegal_content" in latest:
            from osa_toolkit.core.record_kinds import record_from_document

            ic = latest["illegal_content"]
            undecided = undecided_measures(
                record_from_document("illegal_content", ic.document, f"version {ic.version}")
            )
        st = service_status(profile, self.registers, dates, dt.date.today(), undecided)
        app_state.remember_service(sid)
        self.service_status = st
        self.summary.value = f"<h2>{esc(st.service_name)}</h2>" + bullet_list(st.lines[:2])
        self.due.value = due_html(st.due)
        self.ready.show(sid, profile, latest)

    def _create(self, _button=None) -> None:
        sid, _profile = app_state.new_service(
            self.new_name.value, self.new_from.value, store=self.store
        )
        self.new_name.value = ""
        self._refresh_services(select=sid)
        self.status.show("Created a draft; open an assessment to fill it in.", "ok")

    # ------------------------------------------------------------------ pages
    def open_page(self, key: str):
        """Open one of :data:`PAGES` (by its key) and return its widget."""
        page = PAGES[key]
        if page.opener is not None:
            widget = page.opener(self)
            self._open(widget)
            return widget
        return getattr(self, page.method)()

    def _open(self, page: w.Widget) -> None:
        self.page.children = [self.back, page]
        self.home.layout.display = "none"
        self._leaving = False
        self.status.clear()
        actions = getattr(page, "actions", None)
        if actions is not None and hasattr(actions, "after_save"):
            actions.after_save = lambda saved, p=page: self._suggest_next(p)
            actions.snapshot()

    def current_page(self) -> w.Widget | None:
        return self.page.children[1] if len(self.page.children) > 1 else None

    def go_home(self, _button=None) -> None:
        page = self.current_page()
        actions = getattr(page, "actions", None)
        unsaved = actions is not None and hasattr(actions, "unsaved") and actions.unsaved()
        if unsaved and not self._leaving:
            self._leaving = True
            self.status.show(
                "This assessment has changes that are not saved. Press 'Save a new version' to "
                "keep them, or press 'Back to services' again to leave without saving (your "
                "answers about the service are kept as a draft).",
                "warning",
            )
            return
        self._leaving = False
        self.page.children = []
        self.home.layout.display = None
        self.status.clear()
        self._refresh_services(select=self.picker.value)

    def _suggest_next(self, page) -> None:
        """After a save: say what is due next for this service (and leave the page as it is)."""
        self._refresh_services(select=self.picker.value)
        items = [i for i in self.service_status.due if i.state != "ok"]
        if items:
            page.status.show(f"{page.status.message} Next: {items[0].sentence}", page.status.kind)

    def open_scope(self, _button=None):
        from osa_toolkit.widgets.scope_page import ScopePage

        sid = self.picker.value
        page = ScopePage(app_state.profile_for(self.store, sid), self.store, sid, self.registers)
        self._open(page)
        return page

    def open_illegal_content(self, _button=None):
        from osa_toolkit.widgets.walkthrough import IllegalContentWalkthrough

        sid = self.picker.value
        walkthrough = IllegalContentWalkthrough(
            app_state.profile_for(self.store, sid), self.store, sid
        )
        self._open(walkthrough)
        return walkthrough

    def open_childrens_access(self, _button=None):
        from osa_toolkit.widgets.caa_walkthrough import ChildrensAccessWalkthrough

        sid = self.picker.value
        walkthrough = ChildrensAccessWalkthrough(
            app_state.profile_for(self.store, sid), self.store, sid
        )
        self._open(walkthrough)
        return walkthrough

    def open_childrens_risk(self, _button=None):
        from osa_toolkit.widgets.children_pages import ChildrensRiskPage

        sid = self.picker.value
        page = ChildrensRiskPage(app_state.profile_for(self.store, sid), self.store, sid)
        self._open(page)
        return page

    def open_age_assurance(self, _button=None):
        from osa_toolkit.widgets.children_pages import AgeAssurancePage

        sid = self.picker.value
        page = AgeAssurancePage(app_state.profile_for(self.store, sid), self.store, sid)
        self._open(page)
        return page

    def open_evidence(self, _button=None):
        from osa_toolkit.widgets.evidence_upload import EvidencePage

        sid = self.picker.value
        page = EvidencePage(app_state.profile_for(self.store, sid), self.store, sid)
        self._open(page)
        return page

    def open_ofcom_requests(self, _button=None):
        from osa_toolkit.widgets.ofcom_requests_page import OfcomRequestsPage

        page = OfcomRequestsPage()
        self._open(page)
        return page

    def open_dashboard(self, _button=None):
        from osa_toolkit.widgets.dashboard import RiskDashboard

        page = RiskDashboard(store=self.store, service_id=self.picker.value)
        self._open(page)
        return page

    def open_portfolio(self, _button=None):
        from osa_toolkit.widgets.portfolio import PortfolioView

        page = PortfolioView(store=self.store)
        self._open(page)
        return page

    def open_weights_lab(self, _button=None):
        from osa_toolkit.widgets.weights_lab import WeightsLab

        profiles = {  # shown by name in the lab's tables
            e.name: app_state.profile_for(self.store, e.service_id)
            for e in app_state.list_services(self.store)
        }
        page = WeightsLab(profiles=profiles or None)
        self._open(page)
        return page
