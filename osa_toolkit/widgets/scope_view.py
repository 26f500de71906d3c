"""Shows what the regulation checker and the children's access assessment concluded, with the
reasons, and follows a :class:`~osa_toolkit.widgets.profile_form.ProfileForm` as it changes."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w

from osa_toolkit.core.profile import ServiceProfile
from osa_toolkit.core.profile.questions import question_words
from osa_toolkit.core.scope import ScopeResult, check_scope
from osa_toolkit.core.scope.childrens_access import ChildrensAccessResult
from osa_toolkit.widgets.base import StatusLine, reports_errors

REGIME_NAMES = {
    "part3_user_to_user": "Part 3 — user-to-user service duties",
    "part3_search": "Part 3 — search service duties",
    "part5_pornography": "Part 5 — provider pornography duties (highly effective age checks)",
}
DISCLAIMER = "Indicative only, with reasons; not legal advice."


def _items(lines: Any) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in lines) + "</ul>"


def scope_html(result: ScopeResult, registers: Any) -> str:
    """The checker's result as HTML (headline, parts, exemptions, reasons, duties, unknowns)."""
    names = {e.id: f"{e.name} ({e.provision})" for e in registers.exemptions}
    head = "In scope" if result.in_scope else "Not in scope"
    parts = [
        f"<h3 class='osa-scope-headline'>{head}</h3>",
        f"<p><em>{DISCLAIMER} Edition {html.escape(result.edition)}.</em></p>",
        "<h4>Parts of the Act</h4>",
        _items([REGIME_NAMES[r] for r in result.regimes] or ["None"]),
        "<h4>Exemptions</h4>",
        _items([names.get(e, e) for e in result.exemptions] or ["None"]),
        "<h4>Why</h4>",
        _items(result.reasons),
    ]
    if result.duties:
        rows = "".join(
            f"<tr><td>{d.due.isoformat()}</td><td>{html.escape(d.title)}"
            f"{' <strong>(may apply)</strong>' if d.status == 'may_apply' else ''}</td>"
            f"<td>{html.escape(d.section or '')}</td></tr>"
            for d in result.duties
        )
        parts += [
            "<h4>Duties and dates</h4>",
            "<table class='osa-duties'><thead><tr><th>Due</th><th>What</th><th>Act</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>",
        ]
    if result.unknowns:
        parts += [
            "<h4>Answered “don't know” (treated cautiously)</h4>",
            _items([question_words(k) for k in result.unknowns]),
        ]
    return "".join(parts)


def childrens_access_html(caa: ChildrensAccessResult) -> str:
    """The children's access assessment as HTML, with what to record and when to repeat it."""
    if caa.likely_accessed:
        head = "Likely to be accessed by children"
    else:
        head = "Not likely to be accessed by children"
    stage2 = {True: "met", False: "not met", None: "not reached"}[caa.child_user_condition]
    return "".join(
        [
            f"<h3 class='osa-caa-headline'>Children's access: {head}</h3>",
            f"<p>Stage 1 (possible for children to access): {'yes' if caa.possible else 'no'}. "
            f"Stage 2 (child user condition): {stage2}.</p>",
            "<h4>Why</h4>",
            _items(caa.reasons),
            "<h4>What to record</h4>",
            _items(caa.what_to_record),
            f"<p>Repeat by {caa.next_due.isoformat()} at the latest, and sooner:</p>",
            _items(caa.repeat_triggers),
            f"<p>{html.escape(caa.deemed_if_not_done)}</p>",
        ]
    )


class ScopeView(w.VBox):
    """The checker's and the children's access results for a profile, redrawn when it changes."""

    def __init__(self, source: Any, registers: Any = None, today: dt.date | None = None) -> None:
        if registers is None:
            from osa_toolkit.core.registers import load_registers

            registers = load_registers()
        self.registers, self.today = registers, today
        self.status = StatusLine()
        self.scope = w.HTML()
        self.scope.add_class("osa-scope")
        self.children_html = w.HTML()
        self.children_html.add_class("osa-caa")
        self.result: ScopeResult | None = None
        super().__init__([self.status, self.scope, self.children_html])
        self._safe_show = reports_errors(self.status)(self.show)
        if isinstance(source, ServiceProfile):
            self.show(source)
        else:  # a ProfileForm (anything with a ServiceProfile ``value`` trait)
            source.observe(lambda change: self._safe_show(change["new"]), names="value")
            self.show(source.value)

    def show(self, profile: ServiceProfile) -> None:
        self.result = check_scope(profile, self.registers, today=self.today)
        self.scope.value = scope_html(self.result, self.registers)
        self.children_html.value = childrens_access_html(self.result.childrens_access)
        self.status.clear()
