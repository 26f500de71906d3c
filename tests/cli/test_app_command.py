"""Issue 15 items 14 and 16: `make app` installs only the app, and serves it offline."""

from __future__ import annotations

import re
from pathlib import Path

from osa_toolkit.cli import app_command, app_env

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "share" / "jupyter" / "voila" / "templates" / "osa"


def test_make_app_installs_only_the_app_and_shows_progress():
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^app:(.*)\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    assert recipe and "$(APP_STAMP)" in recipe.group(1) and "setup" not in recipe.group(1)
    install = re.search(r"^\$\(APP_STAMP\):.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE).group(1)
    assert '-e ".[app]"' in install and "app,test" not in install and "[test" not in install
    assert "-q" not in install.split("pip install", 1)[1].split("\n", 1)[0]
    assert "--template=osa" in recipe.group(2)


def test_the_app_template_asks_nothing_of_another_host():
    text = (TEMPLATE / "index.html.j2").read_text()
    assert "voila/templates/lab/index.html.j2" in text
    outside = [u for u in re.findall(r"https?://[^\s'\"<>)]+", text) if "cdn" not in u]
    assert outside == []  # the CDN addresses appear only in the replace() that removes them
    assert "X-XSRFToken" in text and "voila/api/shutdown/" in text


def test_osa_toolkit_app_uses_the_template_and_finds_it():
    command = app_command(8866)
    assert "--template=osa" in command and "--Voila.ip=127.0.0.1" in command
    env = app_env({"JUPYTER_PATH": "/elsewhere"})
    first = env["JUPYTER_PATH"].split(":")[0]
    assert (Path(first) / "voila" / "templates" / "osa" / "conf.json").is_file()
    assert env["JUPYTER_PATH"].endswith(":/elsewhere")
