"""The registers ship inside the package: build the wheel, install it in a fresh environment (nothing
downloaded: the project's own environment lends the dependencies), and run ``osa-toolkit assess`` on a
shipped example from a folder far from the repository. Slow (about half a minute): ``-m "not slow"``
leaves it out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(the wheel, the fresh environment's bin folder, the environment to run it in)."""
    work = tmp_path_factory.mktemp("wheel")
    # build from a copy of what the wheel is made of, so the checkout gets no build/ folder
    src = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(REPO / "osa_toolkit", src / "osa_toolkit", ignore=ignore)
    shutil.copytree(REPO / "share", src / "share", ignore=ignore)
    (src / "notebooks").mkdir()
    for name in ("pyproject.toml", "README.md", "notebooks/app.ipynb"):
        shutil.copy2(REPO / name, src / name)
    dist = work / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(
        *pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, src, cwd=work
    )
    (wheel,) = dist.glob("osa_toolkit-*.whl")

    env_dir = work / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=work)
    python = env_dir / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
    # the dependencies (pandas, Voilà, ...) come from the project's environment, after the wheel's
    # own site-packages; a plain path line, so the project's editable install is not picked up
    (Path(purelib.strip()) / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-index",
        "--ignore-installed",
        wheel,
        cwd=work,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("OSA_TOOLKIT_DATA", "PYTHONPATH")}
    env["OSA_TOOLKIT_HOME"] = str(work / "home")
    return wheel, env_dir / "bin", env


def test_every_data_file_ships_in_the_wheel(installed):
    wheel, _, _ = installed
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("osa_toolkit/data/")}
    data = REPO / "osa_toolkit" / "data"
    expected = {
        "osa_toolkit/data/" + p.relative_to(data).as_posix()
        for p in data.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected and shipped == expected
    assert any(n.endswith("registers/2026-06/harms.csv") for n in shipped)


def test_the_installed_wheel_assesses_an_example_from_anywhere(installed, tmp_path):
    _, bin_dir, env = installed
    where = _run(
        bin_dir / "python",
        "-c",
        "import osa_toolkit.paths as p; print(p.PACKAGE_DIR); print(p.data_dir())",
        cwd=tmp_path,
        env=env,
    ).split()
    assert not Path(where[0]).is_relative_to(REPO)  # the installed copy, not the checkout
    assert Path(where[1]) == Path(where[0]) / "data"
    out = _run(
        bin_dir / "osa-toolkit",
        "assess",
        "kingsbury_cycling_forum",
        "--json",
        cwd=tmp_path,
        env=env,
    )
    result = json.loads(out)
    assert result["edition"] and result["service"]
    levels = {h["id"]: h["level"] for h in result["harms"]}
    assert levels["terrorism"] in ("negligible", "low", "medium", "high")
    assert len(levels) >= 17 and result["measures"]


def test_the_installed_wheel_finds_the_app_notebook_and_template(installed, tmp_path):
    _, bin_dir, env = installed
    code = (
        "from osa_toolkit.cli import app_command, app_env;"
        "print(app_command()[3]); print(app_env({})['JUPYTER_PATH'])"
    )
    notebook, jupyter = _run(bin_dir / "python", "-c", code, cwd=tmp_path, env=env).split()
    prefix = bin_dir.parent
    assert Path(notebook) == prefix / "share" / "osa-toolkit" / "notebooks" / "app.ipynb"
    assert Path(jupyter) == prefix / "share" / "jupyter"
    assert (Path(jupyter) / "voila" / "templates" / "osa" / "index.html.j2").is_file()
