"""The app's home page: pick or create a service, see where it stands, open each walkthrough."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from osa_toolkit import app_state
from osa_toolkit.core.registers import load_registers
from osa_toolkit.core.status import service_status
from osa_toolkit.profile_files import list_examples, preset_names
from osa_toolkit.widgets.base import StatusLine, auto_width, labelled, reports_errors
from osa_toolkit.widgets.html_bits import bullet_list, esc

STATE_WORDS = {
    "not_done": "not done",
    "ok": "up to date",
    "due_soon": "due soon",
    "overdue": "OVERDUE",
}


class OsaApp(w.VBox):
    """Home page plus one open walkthrough at a time; everything is saved in ``store``."""

    def __init__(self, store=None, store_url: str | None = None, seed: bool = True) -> None:
        from osa_toolkit.store import open_store

        self.store = store or open_store(store_url)
        self.registers = load_registers()
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
        self.open_ic = w.Button(
            description="Illegal content risk assessment", button_style="primary"
        )
        self.open_ic.add_class("osa-open-illegal")
        self.open_caa = w.Button(description="Children's access assessment", layout=auto_width())
        self.open_caa.add_class("osa-open-caa")
        self.open_crisk = w.Button(description="Children's risk assessment", layout=auto_width())
        self.open_crisk.add_class("osa-open-childrens-risk")
        self.open_aa = w.Button(description="Age assurance", layout=auto_width())
        self.open_aa.add_class("osa-open-age-assurance")
        self.open_dash = w.Button(description="Risk dashboard", layout=auto_width())
        self.open_dash.add_class("osa-open-dashboard")
        self.open_lab = w.Button(description="Weightings lab (analysts)", layout=auto_width())
        self.open_lab.add_class("osa-open-lab")
        self.open_pf = w.Button(description="All services (portfolio)", layout=auto_width())
        self.open_pf.add_class("osa-open-portfolio")
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

        guard = reports_errors(self.status)
        self.picker.observe(guard(self._show_status), names="value")
        self.open_ic.on_click(guard(self.open_illegal_content))
        self.open_caa.on_click(guard(self.open_childrens_access))
        self.open_crisk.on_click(guard(self.open_childrens_risk))
        self.open_aa.on_click(guard(self.open_age_assurance))
        self.open_dash.on_click(guard(self.open_dashboard))
        self.open_lab.on_click(guard(self.open_weights_lab))
        self.open_pf.on_click(guard(self.open_portfolio))
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
                w.HTML("<h3>Assessments</h3>"),
                w.HBox([self.open_ic, self.open_caa, self.open_crisk, self.open_aa]),
                w.HTML("<h3>See where things stand</h3>"),
                w.HBox([self.open_dash, self.open_pf, self.open_lab]),
                w.HTML("<h3>New service</h3>"),
                labelled(self.new_name, "Name"),
                labelled(self.new_from, "Start from"),
                self.create,
            ]
        )
        super().__init__([self.status, self.home, self.page])
        self.add_class("osa-app")
        self._refresh_services()

    # ------------------------------------------------------------------ home
    def _refresh_services(self, select: str | None = None) -> None:
        entries = app_state.list_services(self.store)
        self.picker.options = [
            (e.name + (" (draft, not saved yet)" if e.source == "draft" else ""), e.service_id)
            for e in entries
        ]
        if select:
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
        st = service_status(profile, self.registers, dates, dt.date.today())
        rows = [f"{r.what}: {STATE_WORDS[r.state]}" for r in st.reviews]
        self.summary.value = (
            f"<h2>{esc(st.service_name)}</h2>"
            + bullet_list(st.lines)
            + "<p><b>Reviews:</b></p>"
            + bullet_list(rows)
        )

    def _create(self, _button=None) -> None:
        sid, _profile = app_state.new_service(
            self.new_name.value, self.new_from.value, store=self.store
        )
        self.new_name.value = ""
        self._refresh_services(select=sid)
        self.status.show("Created a draft; open an assessment to fill it in.", "ok")

    # ------------------------------------------------------------------ pages
    def _open(self, page: w.Widget) -> None:
        self.page.children = [self.back, page]
        self.home.layout.display = "none"
        self.status.clear()

    def go_home(self, _button=None) -> None:
        self.page.children = []
        self.home.layout.display = None
        self._refresh_services(select=self.picker.value)

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
