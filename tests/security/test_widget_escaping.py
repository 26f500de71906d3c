"""Every page of the app escapes every string a user wrote (checked on the widgets, no browser).

A store holds the four records of one service whose every user-written field is a payload (see
``sample_records``), and a weightings set saved with the payload as who and why. The app opens that
service and every page (the four assessments, the dashboard, the portfolio, the weightings lab),
prepares the downloads, and every HTML the widgets hold is parsed: it must have exactly the elements
and attributes of the same pages for a service written in plain words. ``tests/security/browser``
checks the same in a real browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from osa_toolkit.core.method.weights import load_weights
from osa_toolkit.files.weight_sets import save_weight_set, weights_dir

from osa_toolkit.core.caa_record import caa_record_to_dict
from osa_toolkit.core.children_records import children_record_to_dict
from osa_toolkit.core.record import record_to_dict
from osa_toolkit.store import open_store
from osa_toolkit.widgets.app import OsaApp
from tests.security.payloads import ALL, PAYLOADS, assert_inert
from tests.security.sample_records import build_records

TO_DICT = {
    "illegal_content": record_to_dict,
    "childrens_access": caa_record_to_dict,
    "childrens_risk": children_record_to_dict,
    "age_assurance": children_record_to_dict,
}


def html_of(widget: w.Widget) -> Iterator[str]:
    """Every piece of HTML a widget tree shows: HTML widgets, HTML descriptions, outputs."""
    if isinstance(widget, w.HTML | w.HTMLMath) and widget.value:
        yield widget.value
    style = getattr(widget, "description_allow_html", False)
    if style and getattr(widget, "description", ""):
        yield widget.description
    if isinstance(widget, w.Output):
        for out in widget.outputs:
            html = out.get("data", {}).get("text/html")
            if html:
                yield html if isinstance(html, str) else "".join(html)
    for child in getattr(widget, "children", ()):
        yield from html_of(child)


def saved_store(folder: Path, text: str):
    """A store with the four records of one service, every user field holding ``text``."""
    store = open_store(folder / "records.sqlite3")
    for kind, record in build_records(text).items():
        store.save_record(kind, record, TO_DICT[kind](record))
    return store, record.service_id


def every_page(folder: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Open the service and every page of the app (its data folder in ``folder``); return all the
    HTML shown on the way."""
    monkeypatch.setenv("OSA_TOOLKIT_HOME", str(folder / "home"))
    assert weights_dir() == folder / "home" / "weights"
    store, service_id = saved_store(folder, text)
    save_weight_set("hostile", load_weights(), text, text)
    app = OsaApp(store=store, seed=False)
    app.picker.value = service_id
    shown = list(html_of(app))
    for opener in (
        app.open_illegal_content,
        app.open_childrens_access,
        app.open_childrens_risk,
        app.open_age_assurance,
        app.open_dashboard,
        app.open_portfolio,
        app.open_weights_lab,
    ):
        page = opener()
        for action in ("prepare_downloads", "build"):
            if hasattr(page, action):
                getattr(page, action)()
        if hasattr(page, "actions"):
            page.actions.prepare_downloads()
        assert app.status.kind != "error", f"{opener.__name__}: {app.status.message}"
        shown += list(html_of(app))
        app.go_home()
    store.close()
    return shown


def test_every_page_escapes_every_payload(tmp_path: Path, monkeypatch) -> None:
    plain = every_page(tmp_path / "plain", "Plain words", monkeypatch)
    hostile = every_page(tmp_path / "hostile", ALL, monkeypatch)
    assert_inert("\n".join(hostile), "\n".join(plain), ALL, "the app's pages")


@pytest.mark.parametrize("name", ["script", "img onerror", "svg onload", "textarea breakout"])
def test_the_childrens_pages_title_is_escaped(name: str) -> None:
    """The page heading of the children's risk and age-assurance pages (once unescaped)."""
    from osa_toolkit.files.profiles import load_profile

    from osa_toolkit.core.profile import replace_in
    from osa_toolkit.widgets.children_pages import AgeAssurancePage, ChildrensRiskPage

    profile = load_profile("kingsbury_cycling_forum")
    hostile = replace_in(profile, "service.name", PAYLOADS[name])
    for page_class in (ChildrensRiskPage, AgeAssurancePage):
        heading = "".join(html_of(page_class(hostile).children[0]))
        plain = "".join(html_of(page_class(profile).children[0]))
        assert_inert(heading, plain, PAYLOADS[name], page_class.__name__)
