"""``osa-toolkit calibrate``: how far the scoring method agrees with published risk assessments.

osa-toolkit calibrate                       # the shipped cases (osa_toolkit/data/calibration)
osa-toolkit calibrate CASES --json          # a folder of profiles/<slug>.yaml + expected/<slug>.json
osa-toolkit calibrate --fit -o fitted.toml  # search the weights within bounds; write them
osa-toolkit calibrate --leave-one-out       # each case scored by weights fitted on the others
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import tomli_w

from osa_toolkit.core.analysis.calibration import (
    Agreement,
    FitResult,
    LevelScorer,
    agreement,
    agreement_to_dict,
    fit,
    leave_one_out,
    objective,
)
from osa_toolkit.core.errors import InvalidInputError
from osa_toolkit.core.method.weights import METHODS, method_title


def add_calibrate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "calibrate",
        help="agreement of the indicative levels with published assessments; fit the weights",
        description="Score the method against a folder of published illegal content risk "
        "assessments (by default the ones shipped in osa_toolkit/data/calibration): levels, multi-risk and "
        "measure lists per case and in total. With --fit, search the weights within bounds that "
        "keep the method's rules and write them; with --leave-one-out, score each case with "
        "weights fitted on the others. The operators' levels are judgements, not the truth.",
    )
    p.add_argument("cases", metavar="CASES", nargs="?", help="folder of cases (default: shipped)")
    p.add_argument(
        "--weights", metavar="FILE", help="a TOML file of weights to lay over the defaults"
    )
    p.add_argument(
        "--method",
        choices=list(METHODS),
        help="start from this method's shipped weights (default: the current method)",
    )
    p.add_argument("--fit", action="store_true", help="search the weights; needs -o")
    p.add_argument("-o", "--output", metavar="FILE", help="where --fit writes the fitted weights")
    p.add_argument(
        "--leave-one-out", action="store_true", help="also fit without each case and score it"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--today", type=dt.date.fromisoformat, help="assessment date (default: today)")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.method.weights import (
        default_weights_path,
        load_weights,
        weights_from_mapping,
    )
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.calibration_cases import load_cases

    if args.fit and not args.output:
        raise InvalidInputError("--fit writes the fitted weights to a file: add -o FILE.")
    out = Path(args.output) if args.output else None
    if out is not None:  # a folder, device, link or missing folder: refused before any work
        # loaded when the command runs, so `osa-toolkit --help` stays fast
        from osa_toolkit.files.output import check_target

        check_target(out, "The fitted weights file", InvalidInputError)
    today = args.today or dt.date.today()
    cases = load_cases(args.cases)
    weights = load_weights(default_weights_path(args.method), overrides=args.weights)
    result = agreement(cases, weights, load_registers, today)
    doc = agreement_to_dict(result)
    doc["objective"] = objective(result)
    fitted: FitResult | None = None
    if args.fit:
        fitted = fit(LevelScorer(cases, load_registers, today), weights)
        after = agreement(cases, weights_from_mapping(fitted.raw, "fit"), load_registers, today)
        _write(out, _fitted_toml(fitted, after))
        doc["fit"] = {
            "file": str(out),
            "objective_before": fitted.before,
            "objective_after": fitted.after,
            "changes": {k: list(v) for k, v in fitted.changes.items()},
            "summary_after": after.summary,
        }
    held: Agreement | None = None
    if args.leave_one_out:
        held = leave_one_out(cases, weights, load_registers, today)
        doc["leave_one_out"] = {"objective": objective(held), **agreement_to_dict(held)}
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(render_calibration(result, fitted, held, out))
    return 0


def render_calibration(
    a: Agreement, fitted: FitResult | None = None, held: Agreement | None = None, out=None
) -> str:
    """The plain-text report of ``calibrate``."""
    lines = [
        f"Agreement with {len(a.cases)} published assessments, {method_title(a.method)}.",
        "",
        f"{'case':<24} {'edition':<8} {'rows':>4} {'same':>5} {'±1':>4} {'+2':>3} {'-2':>3}  "
        "multi-risk (theirs/ours)  measures missing/ruled out",
    ]
    yes = {True: "yes", False: "no", None: "-"}
    for c in a.cases:
        measures = (
            f"{len(c.measures_missing)}/{len(c.measures_forbidden_present)}"
            if c.measures_checked
            else "-"
        )
        lines.append(
            f"{c.slug:<24} {c.edition:<8} {len(c.rows):>4} {c.exact:>5} {c.within_one:>4} "
            f"{c.over2:>3} {c.under2:>3}  {yes[c.multi_risk_expected]:>3}/{yes[c.multi_risk_got]:<21} "
            f"{measures}"
        )
        far = [r for r in c.rows if abs(r.distance) >= 2]
        if far:
            lines.append(
                "    two or more steps apart: "
                + ", ".join(f"{r.harm} (theirs {r.expected}, ours {r.got})" for r in far)
            )
        if c.measures_forbidden_present:
            lines.append(
                "    ruled out by them, listed by us: " + ", ".join(c.measures_forbidden_present)
            )
        if c.measures_missing:
            lines.append("    listed by them, not by us: " + ", ".join(c.measures_missing))
    lines += ["", "In total: " + a.line()]
    if fitted is not None:
        moves = ", ".join(f"{k} {v[0]:g} → {v[1]:g}" for k, v in fitted.changes.items())
        lines += [
            "",
            f"Fit: objective {fitted.before:g} → {fitted.after:g} (lower is better) in "
            f"{fitted.passes} passes; {moves or 'nothing moved'}.",
            f"Written to {out}.",
        ]
    if held is not None:
        lines += [
            "",
            f"Leave one case out (each case scored with weights fitted on the others): "
            f"objective {objective(held):g}. " + held.line(),
        ]
    return "\n".join(lines)


def _fitted_toml(fitted: FitResult, after: Agreement) -> str:
    head = [
        "# Weights fitted by `osa-toolkit calibrate --fit` (coordinate search within the bounds of",
        "# osa_toolkit.core.analysis.calibration.FIT_SPACE; the matrix and factor links are not searched).",
        f"# Objective {fitted.before:g} -> {fitted.after:g} (lower is better).",
        f"# Agreement after the fit: {after.line()}",
        "# Check leave-one-out agreement (--leave-one-out) before trusting a fit: see docs/calibration.md.",
        "",
    ]
    return "\n".join(head) + tomli_w.dumps(dict(fitted.raw))


def _write(path: Path, text: str) -> None:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.files.output import write_atomically

    write_atomically(path, text.encode("utf-8"), "The fitted weights file", InvalidInputError)
