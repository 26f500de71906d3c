"""The ``osa-toolkit`` command line: headless use, batch runs and CI of a service's own documents.

Every command exits 0 on success and 2 on bad input, with one plain sentence on stderr and never a
traceback; with ``--json`` it prints exactly one JSON document on stdout.

To add a command: write ``add_<name>(subparsers)`` that builds its parser and sets
``func=cmd_<name>``, write ``cmd_<name>(args) -> int``, and append ``add_<name>`` to
:data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.cli.batch import add_assess_all
from osa_toolkit.cli.calibrate import add_calibrate
from osa_toolkit.cli.children import add_age_assurance, add_children
from osa_toolkit.cli.evidence import add_evidence
from osa_toolkit.cli.pack import (
    add_compliance_review,
    add_delete_version,
    add_duties,
    add_pack,
)
from osa_toolkit.cli.records import add_commands as add_records
from osa_toolkit.core.errors import OsaToolkitError, one_line
from osa_toolkit.paths import PACKAGE_DIR
from osa_toolkit.report.words import coverage_lines

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
DISCLAIMER = "Indicative only, with reasons; not legal advice."


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence and exit code 2 (as argparse does) on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            EXIT_BAD_INPUT, one_line(f"{self.prog}: {message}. Try '{self.prog} --help'.") + "\n"
        )


def _date(text: str) -> dt.date:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.cli.args import date_arg

    return date_arg(text)


# ----------------------------------------------------------------------------- check


def add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="regulation checker: in scope or not, which parts of the Act, exemptions, duties, reasons",
        description="Check whether the Online Safety Act applies to the service described in "
        f"PROFILE, and why. {DISCLAIMER}",
    )
    p.add_argument(
        "profile", metavar="PROFILE", help="a profile file (.yaml/.yml/.json) or an example id"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument(
        "--edition",
        help="guidance edition of the registers (default: the one in force on the assessment date)",
    )
    p.add_argument("--today", type=_date, help="date of the check, YYYY-MM-DD (default: today)")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.core.scope import check_scope
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    registers = load_registers(args.edition, on=args.today or dt.date.today())
    result = check_scope(profile, registers, today=args.today)
    if args.json:
        doc = {"service": profile.service.name, **result.to_dict()}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(render_check(profile.service.name, result))
    return EXIT_OK


def render_check(name: str, result: Any) -> str:
    """The plain-text report of ``check``."""
    lines = [f"{name}: {'IN SCOPE' if result.in_scope else 'NOT IN SCOPE'} ({DISCLAIMER})", ""]
    lines += [f"Parts of the Act: {', '.join(result.regimes) or 'none'}"]
    lines += [f"Exemptions: {', '.join(result.exemptions) or 'none'}", "", "Why:"]
    lines += [f"  - {r}" for r in result.reasons]
    if result.duties:
        lines += ["", "Duties and dates:"]
        for d in result.duties:
            maybe = " (may apply)" if d.status == "may_apply" else ""
            lines.append(f"  {d.due.isoformat()}  {d.title}{maybe} [{d.id}]")
    caa = result.childrens_access
    if caa.applies:
        likely = "likely" if caa.likely_accessed else "not likely"
        lines += ["", f"Children's access assessment: {likely} to be accessed by children"]
        lines += [f"  - {r}" for r in caa.reasons]
        lines.append(f"  Next assessment due by {caa.next_due.isoformat()}.")
    if result.unknowns:
        lines += ["", "Answered 'unknown' (treated cautiously): " + ", ".join(result.unknowns)]
    lines += ["", f"Edition {result.edition}; checked on {result.checked_on.isoformat()}."]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- assess


def add_assess(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assess",
        help="illegal content risk assessment: levels with reasons, and the Codes measures",
        description="Run Ofcom's four-step illegal content risk assessment for the service in "
        f"PROFILE: an indicative level per kind of harm with its trace, and the measures. {DISCLAIMER}",
    )
    p.add_argument(
        "profile", metavar="PROFILE", help="a profile file (.yaml/.yml/.json) or an example id"
    )
    p.add_argument(
        "--edition",
        help="guidance edition of the registers (default: the one in force on the assessment date)",
    )
    p.add_argument(
        "--weights", metavar="FILE", help="a TOML file of weights to lay over the defaults"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument(
        "--today", type=_date, help="date of the assessment, YYYY-MM-DD (default: today)"
    )
    p.set_defaults(func=cmd_assess)


def cmd_assess(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.assessments.illegal_content import (
        assess_illegal_content,
        assessment_to_dict,
    )
    from osa_toolkit.core.method.weights import load_weights
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    registers = load_registers(args.edition, on=args.today or dt.date.today())
    weights = load_weights(overrides=args.weights)
    result = assess_illegal_content(profile, registers, weights, today=args.today)
    if args.json:
        print(json.dumps(assessment_to_dict(result), indent=2, ensure_ascii=False))
    else:
        print(render_assess(result))
    return EXIT_OK


def render_assess(a: Any) -> str:
    """The plain-text report of ``assess``."""
    lines = [f"{a.service}: illegal content risk assessment, edition {a.edition} ({DISCLAIMER})"]
    if not a.required:
        lines += ["", "The illegal content duties do not apply to this service:"]
        lines += [f"  - {r}" for r in a.scope_reasons]
    if getattr(a, "edition_reason", ""):
        lines += [a.edition_reason]
    yes = {True: "yes", False: "no", None: "not known"}
    lines += ["", f"Large service: {yes[a.large_service]}   Multi-risk: {yes[a.multi_risk]}"]
    if a.large_service is None:
        lines += [
            "  (The number of monthly UK users would settle whether it is large, or the total "
            "number of users, if that is no more than the 'large' threshold.)"
        ]
    lines += [""]
    for h in a.harms:
        changed = f" (indicative {h.indicative_level})" if h.level != h.indicative_level else ""
        lines.append(f"{h.level.upper():<10} {h.name}{changed}")
        lines += [f"             {t}" for t in h.trace]
    sure = [m for m in a.measures if not m.uncertain]
    unsure = [m for m in a.measures if m.uncertain]
    for heading, group in (
        ("Measures:", sure),
        ("Measures that may apply (they depend on answers not given yet):", unsure),
    ):
        if group:
            lines += ["", heading]
        for m in group:
            state = " [in place]" if m.status == "in_place" else ""
            lines.append(f"  {m.id}  {m.title}{state}")
            lines += [f"        - {w}" for w in m.why]
    lines += coverage_lines(getattr(a, "coverage", ()))
    if a.evidence_check:
        lines += ["", "What a regulator would question:"]
        lines += [f"  - {f.message}" for f in a.evidence_check]
    lines += ["", f"Next review by {a.review.next_review.isoformat()}."]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- app


CULL = (
    "--MappingKernelManager.cull_idle_timeout=600",
    "--MappingKernelManager.cull_interval=60",
)
"""Shut down kernels of pages that were closed (never one a page is still connected to)."""

APP_NOTEBOOKS = ("app.ipynb", "00_start.ipynb", "01_scope_check.ipynb")
"""The notebooks ``osa-toolkit app`` serves, first found wins (all open on the embedded default)."""


def add_app(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the Voilà app on the embedded default profile")
    p.add_argument("--port", type=int, default=8866, help="port to serve on (default 8866)")
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the app also answers to (the name a reverse proxy forwards); "
        "otherwise only 127.0.0.1 and localhost",
    )
    p.add_argument("--token", help="a secret every visitor must give (Voilà's --token)")
    p.set_defaults(func=cmd_app)


def _app_places(in_checkout: str, installed: str) -> list[Path]:
    """Where the app's files are: the checkout's folder beside the package first, then under the
    environment's ``share/`` (where a wheel installs them: pyproject ``data-files``)."""
    bases = [sysconfig.get_path("data"), site.USER_BASE if site.ENABLE_USER_SITE else None]
    places = [PACKAGE_DIR.parent / in_checkout]
    places += [Path(base, "share", installed) for base in dict.fromkeys(bases) if base]
    return places


def app_command(
    port: int = 8866, allowed_hosts: Sequence[str] = (), token: str | None = None
) -> list[str]:
    """The command line ``osa-toolkit app`` runs: Voilà through :mod:`osa_toolkit.app_server` (which
    refuses requests for other hosts), on the first of :data:`APP_NOTEBOOKS` found (in the
    repository's ``notebooks/``, or where a wheel installed it: ``share/osa-toolkit/notebooks``)."""
    folders = _app_places("notebooks", "osa-toolkit/notebooks")
    found = [d / name for d in folders for name in APP_NOTEBOOKS if (d / name).exists()]
    if not found:
        raise OsaToolkitError(
            f"There is no app notebook in {' or '.join(map(str, folders))}; expected one of "
            f"{', '.join(APP_NOTEBOOKS)}."
        )
    notebook = found[0]
    if importlib.util.find_spec("voila") is None:
        raise OsaToolkitError("Voilà is not installed; install it with: pip install -e '.[app]'.")
    command = [sys.executable, "-m", "osa_toolkit.app_server", str(notebook), "--no-browser"]
    command += [f"--port={port}", "--Voila.ip=127.0.0.1"]
    command += [
        "--template=osa"
    ]  # share/jupyter/voila/templates/osa: offline, kernels stopped on leave
    command += [*CULL, *(f"--allowed-host={host}" for host in allowed_hosts)]
    return command + ([f"--token={token}"] if token else [])


def app_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment ``osa-toolkit app`` runs Voilà in: the ``share/jupyter`` that holds the app's
    template (the repository's, or the one a wheel installed) first on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    template = Path("voila", "templates", "osa", "conf.json")
    shares = [d for d in _app_places("share/jupyter", "jupyter") if (d / template).is_file()]
    share = str(shares[0]) if shares else None
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH")) if p)
    return env


def cmd_app(args: argparse.Namespace) -> int:
    command = app_command(args.port, args.allowed_host, args.token)
    print(f"Serving {Path(command[3]).name} on http://127.0.0.1:{args.port}/ (Ctrl+C stops it).")
    try:
        return subprocess.call(command, env=app_env())
    except KeyboardInterrupt:
        return EXIT_OK


# ----------------------------------------------------------------------------- wiring

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_check,
    add_assess,
    add_assess_all,
    add_children,
    add_age_assurance,
    add_records,
    add_calibrate,
    add_evidence,
    add_pack,
    add_duties,
    add_compliance_review,
    add_delete_version,
    add_app,
]
"""Each adds one subcommand; others (assess, report, records) append theirs here."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="osa-toolkit",
        description="Indicative Online Safety Act 2023 checks for small online services. "
        + DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"osa-toolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code: 0 ok, 2 bad input, 1 an unexpected failure (each
    failure with one sentence on stderr, never a traceback)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except OsaToolkitError as err:
        print(one_line(f"osa-toolkit {args.command}: {err}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `osa-toolkit check x --json | head`: the reader went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - a user must never see a traceback
        print(
            one_line(
                f"osa-toolkit {args.command}: something went wrong ({type(err).__name__}: "
                f"{one_line(str(err), 120)}); please report it with the profile you used."
            ),
            file=sys.stderr,
        )
        return EXIT_FAILURE


def run_assess_all(argv: list[str] | None = None) -> int:
    """Run ``osa-toolkit assess-all ARGV`` in this process and return its exit code."""
    return main(["assess-all", *(argv or [])])


if __name__ == "__main__":
    sys.exit(main())
