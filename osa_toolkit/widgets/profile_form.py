"""A form for a service profile: every answer as a labelled control, a preset picker, and
load / save as YAML.

The form holds a frozen :class:`~osa_toolkit.core.profile.ServiceProfile` in ``.value``; each change
re-assigns a new one (via :func:`~osa_toolkit.core.profile.replace_in`), which fires ``observe``.
The form never decides anything: a refused change (say, encrypted messaging with no messaging) shows
the core's sentence in the status line and the control goes back to the profile's answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import traitlets

from osa_toolkit.core.errors import OsaToolkitError, ProfileError
from osa_toolkit.core.profile import ServiceProfile, apply_preset, replace_in
from osa_toolkit.core.vocabulary import (
    FUNCTIONALITIES,
    PROVIDER_KINDS,
    SEARCH_TYPES,
    SERVICE_EXEMPTIONS,
    SERVICE_TYPES,
    UGC_LIMITS,
)
from osa_toolkit.files.profiles import load_presets, load_profile, preset_names, save_profile
from osa_toolkit.widgets.base import StatusLine, labelled, reports_errors

DEFAULT_EXAMPLE = "kingsbury_cycling_forum"
TRI_OPTIONS = [("Yes", "yes"), ("No", "no"), ("Don't know", "unknown")]
_TRI_IN = {True: "yes", False: "no", None: "unknown"}
_TRI_OUT = {v: k for k, v in _TRI_IN.items()}

TRI_LABELS = {
    "scope.uk_target_market": "Is the UK a target market?",
    "scope.significant_uk_users": "A significant number of UK users?",
    "scope.uk_material_risk_of_significant_harm": "Material risk of significant harm to people in "
    "the UK?",
    "children.significant_number_of_child_users": "A significant number of child users?",
    "children.likely_to_attract_children": "Likely to attract children?",
}
CHECK_LABELS = {
    "scope.user_to_user": "Users can share content other users may see (user-to-user)",
    "scope.search_engine": "The service is or includes a search engine",
    "scope.provider_pornography": "We publish pornographic content ourselves",
    "children.highly_effective_age_assurance": "Highly effective age checks with access controls "
    "keep children out",
    "children.determines_user_ages": "We already have a means of determining users' ages",
    "search.predictive_search": "Search suggestions as people type",
    "search.image_search": "Image or visual search",
}
FUNCTIONALITY_LABELS = {
    "user_profiles": "User names or profile pictures shown with what users post",
    "profile_pages": "Profile pages with more than a user name and picture",
    "anonymous_profiles": "Anonymous or pseudonymous profiles",
    "posting_without_account": "Posting text or links without an account",
    "visible_connection_lists": "Lists of a user's connections that others can see",
}
"""Labels for the answers that split one of Ofcom's questions (the split is the toolkit's own)."""
HELP = {
    "scope.search_engine": "A search engine searches many websites or databases. A search box "
    "over your own service's posts or pages is not a search engine under the Act: tick "
    "'searching user content' under What users can do instead.",
    "functionalities.user_profiles": "A user name or profile picture beside a comment or post. "
    "On its own this is 'identifying content', which keeps the comments-only exemption.",
    "functionalities.profile_pages": "A page about a user that shows more than a name and "
    "picture, such as a bio, links or a list of their posts. Such pages end the comments-only "
    "exemption.",
    "functionalities.anonymous_profiles": "Users can post under a name that does not reveal who "
    "they are, or use throwaway accounts.",
    "functionalities.posting_without_account": "Anyone can post text or links without signing "
    "up, for example guest posting. Ofcom's table for links to child sexual abuse material turns "
    "on this.",
    "functionalities.visible_connection_lists": "Other people can see who a user follows, who "
    "follows them or their friends list. Ofcom's grooming table turns on this.",
    "functionalities.content_recommender": "Ofcom's question 8 asks about recommender "
    "systems; the toolkit splits it into content (8c) and network (8n) recommenders.",
    "functionalities.network_recommender": "Ofcom's question 8 asks about recommender "
    "systems; the toolkit splits it into content (8c) and network (8n) recommenders.",
    "children.determines_user_ages": "You already have a way to tell which users are children, "
    "for example age checks or age data you hold. Some Codes measures (ICU F1, F2) apply only "
    "then.",
}
"""Help shown below a control where the difference between two answers matters."""
TEXT_LABELS = {
    "service.name": "Service name",
    "service.url": "Web address",
    "service.description": "What it is",
    "provider.name": "Who provides it",
    "users.uk_users_method": "How the UK figure was estimated",
}
COUNT_LABELS = {
    "users.uk_monthly_active_users": "Monthly active UK users (blank if not known)",
    "users.total_monthly_active_users": "Monthly active users, everywhere (blank if not known)",
}


def _count_in(value: int | None) -> str:
    return "" if value is None else str(value)


def _count_out(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise ProfileError(
            f"A number of users must be a whole number of 0 or more; found {text!r}."
        )
    return int(text)


def _blank_none(text: str) -> str | None:
    return text.strip() or None


def _name(text: str) -> str:
    if not text.strip():
        raise ProfileError("The service needs a name; found an empty box.")
    return text.strip()


class ProfileForm(w.VBox):
    """Edit one service profile; ``.value`` is always a valid, frozen ServiceProfile."""

    value = traitlets.Instance(ServiceProfile)

    SECTIONS = ("service", "scope", "users", "types", "children", "functionalities", "search")

    def __init__(
        self,
        profile: ServiceProfile | None = None,
        registers: Any = None,
        sections: tuple[str, ...] | None = None,
        file_controls: bool = True,
    ) -> None:
        """``sections`` limits the form to some of :attr:`SECTIONS` (default: all of them)."""
        if registers is None:
            from osa_toolkit.core.registers import load_registers

            registers = load_registers()
        self.status = StatusLine()
        self._presets = load_presets()
        self._syncing = False
        self.controls: dict[str, w.Widget] = {}
        self._convert: dict[str, tuple[Any, Any]] = {}
        factor_names = {f.id: f.name for f in registers.risk_factors}
        methods = [(m.name, m.id) for m in registers.age_assurance_methods]
        builders = {
            "service": ("The service", self._service_controls),
            "scope": ("Does the Act reach it?", self._scope_controls),
            "users": ("Users", self._user_controls),
            "types": ("Kind of service", lambda: self._type_controls(factor_names)),
            "children": ("Children", lambda: self._children_controls(methods)),
            "functionalities": (
                "What users can do",
                lambda: self._functionality_controls(factor_names),
            ),
            "search": ("Search engine", self._search_controls),
        }
        chosen = sections or self.SECTIONS
        parts = [self._section(builders[k][0], builders[k][1]()) for k in chosen]
        files = self._file_controls()  # builds the preset picker the syncing relies on
        super().__init__([files, self.status, *parts] if file_controls else [self.status, *parts])
        self.add_class("osa-profile-form")
        self.observe(self._refresh, names="value")
        self.value = profile if profile is not None else load_profile(DEFAULT_EXAMPLE)

    @classmethod
    def from_file(cls, path: str | Path, registers: Any = None) -> ProfileForm:
        """A form opened on a profile file (or on the example with that id).

        A file that cannot be used opens the default example instead, with the reason in the
        status line (a notebook page shows the sentence, not a traceback).
        """
        try:
            return cls(load_profile(path), registers)
        except OsaToolkitError as err:
            form = cls(None, registers)
            form.status.show(f"{err} Showing the example profile instead.", "error")
            return form

    # ------------------------------------------------------------------ building controls
    @staticmethod
    def _section(title: str, children: list[w.Widget]) -> w.VBox:
        return w.VBox([w.HTML(f"<h3>{title}</h3>"), *children])

    def _bind(self, key: str, widget: w.Widget, to_widget=None, from_widget=None) -> w.Widget:
        self.controls[key] = widget
        self._convert[key] = (to_widget or (lambda v: v), from_widget or (lambda v: v))
        widget.add_class("osa-" + key.replace(".", "-").replace("_", "-").replace(":", "-"))
        widget.observe(reports_errors(self.status)(lambda ch, k=key: self._changed(k, ch)), "value")
        return widget

    def _text(self, key: str, multiline: bool = False) -> w.Widget:
        widget = (w.Textarea if multiline else w.Text)(continuous_update=False)
        self._bind(key, widget, lambda v: v or "", _name if key == "service.name" else _blank_none)
        return labelled(widget, TEXT_LABELS[key])

    def _check(self, key: str, label: str) -> w.Widget:
        return labelled(self._bind(key, w.Checkbox(indent=False)), label, HELP.get(key, ""))

    def _tri(self, key: str) -> w.Widget:
        widget = w.Dropdown(options=TRI_OPTIONS)
        return labelled(self._bind(key, widget, _TRI_IN.get, _TRI_OUT.get), TRI_LABELS[key])

    def _file_controls(self) -> w.Widget:
        names = preset_names(self._presets)
        self.preset = w.Dropdown(options=[("None", "")] + [(names[k], k) for k in sorted(names)])
        self.preset.add_class("osa-preset")
        self.preset.observe(reports_errors(self.status)(self._pick_preset), "value")
        self.load_path = w.Text(placeholder="e.g. my_forum.yaml")
        self.load_button = w.Button(description="Load profile")
        self.save_path = w.Text(placeholder="e.g. my_forum.yaml")
        self.save_button = w.Button(description="Save as YAML", button_style="primary")
        for widget, css in ((self.load_button, "osa-load"), (self.save_button, "osa-save")):
            widget.add_class(css)
        self.load_button.on_click(reports_errors(self.status)(self._load))
        self.save_button.on_click(reports_errors(self.status)(self._save))
        return w.VBox(
            [
                labelled(
                    self.preset, "Software preset", "Typical settings of common forum software."
                ),
                w.HBox([labelled(self.load_path, "Profile file to load"), self.load_button]),
                w.HBox([labelled(self.save_path, "Save to file"), self.save_button]),
            ]
        )

    def _service_controls(self) -> list[w.Widget]:
        started = self._bind("service.started_on", w.DatePicker())
        kind = w.Dropdown(
            options=[("Not said", "")] + [(k.replace("_", " "), k) for k in PROVIDER_KINDS]
        )
        return [
            self._text("service.name"),
            self._text("service.url"),
            self._text("service.description", multiline=True),
            labelled(started, "First available to UK users on", "Leave blank if long established."),
            self._text("provider.name"),
            labelled(
                self._bind("provider.kind", kind, lambda v: v or "", lambda v: v or None),
                "Kind of provider",
            ),
        ]

    def _scope_controls(self) -> list[w.Widget]:
        limited = w.SelectMultiple(options=[(k.replace("_", " "), k) for k in UGC_LIMITS], rows=6)
        exemption = w.Dropdown(options=[(k.replace("_", " "), k) for k in SERVICE_EXEMPTIONS])
        return [
            *(
                self._check(k, CHECK_LABELS[k])
                for k in ("scope.user_to_user", "scope.provider_pornography")
            ),
            labelled(
                self._bind("scope.ugc_limited_to", limited, tuple, tuple),
                "Users can share only these",
                "Leave empty unless this is all users can do.",
            ),
            labelled(self._bind("scope.service_exemption", exemption), "Service exemption"),
            *(self._tri(k) for k in TRI_LABELS if k.startswith("scope.")),
        ]

    def _user_controls(self) -> list[w.Widget]:
        counts = [
            labelled(self._bind(k, w.Text(continuous_update=False), _count_in, _count_out), label)
            for k, label in COUNT_LABELS.items()
        ]
        return [*counts, self._text("users.uk_users_method")]

    def _type_controls(self, names: dict[str, str]) -> list[w.Widget]:
        return [
            self._check(f"service_types:{t}", f"{names.get(code, t)} ({code})")
            for t, code in SERVICE_TYPES.items()
        ]

    def _children_controls(self, methods: list[tuple[str, str]]) -> list[w.Widget]:
        chooser = w.SelectMultiple(options=methods, rows=min(len(methods), 8) or 1)
        return [
            self._check(
                "children.highly_effective_age_assurance",
                CHECK_LABELS["children.highly_effective_age_assurance"],
            ),
            self._check(
                "children.determines_user_ages", CHECK_LABELS["children.determines_user_ages"]
            ),
            labelled(
                self._bind("children.age_assurance_methods", chooser, tuple, tuple),
                "Age checks used",
            ),
            *(self._tri(k) for k in TRI_LABELS if k.startswith("children.")),
        ]

    def _functionality_controls(self, names: dict[str, str]) -> list[w.Widget]:
        return [
            self._check(
                f"functionalities.{k}",
                f"{FUNCTIONALITY_LABELS.get(k) or names.get(code, k)} ({code})",
            )
            for k, code in FUNCTIONALITIES.items()
        ]

    def _search_controls(self) -> list[w.Widget]:
        kind = w.Dropdown(options=[(k, k) for k in SEARCH_TYPES] + [("Don't know", "unknown")])
        return [
            self._check("scope.search_engine", CHECK_LABELS["scope.search_engine"]),
            labelled(
                self._bind(
                    "search.search_type",
                    kind,
                    lambda v: v or "unknown",
                    lambda v: None if v == "unknown" else v,
                ),
                "Kind of search",
            ),
            self._check("search.predictive_search", CHECK_LABELS["search.predictive_search"]),
            self._check("search.image_search", CHECK_LABELS["search.image_search"]),
        ]

    # ------------------------------------------------------------------ syncing
    def _current(self, key: str) -> Any:
        if key.startswith("service_types:"):
            return key.split(":", 1)[1] in self.value.service_types
        if key.startswith("search.") and self.value.search is None:
            return {"search.search_type": None}.get(key, False)
        return self.value.get(key)

    def _changed(self, key: str, change: dict) -> None:
        if self._syncing:
            return
        try:
            try:
                value = self._convert[key][1](change["new"])
            except ProfileError as err:  # name the field the person was typing in
                raise ProfileError(f"{key.split(':')[0]!r}: {err}") from None
            if key.startswith("service_types:"):
                chosen = set(self.value.service_types)
                kind = key.split(":", 1)[1]
                (chosen.add if value else chosen.discard)(kind)
                types = tuple(t for t in SERVICE_TYPES if t in chosen)
                new = replace_in(self.value, "service_types", types)
            else:
                new = replace_in(self.value, key, value)
        except Exception:
            self._refresh()  # put the control back to the profile's answer
            raise
        self.status.clear()
        self.value = new

    def _refresh(self, change: dict | None = None) -> None:
        self._syncing = True
        try:
            for key, widget in self.controls.items():
                value = self._convert[key][0](self._current(key))
                if isinstance(widget, w.SelectMultiple):  # keep ids this form does not list
                    known = {v for _, v in widget.options}
                    extra = [(v, v) for v in value if v not in known]
                    if extra:
                        widget.options = [*widget.options, *extra]
                widget.value = value
            software = self.value.service.software
            self.preset.value = software if software in self._presets else ""
            searching = self.value.scope.search_engine
            for key in ("search.search_type", "search.predictive_search", "search.image_search"):
                if key in self.controls:  # the search section may not be shown
                    self.controls[key].disabled = not searching
        finally:
            self._syncing = False

    # ------------------------------------------------------------------ buttons
    def _pick_preset(self, change: dict) -> None:
        if self._syncing or change["new"] == (self.value.service.software or ""):
            return
        if change["new"]:
            self.value = apply_preset(self.value, change["new"], self._presets)
            self.status.show(
                f"Applied the {change['new']} preset; change any answer that differs.", "ok"
            )
        else:
            self.value = replace_in(self.value, "service.software", None)

    def _load(self, _button: Any = None) -> None:
        path = self.load_path.value.strip()
        if not path:
            raise ProfileError("Type the path of a profile file (.yaml, .yml or .json) to load.")
        self.value = load_profile(path)
        self.status.show(f"Loaded {path}.", "ok")

    def _save(self, _button: Any = None) -> None:
        path = self.save_path.value.strip()
        if not path:
            raise ProfileError("Type a file name ending in .yaml to save the profile to.")
        saved = save_profile(self.value, path)
        self.status.show(f"Saved to {saved}.", "ok")
