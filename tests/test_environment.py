"""environment.yml (conda) and pyproject.toml (pip) must name the same packages with the same bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI: dict[str, str] = {}  # every name is the same on conda-forge for this stack
NOT_PACKAGES = {"python", "pip"}


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _env():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def _conda_spec(spec: str) -> tuple[str, SpecifierSet]:
    m = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec.strip())
    assert m, spec
    name, rest = m.groups()
    if rest.startswith("=") and not rest.startswith("=="):
        rest = f"=={rest[1:]}.*"
    return CONDA_TO_PYPI.get(name, name).lower(), SpecifierSet(rest)


def _pip_side() -> dict[str, SpecifierSet]:
    project = _pyproject()
    reqs = [
        Requirement(x) for x in project["dependencies"] + project["optional-dependencies"]["app"]
    ]
    return {r.name.lower(): r.specifier for r in reqs}


def _conda_side() -> dict[str, SpecifierSet]:
    deps = [d for d in _env()["dependencies"] if isinstance(d, str)]
    specs = dict(_conda_spec(d) for d in deps)
    return {k: v for k, v in specs.items() if k not in NOT_PACKAGES}


def test_channel_and_pip_install_of_the_package():
    env = _env()
    assert env["channels"] == ["conda-forge"]
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_lists and "-e ." in pip_lists[0]


def test_python_pin_is_inside_requires_python():
    deps = [d for d in _env()["dependencies"] if isinstance(d, str)]
    pin = next(d for d in deps if d.startswith("python="))
    version = Version(pin.split("=", 1)[1])
    assert version in SpecifierSet(_pyproject()["requires-python"])


def test_same_packages_and_bounds_both_ways():
    pip_side, conda_side = _pip_side(), _conda_side()
    assert sorted(pip_side) == sorted(conda_side), (
        f"only in pyproject: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}"
    )
    for name, spec in pip_side.items():
        assert conda_side[name] == spec, (
            f"{name}: pyproject {spec} vs environment.yml {conda_side[name]}"
        )
