"""The ``children`` and ``age-assurance`` commands (the lead appends ``add_children`` and
``add_age_assurance`` to :data:`osa_toolkit.cli.COMMANDS`).

``osa-toolkit children PROFILE`` runs the children's risk assessment: an indicative level per kind of
content harmful to children and age group, with traces, and the Protection of Children Code measures.
``osa-toolkit age-assurance PROFILE`` says whether the chosen age checks can be highly effective,
whether the service needs them, and what the record is missing. A user's mistake raises an
:class:`~osa_toolkit.core.errors.OsaToolkitError`, which :func:`osa_toolkit.cli.main` turns into one
sentence on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from osa_toolkit.report.words import coverage_lines

EXIT_OK = 0
DISCLAIMER = "Indicative only, with reasons; not legal advice."


def _date(text: str) -> dt.date:
    from osa_toolkit.cli.args import date_arg

    return date_arg(text)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "profile", metavar="PROFILE", help="a profile file (.yaml/.yml/.json) or an example id"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument(
        "--edition",
        help="guidance edition of the registers (default: the one in force on the assessment date)",
    )
    p.add_argument(
        "--today", type=_date, help="date of the assessment, YYYY-MM-DD (default: today)"
    )


# ----------------------------------------------------------------------------- children


def add_children(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "children",
        help="children's risk assessment: levels per kind of content and age group, PCU measures",
        description="Run the children's risk assessment for the service in PROFILE (only needed "
        "where it is likely to be accessed by children): an indicative level per kind of content "
        f"harmful to children and age group, with reasons, and the PCU measures. {DISCLAIMER}",
    )
    _common(p)
    p.add_argument(
        "--weights", metavar="FILE", help="a TOML file of weights to lay over the defaults"
    )
    p.set_defaults(func=cmd_children)


def cmd_children(args: argparse.Namespace) -> int:
    from osa_toolkit.core.assessments.childrens_risk import assess_childrens_risk
    from osa_toolkit.core.assessments.json_documents import childrens_risk_to_dict
    from osa_toolkit.core.method.weights import load_weights
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    registers = load_registers(args.edition, on=getattr(args, "today", None) or dt.date.today())
    weights = load_weights(overrides=args.weights)
    result = assess_childrens_risk(profile, registers, weights, today=args.today)
    if args.json:
        print(json.dumps(childrens_risk_to_dict(result), indent=2, ensure_ascii=False))
    else:
        print(render_children(result))
    return EXIT_OK


def render_children(a: Any) -> str:
    """The plain-text report of ``children``."""
    lines = [f"{a.service}: children's risk assessment, edition {a.edition} ({DISCLAIMER})"]
    lines += [a.edition_reason, ""] if a.edition_reason else [""]
    if not a.required:
        lines += ["Not required:"] + [f"  - {r}" for r in a.reasons]
        return "\n".join(lines)
    groups = [g for g in a.age_groups if g.present]
    lines.append(f"{'':<10} {'kind':<52} " + " ".join(f"{g.label:>8}" for g in groups))
    for k in a.kinds:
        cells = " ".join(f"{k.group(g.id).level:>8}" for g in groups)
        lines.append(f"{k.level.upper():<10} {k.name[:52]:<52} {cells}")
    lines += ["", "Age bands: " + ", ".join(f"{g.label} ({g.confidence})" for g in groups)]
    if a.measures:
        lines += ["", "Protection of Children Code measures:"]
        for m in a.measures:
            flag = " [uncertain]" if m.uncertain else ""
            lines.append(f"  {m.id}  {m.title}{flag}")
            lines += [f"        - {w}" for w in m.why]
    lines += coverage_lines(a.coverage)
    if a.evidence_check:
        lines += ["", "What a regulator would question:"]
        lines += [f"  - {f.message}" for f in a.evidence_check]
    lines += ["", "Notes:"] + [f"  - {n}" for n in a.notes]
    lines += ["", f"Next review by {a.next_review.isoformat()}. Use --json for every trace."]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- age assurance


def add_age_assurance(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "age-assurance",
        help="age assurance: can the chosen methods be highly effective, and is it needed",
        description="Check the age-assurance methods in PROFILE against Ofcom's guidance on "
        "highly effective age assurance: each method, whether the service needs it and why, the "
        f"four criteria, and (for Part 5) what the record is missing. {DISCLAIMER}",
    )
    _common(p)
    p.set_defaults(func=cmd_age_assurance)


def cmd_age_assurance(args: argparse.Namespace) -> int:
    from osa_toolkit.core.assessments.age_assurance import evaluate_age_assurance
    from osa_toolkit.core.assessments.json_documents import age_assurance_to_dict
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    registers = load_registers(args.edition, on=getattr(args, "today", None) or dt.date.today())
    result = evaluate_age_assurance(profile, registers, today=args.today)
    if args.json:
        print(json.dumps(age_assurance_to_dict(result), indent=2, ensure_ascii=False))
    else:
        print(render_age_assurance(result))
    return EXIT_OK


NEEDS_WORDS = {True: "yes", False: "no", None: "possibly (an answer is unknown)"}


def render_age_assurance(r: Any) -> str:
    """The plain-text report of ``age-assurance``."""
    lines = [f"{r.service}: age assurance, edition {r.edition} ({DISCLAIMER})", ""]
    lines.append(f"Highly effective age assurance needed: {NEEDS_WORDS[r.needs_heaa]}")
    lines += [f"  - {x}" for x in r.needs_reasons]
    lines += ["", "Methods:"]
    lines += [f"  {m.id}: {m.status} — {m.reason}" for m in r.methods] or ["  (none chosen)"]
    lines += ["", r.verdict_sentence, "", "The four criteria:"]
    lines += [f"  {c.label}: {'met' if c.status == 'met' else 'not shown'}" for c in r.criteria]
    if r.part5:
        lines += ["", "Part 5 record (s.81):"]
        lines += [f"  [{'MISSING' if i.missing else 'given'}] {i.label}" for i in r.part5_record]
        lines += [f"  - {x}" for x in r.reminders]
    return "\n".join(lines)
