"""What the app keeps between visits: the record store, draft profiles, and the example on first start.

A shell module (it reads and writes files); the decisions it shows come from :mod:`osa_toolkit.core`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from osa_toolkit.core.errors import ProfileError
from osa_toolkit.core.profile import ServiceProfile, parse_profile, replace_in
from osa_toolkit.core.record import unique_service_id
from osa_toolkit.files.profiles import load_presets, load_profile, save_profile
from osa_toolkit.paths import user_data_dir

DEFAULT_EXAMPLE = "kingsbury_cycling_forum"
KINDS = ("illegal_content", "childrens_access", "childrens_risk", "age_assurance")


def drafts_dir() -> Path:
    return user_data_dir() / "drafts"


def draft_path(service_id: str) -> Path:
    return drafts_dir() / f"{service_id}.yaml"


def seed_example(store, example: str = DEFAULT_EXAMPLE, today: dt.date | None = None) -> str | None:
    """On first start (an empty store), save the example service's assessment so there is one to open.

    Returns the service id seeded, or ``None`` when the store already holds services.
    """
    if store.list_services():
        return None
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.record import Governance, record_from_assessment, record_to_dict

    profile = load_profile(example)
    assessment = assess_illegal_content(profile, today=today)
    record = record_from_assessment(
        assessment,
        profile,
        Governance(
            reason_for_review="example service added on first start — replace with your own"
        ),
    )
    store.save_record("illegal_content", record, record_to_dict(record))
    return record.service_id


@dataclass(frozen=True)
class ServiceEntry:
    service_id: str
    name: str
    source: str  # "store" | "draft"


def list_services(store) -> list[ServiceEntry]:
    """Services in the store, plus drafts not yet saved, by name."""
    entries = {
        s.service_id: ServiceEntry(s.service_id, s.name, "store") for s in store.list_services()
    }
    if drafts_dir().is_dir():
        for path in sorted(drafts_dir().glob("*.yaml")):
            if path.stem not in entries:
                try:
                    entries[path.stem] = ServiceEntry(
                        path.stem, load_profile(path).service.name, "draft"
                    )
                except ProfileError:
                    continue  # a broken draft is skipped here and reported when opened
    return sorted(entries.values(), key=lambda e: e.name.lower())


def latest_documents(store, service_id: str) -> dict:
    """The latest stored version of each record kind for a service."""
    out = {}
    for kind in KINDS:
        v = store.latest(service_id, kind)
        if v is not None:
            out[kind] = v
    return out


def profile_for(store, service_id: str) -> ServiceProfile:
    """The newest profile of a service: its autosaved draft if newer than the last save, else the saved one."""
    draft = draft_path(service_id)
    stored = latest_documents(store, service_id)
    newest = max(stored.values(), key=lambda v: v.created_at, default=None)
    if draft.is_file() and (
        newest is None
        or dt.datetime.fromtimestamp(draft.stat().st_mtime, dt.UTC) > newest.created_at
    ):
        return load_profile(draft)
    if newest is None:
        raise ProfileError(f"There is no saved profile or draft for the service {service_id!r}.")
    return parse_profile(newest.document["profile"], source=f"saved version {newest.version}")


def taken_service_ids(store=None) -> set[str]:
    """Every service id in use: services with saved records (when ``store`` is given) and drafts."""
    taken = {s.service_id for s in store.list_services()} if store is not None else set()
    if drafts_dir().is_dir():
        taken |= {path.stem for path in drafts_dir().glob("*.yaml")}
    return taken


def new_service(name: str, start_from: str, store=None) -> tuple[str, ServiceProfile]:
    """A new service's draft profile, started from an example id or a preset id, saved as a draft.

    Its id is the name's slug, with a suffix (``-2``, ``-3``…) when another service already has it
    (saved records in ``store``, or a draft): a new service never overwrites another's draft and
    never becomes a version of another's records. The draft file is created exclusively, so two
    sessions creating services at once cannot take the same id either."""
    if not name.strip():
        raise ProfileError("Give the new service a name.")
    presets = load_presets()
    if start_from in presets:
        base = {
            "profile_version": 1,
            "service": {"name": name.strip(), "software": start_from},
            "scope": {"user_to_user": True},
        }
        profile = parse_profile(
            base, source=f"new service from the {start_from} preset", presets=presets
        )
    else:
        profile = replace_in(load_profile(start_from), "service.name", name.strip())
    drafts_dir().mkdir(parents=True, exist_ok=True)
    taken = taken_service_ids(store)
    for _attempt in range(100):
        service_id = unique_service_id(name.strip(), taken)
        try:  # claim the name: another session creating the same id at once gets the next one
            with open(draft_path(service_id), "x", encoding="utf-8"):
                pass
        except FileExistsError:
            taken.add(service_id)
            continue
        except OSError as err:
            raise ProfileError(
                f"The draft of the new service could not be created in {drafts_dir()} "
                f"({err.strerror or err})."
            ) from None
        break
    else:
        raise ProfileError("Could not find a free id for the new service; try another name.")
    try:
        save_profile(profile, draft_path(service_id))
    except BaseException:
        draft_path(service_id).unlink(missing_ok=True)
        raise
    return service_id, profile


def _last_service_file() -> Path:
    return user_data_dir() / "last-service.txt"


def remember_service(service_id: str) -> None:
    """Note the service the person looked at last, so a reload opens it again (best effort)."""
    try:
        path = _last_service_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8").strip() != service_id:
            path.write_text(service_id + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home only loses this convenience


def last_service() -> str | None:
    """The service looked at last, if one was noted."""
    try:
        return _last_service_file().read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
