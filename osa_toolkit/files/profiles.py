"""Service-profile files: reading YAML/JSON, presets, examples, and saving (the I/O shell around
:mod:`osa_toolkit.core.profile`).

>>> p = load_profile(example_path("kingsbury_cycling_forum"))
>>> p.service.software, p.scope.user_to_user
('discourse', True)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from osa_toolkit.core.errors import ProfileError, parse_problem, shown
from osa_toolkit.core.input_files import path_exists, read_input_text
from osa_toolkit.core.profile import (
    ServiceProfile,
    parse_profile,
    profile_to_dict,
    validate_preset,
)
from osa_toolkit.paths import data_dir

SUFFIXES = (".yaml", ".yml", ".json")
HEADER = (
    "# osa-toolkit service profile (profile_version 1): what the provider says about one service.\n"
    "# Results drawn from it are indicative, with reasons; they are not legal advice.\n"
)


def presets_dir() -> Path:
    return data_dir() / "presets"


def examples_dir() -> Path:
    return data_dir() / "examples"


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one section."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a word or a number, not a list or a section",
                key_node.start_mark,
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)

# YAML 1.2 rules for plain (unquoted) values. PyYAML reads YAML 1.1, where `yes`/`on` are booleans,
# `017` is 15 (octal), `0x10` is 16, `1:30` is 90 (base 60) and `1_000` is 1000; YAML 1.2 (and
# most other tools today) reads them differently. So only `true`/`false` are booleans and only
# plain decimal numbers are numbers, and each of those 1.1 forms is refused with a sentence saying
# what to write instead (quotes keep any of them as text).
_AMBIGUOUS_TAG = "tag:osa-toolkit,2026:yaml-1.1-only"
_AMBIGUOUS = re.compile(
    r"""^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N
    |[-+]?0[0-9_]+
    |[-+]?0[xX][0-9a-fA-F_]*|[-+]?0[oO][0-7_]*|[-+]?0[bB][01_]*
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?(?:[0-9][0-9_]*)?_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*\.[0-9_]*_[0-9_]*)$""",
    re.X,
)
_YAML12 = (
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
)
_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(_AMBIGUOUS_TAG, _AMBIGUOUS, list("yYnNoO-+0123456789_"))
for _tag, _rx, _first in _YAML12:
    _StrictLoader.add_implicit_resolver(_tag, _rx, list(_first))


class _Yaml11Only(yaml.YAMLError):
    """A plain value YAML 1.1 and 1.2 read differently (``args``: the text and its mark)."""


def _refuse_yaml11(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    raise _Yaml11Only(node.value, node.start_mark)


_StrictLoader.add_constructor(_AMBIGUOUS_TAG, _refuse_yaml11)


def _yaml11_sentence(name: str, text: str, mark: Any) -> str:
    """What a YAML 1.1-only value means there, and what to write instead."""
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    if text.lower() in ("yes", "no", "on", "off", "y", "n"):
        meaning, write = "true or false in YAML 1.1 but text in YAML 1.2", "true or false"
    elif ":" in text:
        meaning, write = "a base-60 number in YAML 1.1 but text in YAML 1.2", "a plain number"
    else:
        digits = text.replace("_", "")
        try:
            value = yaml.load(digits, Loader=yaml.SafeLoader)  # noqa: S506 - the 1.1 reading
        except yaml.YAMLError:
            value = None
        plain = digits.lstrip("+-").lstrip("0") or "0"
        meaning = f"{value} in YAML 1.1" if isinstance(value, int | float) else "a YAML 1.1 number"
        meaning += f" but {plain if plain.isdigit() else 'text'} in YAML 1.2"
        write = "the number in plain decimal digits (no leading 0, 0x, 0o or _)"
    return (
        f"{name}: {where}: {shown(text, 40)} is {meaning}; write {write}, or put it in quotes "
        "if it is text."
    )


def read_mapping(path: str | Path) -> Any:
    """Read a .yaml/.yml/.json file into Python data; malformed text names the file and line."""
    path = Path(path)
    name = path.name if len(path.name) <= 80 else path.name[:80] + "…"
    if path.suffix.lower() not in SUFFIXES:
        raise ProfileError(
            f"{name}: a profile file must end in .yaml, .yml or .json; found {path.suffix or 'no suffix'!r}."
        )
    text = read_input_text(path, ProfileError, name)  # a regular file of at most 1 MiB
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text, object_pairs_hook=_json_object)
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as err:
        raise ProfileError(
            f"{name}: line {err.lineno}, column {err.colno} is not valid JSON ({err.msg})."
        ) from None
    except _Yaml11Only as err:
        raise ProfileError(_yaml11_sentence(name, *err.args)) from None
    except _DuplicateKey as err:
        raise ProfileError(
            f"{name}: the key {err.args[0]!r} is written twice in one section."
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the text"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ProfileError(f"{name}: {where} is not valid YAML ({problem}).") from None
    except RecursionError:
        raise ProfileError(
            f"{name}: the data is nested too deeply to be a profile (sections inside sections "
            "hundreds of levels deep)."
        ) from None
    except (TypeError, AttributeError, KeyError, IndexError):  # PyYAML on e.g. `!!timestamp x`
        raise ProfileError(
            f"{name}: a value does not fit its YAML tag (such as !!int, !!bool or !!timestamp); "
            "remove the tag or correct the value."
        ) from None
    except ValueError as err:  # a value the parser could not convert, e.g. a 5000-digit number
        raise ProfileError(
            f"{name}: a value in the file cannot be read ({parse_problem(err)})."
        ) from None


class _DuplicateKey(ValueError):
    """A key written twice in one JSON object (``args[0]`` is the key)."""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice (as the YAML loader does)."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def load_presets() -> dict[str, dict[str, Any]]:
    """Every preset in ``osa_toolkit/data/presets/`` by id, each checked (only preset keys, right types)."""
    presets: dict[str, dict[str, Any]] = {}
    folder = presets_dir()
    if not folder.is_dir():
        return presets
    for path in sorted(folder.glob("*.yaml")):
        data = read_mapping(path)
        validate_preset(path.stem, data, path.name)
        presets[path.stem] = data
    return presets


def list_presets() -> list[str]:
    """The preset ids (file names without ``.yaml``) in ``osa_toolkit/data/presets/``, sorted."""
    folder = presets_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def preset_names(presets: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    """Preset id -> human name (from the preset's ``about.name``), for pickers."""
    presets = load_presets() if presets is None else presets
    return {k: str(v.get("about", {}).get("name", k)) for k, v in presets.items()}


def list_examples() -> list[str]:
    """The example profile ids (file names without suffix) in ``osa_toolkit/data/examples/``, sorted."""
    folder = examples_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in SUFFIXES)


def example_path(example_id: str) -> Path:
    for suffix in SUFFIXES:
        path = examples_dir() / f"{example_id}{suffix}"
        try:
            if path.is_file():
                return path
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte
            break
    raise ProfileError(
        f"{shown(example_id)}: there is no example profile of that name; examples: "
        f"{', '.join(list_examples()) or 'none'}."
    )


def find_profile(name_or_path: str | Path) -> Path:
    """A profile file path, or the path of the shipped example with that id."""
    path = Path(name_or_path)
    looks_like_id = not path.suffix and len(path.parts) == 1
    if path_exists(path) or not looks_like_id:
        return path
    return example_path(str(name_or_path))


def load_profile(
    path: str | Path, presets: dict[str, dict[str, Any]] | None = None
) -> ServiceProfile:
    """Read, merge its preset (``service.software``) into, and validate one profile file.

    ``path`` may also be the id of a shipped example (e.g. ``kingsbury_cycling_forum``).
    Raises :class:`ProfileError` naming the file, the key (or line) and what was wrong.
    ``presets`` (from :func:`load_presets`) saves reading the preset files again when many
    profiles are loaded.
    """
    path = find_profile(path)
    data = read_mapping(path)
    if not _wants_preset(data):
        presets = {}
    elif presets is None:
        presets = load_presets()
    return parse_profile(data, source=path.name, presets=presets)


def _wants_preset(data: Any) -> bool:
    service = data.get("service") if isinstance(data, dict) else None
    return isinstance(service, dict) and service.get("software") is not None


def save_profile(profile: ServiceProfile, path: str | Path) -> Path:
    """Write the profile as YAML (or JSON for a ``.json`` path) atomically; return the path."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ProfileError(
            f"{path.name}: a profile file must end in .yaml, .yml or .json; "
            f"found {path.suffix or 'no suffix'!r}."
        )
    data = profile_to_dict(profile)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n"
    else:
        text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ProfileError(f"{path.name}: the folder {str(folder)!r} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise ProfileError(f"{path.name}: the profile could not be saved ({err}).") from None
    return path


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0o666 less umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
