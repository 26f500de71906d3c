"""The attack's input kinds, fuzzed through the command line with a time and memory cap.

Kinds: FIFOs and links to devices (``/dev/zero``, ``/dev/urandom``, ``/dev/null``) where a profile,
weightings file, store or output is expected; huge numbers (10**309, 10**5000, -10**309, 1e400) in
every number a profile or weightings file holds; huge files (a 60 MB sparse file, 2 MB of real YAML);
text that is not UTF-8 (latin-1, UTF-16, random bytes); long and odd names (255 and 300 bytes, a path
past PATH_MAX, a line break, a NUL byte); YAML 1.1 forms. Each kind goes through every command that
reads it. All runs happen in one separate process capped at :data:`MEMORY` bytes of address space,
each run under :data:`SECONDS` seconds.

What must hold, for every run: the exit code is 0 or 2 (never 1, never a hang, never running out of
memory), and stderr has no "Traceback" and at most one line, of at most 300 characters, starting
``osa-toolkit`` (``assess-all``'s progress lines aside). ``OSA_FUZZ_SCALE`` repeats the random kinds
(random bytes, random numbers) with more seeds.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MEMORY = 3 * 1024**3
SECONDS = 30
SCALE = max(1, int(os.environ.get("OSA_FUZZ_SCALE", "1")))
MINIMAL = "profile_version: 1\nservice:\n  name: Fuzz\nscope:\n  user_to_user: true\n"
NUMBER_PATHS = [
    "users:\n  uk_monthly_active_users: {n}\n",
    "users:\n  total_monthly_active_users: {n}\n",
    "evidence:\n  period_months: {n}\n",
    "evidence:\n  period_months: 12\n  reports_total: {n}\n",
    "evidence:\n  period_months: 12\n  by_harm:\n    hate: {{reports: {n}, confirmed: 1}}\n",
    "service:\n  started_on: {n}\n",
]
WEIGHT_PATHS = [
    "[likelihood]\nbands = [2.0, {n}]\n",
    "[impact]\nbands = [{n}, 5]\n",
    "[impact]\nreach_users = [10000, 700000, {n}]\n",
    "[likelihood]\nconfirmed_incident_points = {n}\n",
    "[likelihood]\nhigh_rate_per_10k_users_per_year = {n}\n",
    "[severity]\nterrorism = {n}\n",
]


def _numbers(rng: random.Random) -> list[str]:
    fixed = [
        "1" + "0" * 309,
        "-1" + "0" * 309,
        "9" * 5000,
        "1e400",
        "-1e400",
        str(2**63),
        "9999-12-31",
    ]
    return fixed + [str(rng.randint(10**300, 10**320)) for _ in range(SCALE)]


def _inputs(tmp: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """``(profiles, weightings, stores, outputs)``: name -> path of each hostile input."""
    rng = random.Random(14)
    profiles: dict[str, str] = {}
    weights: dict[str, str] = {}
    stores: dict[str, str] = {}
    outputs: dict[str, str] = {}
    folder = tmp / "in"
    folder.mkdir()

    def write(name: str, data: bytes | str) -> str:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    for suffix in (".yaml", ".json", ".toml", ".sqlite3", ".md", ".csv"):
        fifo = folder / f"fifo{suffix}"
        os.mkfifo(fifo)
        for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
            link = folder / f"{Path(device).name}{suffix}"
            link.symlink_to(device)
        group = {".yaml": profiles, ".json": profiles, ".toml": weights, ".sqlite3": stores}
        target = group.get(suffix, outputs)
        for name in ("fifo", "zero", "urandom", "null"):
            target[f"{name}{suffix}"] = str(folder / f"{name}{suffix}")
    for i, n in enumerate(_numbers(rng)):
        for j, path in enumerate(NUMBER_PATHS):
            text = MINIMAL
            if path.startswith("service:"):
                text = text.replace(
                    "  name: Fuzz\n", "  name: Fuzz\n" + path.format(n=n).split("\n", 1)[1]
                )
            else:
                text += path.format(n=n)
            profiles[f"number{i}-{j}.yaml"] = write(f"number{i}-{j}.yaml", text)
        for j, path in enumerate(WEIGHT_PATHS):
            weights[f"number{i}-{j}.toml"] = write(f"number{i}-{j}.toml", path.format(n=n))
    huge = folder / "sparse.yaml"
    with huge.open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)
    profiles["sparse.yaml"] = str(huge)
    profiles["big.yaml"] = write(
        "big.yaml",
        MINIMAL + "controls:\n" + "  - {measure: ICU-A1, note: padding padding}\n" * 50_000,
    )
    weights["sparse.toml"] = (
        str(huge.rename(folder / "sparse.toml"))
        if False
        else write("big.toml", "[severity]\n" + "".join(f"x{i} = 2\n" for i in range(150_000)))
    )
    for i in range(3 * SCALE):
        blob = rng.randbytes(rng.randint(1, 4000))
        profiles[f"bytes{i}.yaml"] = write(f"bytes{i}.yaml", blob)
        weights[f"bytes{i}.toml"] = write(f"bytes{i}.toml", blob)
        stores[f"bytes{i}.sqlite3"] = write(f"bytes{i}.sqlite3", blob)
    profiles["latin1.yaml"] = write(
        "latin1.yaml", MINIMAL.replace("Fuzz", "Caf\xe9").encode("latin-1")
    )
    profiles["utf16.yaml"] = write("utf16.yaml", MINIMAL.encode("utf-16"))
    profiles["utf16.json"] = write(
        "utf16.json", json.dumps({"profile_version": 1}).encode("utf-16")
    )
    weights["latin1.toml"] = write(
        "latin1.toml", "[severity]\nterrorism = 3 # \xe9\n".encode("latin-1")
    )
    for form in ("1:30", "017", "0x10", "yes", "on", "1_000"):
        profiles[f"yaml11-{form}.yaml"] = write(
            f"yaml11-{form.replace(':', '_')}.yaml",
            MINIMAL + f"users:\n  uk_monthly_active_users: {form}\n",
        )
    stores["empty.sqlite3"] = write("empty.sqlite3", b"")
    stores["file-uri"] = "file:fuzz?mode=memory"
    stores["memory"] = ":memory:"
    stores["folder"] = str(folder)
    for label, name in (
        ("255-bytes", "a" * 250 + ".yaml"),
        ("300-bytes", "b" * 295 + ".yaml"),
        ("line-break", "a\nb.yaml"),
        ("path-max", "/".join(["c" * 200] * 22) + ".yaml"),
        ("nul", "a\x00b.yaml"),
    ):
        path = folder / name
        if label in ("255-bytes", "line-break"):
            path.write_text(MINIMAL)
        profiles[f"name-{label}"] = str(path)
        weights[f"name-{label}"] = str(path.with_suffix(".toml"))
        stores[f"name-{label}"] = str(path.with_suffix(".sqlite3"))
        outputs[f"name-{label}.md"] = str(path.with_suffix(".md"))
        outputs[f"name-{label}.csv"] = str(path.with_suffix(".csv"))
    outputs["folder.md"] = str(folder)
    return profiles, weights, stores, outputs


def _cases(tmp: Path) -> list[dict]:
    profiles, weights, stores, outputs = _inputs(tmp)
    good = "kingsbury_cycling_forum"
    out = str(tmp / "out")
    os.mkdir(out)
    cases = []
    for name, path in profiles.items():
        for command in ("check", "assess", "children", "age-assurance"):
            cases.append({"name": f"{command} {name}", "argv": [command, path]})
        cases.append({"name": f"report {name}", "argv": ["report", path, "-o", f"{out}/r.md"]})
    for name, path in weights.items():
        cases.append(
            {"name": f"assess --weights {name}", "argv": ["assess", good, "--weights", path]}
        )
    for name, path in stores.items():
        cases.append(
            {"name": f"records list --store {name}", "argv": ["records", "list", "--store", path]}
        )
        cases.append(
            {
                "name": f"records show --store {name}",
                "argv": ["records", "show", "1", "--store", path],
            }
        )
        cases.append(
            {
                "name": f"assess-all --store {name}",
                "argv": ["assess-all", "--store", path, "--csv", "-"],
            }
        )
    for name, path in outputs.items():
        if name.endswith(".md") or name == "folder.md":
            cases.append(
                {
                    "name": f"report -o {name}",
                    "argv": ["report", good, "-o", path, "--format", "md"],
                }
            )
        else:
            examples = str(REPO / "osa_toolkit" / "data" / "examples")
            cases.append(
                {
                    "name": f"assess-all --csv {name}",
                    "argv": ["assess-all", examples, "--csv", path],
                }
            )
    cases.append(
        {
            "name": "assess-all folder of hostile files",
            "argv": ["assess-all", str(tmp / "in"), "--csv", "-", "--keep-going"],
        }
    )
    for text in ("9" * 30, str(2**63), "٣", "-1", "1e3"):
        cases.append(
            {
                "name": f"records show {text[:12]}",
                "argv": ["records", "show", text, "--store", str(tmp / "s.sqlite3")],
            }
        )
    for text in ("9999-12-31", "0001-01-01", "2026-02-30", "x" * 100_000):
        cases.append({"name": f"--today {text[:12]}", "argv": ["assess", good, "--today", text]})
    return cases


def test_the_attack_input_kinds_exit_0_or_2_with_one_short_line(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    env = {**os.environ, "OSA_TOOLKIT_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.property.attack_driver", str(cases_file), str(MEMORY), str(SECONDS)],
        cwd=tmp_path / "out", env={**env, "PYTHONPATH": str(REPO)}, capture_output=True,
        text=True, timeout=SECONDS * len(cases) + 120, check=False,
    )  # fmt: skip
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 0 and len(results) == len(cases), proc.stderr[-3000:]
    bad = []
    for r in results:
        lines = [
            line for line in r["stderr"].splitlines()
            if not (line.startswith("assess-all: ") and "osa-toolkit" not in line)
        ]  # fmt: skip
        problems = []
        if r["code"] not in (0, 2):
            problems.append(f"exit {r['code']}")
        if "Traceback" in r["stderr"]:
            problems.append("traceback")
        if len(lines) > 1:
            problems.append(f"{len(lines)} lines")
        if any(len(line) > 300 or not line.startswith("osa-toolkit") for line in lines):
            problems.append("long or unprefixed line")
        if r["code"] == 2 and not lines:
            problems.append("exit 2 without a sentence")
        if problems:
            bad.append(f"{r['name'][:80]!r}: {', '.join(problems)}: {r['stderr'][:300]!r}")
    codes = {code: sum(r["code"] == code for r in results) for code in (0, 2)}
    print(
        f"\n{len(results)} runs: {codes[0]} exit 0, {codes[2]} exit 2; slowest "
        f"{max(r['seconds'] for r in results):.1f} s"
    )
    assert not bad, f"{len(bad)} of {len(results)} runs broke the rule:\n" + "\n".join(bad[:40])


@pytest.mark.parametrize("kind", ["fifo.yaml", "zero.yaml"])
def test_the_driver_catches_a_hang(tmp_path: Path, kind: str) -> None:
    """A guard: the driver reports a blocking read as a hang, not as a pass."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    cases = [{"name": "hang", "argv": ["check", str(fifo)]}]
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    code = (
        "import sys, runpy\n"
        "import osa_toolkit.cli as cli\n"
        f"cli.main = lambda argv: open({str(fifo)!r}).read()\n"
        "sys.argv = ['d', sys.argv[1], sys.argv[2], '2']\n"
        "runpy.run_module('tests.property.attack_driver', run_name='__main__')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(cases_file), str(MEMORY)],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert json.loads(proc.stdout)["code"] == "hang", proc.stderr[-2000:]
