"""The ``report`` and ``records`` commands (wired into :mod:`osa_toolkit.cli` by ``add_commands``).

``report`` writes a record as Markdown, HTML, JSON, DOCX or PDF, from a profile (assessed now) or from
a saved version in the record store. ``records`` lists the saved versions, shows one, compares two and
lists the reviews that are due. Each ``cmd_*`` returns an exit code; a user's mistake raises an
:class:`~osa_toolkit.core.errors.OsaToolkitError` whose sentence the CLI prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osa_toolkit.core.errors import OsaToolkitError
from osa_toolkit.core.words import join_and
from osa_toolkit.report.formats import FORMATS, format_for_suffix

EXIT_OK = 0
KIND = "illegal_content"
DISCLAIMER = "Indicative only, with reasons; not legal advice."


def _date(text: str) -> dt.date:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.cli.args import date_arg

    return date_arg(text)


def _record_id(text: str) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.cli.args import record_id_arg

    return record_id_arg(text)


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="URL",
        help="record store: a SQLite file path or a postgresql:// URL (default: the local store)",
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``report`` and ``records`` (with list, show, diff, due) to the CLI's subparsers."""
    _add_report(sub)
    _add_records(sub)


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help=f"write the assessment record as {join_and(FORMATS, 'or')}",
        description="Write the illegal content risk assessment record of PROFILE (assessed now) "
        f"or of a saved record (--record ID) as a file. {DISCLAIMER}",
    )
    p.add_argument("profile", metavar="PROFILE", nargs="?", help="a profile file or example id")
    p.add_argument("--record", metavar="ID", type=_record_id, help="a saved record id instead")
    p.add_argument(
        "--format", choices=tuple(FORMATS), help="output format (default: from -o's suffix)"
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="file to write ('-': stdout)"
    )
    _store_option(p)
    p.add_argument(
        "--edition",
        help="guidance edition of the registers (default: the one in force on the assessment date)",
    )
    p.add_argument("--weights", metavar="FILE", help="a scoring weightings file (TOML) to apply")
    p.add_argument("--today", type=_date, help="date of the assessment, YYYY-MM-DD")
    p.add_argument("--responsible-person", default="", help="the named person responsible")
    p.add_argument("--completed-by", default="", help="who completed the assessment")
    p.set_defaults(func=cmd_report)


def _add_records(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "records",
        help="list, show, compare saved records and the reviews due",
        description=f"Work with the saved assessment records. {DISCLAIMER}",
    )
    rsub = p.add_subparsers(dest="records_command", metavar="ACTION", parser_class=type(p))
    rsub.required = True
    specs = {
        "list": ("every saved version with its record id, service by service", cmd_list),
        "show": ("one saved record, as Markdown (or JSON with --json)", cmd_show),
        "diff": ("what changed between two saved records", cmd_diff),
        "due": ("the records whose next review is due", cmd_due),
    }
    for name, (help_text, func) in specs.items():
        q = rsub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:])
        if name == "list":
            q.add_argument("service", metavar="SERVICE", nargs="?", help="only this service id")
        elif name == "show":
            q.add_argument("id", metavar="ID", type=_record_id)
        elif name == "diff":
            q.add_argument("id1", metavar="ID1", type=_record_id, help="the older record")
            q.add_argument("id2", metavar="ID2", type=_record_id, help="the newer record")
        else:
            q.add_argument("--on", type=_date, help="due on or before this date (default: today)")
        _store_option(q)
        q.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        q.set_defaults(func=func)


# ----------------------------------------------------------------------------- report


def _format_for(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    fmt = format_for_suffix(Path(args.output).suffix)
    if fmt is None:
        raise OsaToolkitError(
            f"Cannot tell the format from {args.output!r}; add --format with one of "
            f"{', '.join(FORMATS)}."
        )
    return fmt


def record_from_profile(args: argparse.Namespace):
    """Assess the profile named in ``args`` and build its record (governance from the options)."""
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.assessments.illegal_content import assess_illegal_content
    from osa_toolkit.core.method.weights import load_weights
    from osa_toolkit.core.record import Governance, record_from_assessment
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    registers = load_registers(args.edition, on=getattr(args, "today", None) or dt.date.today())
    weights = load_weights(overrides=args.weights) if args.weights else None
    assessment = assess_illegal_content(profile, registers, weights, today=args.today)
    governance = Governance(
        responsible_person=args.responsible_person, completed_by=args.completed_by
    )
    return record_from_assessment(assessment, profile, governance)


def cmd_report(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.report import export_record

    if (args.profile is None) == (args.record is None):
        raise OsaToolkitError("Give either a PROFILE or --record ID (one of them, not both).")
    fmt = _format_for(args)
    history = None
    if args.record is not None:
        for option in ("edition", "weights", "today"):
            if getattr(args, option):
                raise OsaToolkitError(
                    f"--{option} applies to a PROFILE; a saved record keeps its own."
                )
        with _open(args.store) as store:
            saved = store.load(args.record)
            record = _record(saved)
            history = history_rows(store.version_infos(saved.service_id, saved.kind), saved.version)
    else:
        record = record_from_profile(args)
    path = export_record(record, fmt, args.output, history=history)
    where = "standard output" if args.output == "-" else str(path)
    print(
        f"Wrote {where} ({fmt}) for {record.service_name}. {DISCLAIMER}",
        file=sys.stderr if args.output == "-" else sys.stdout,
    )
    return EXIT_OK


# ----------------------------------------------------------------------------- store helpers


def _open(url: str | None):
    """The store named by ``--store``; these commands only read, so a file given that does not
    exist (or is empty) is refused, never created."""
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.store import open_store

    return open_store(url, create=False)


def _record(saved: Any):
    """The record model of a saved version, of whichever kind it is."""
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.record_kinds import record_from_document

    return record_from_document(saved.kind, saved.document, source=f"record {saved.record_id}")


def history_rows(versions: Sequence[Any], up_to: int | None = None) -> list[dict[str, Any]]:
    """Document-history rows (version, date, change, completed by, approved by) from saved versions
    of one record, oldest first, up to version ``up_to``."""
    rows = []
    for v in versions:
        if up_to is not None and v.version > up_to:
            continue
        document = getattr(v, "document", None)  # a VersionInfo has none: its columns suffice
        gov = document.get("governance") if isinstance(document, dict) else None
        gov = gov if isinstance(gov, dict) else {}  # a damaged record still lists its versions
        rows.append(
            {
                "version": v.version,
                "date": v.created_at.date().isoformat(),
                "change": v.note or ("created" if v.version == 1 else "updated"),
                "completed_by": getattr(v, "author", "") or gov.get("completed_by", ""),
                "approved_by": v.approved_by or gov.get("approved_by", ""),
            }
        )
    return rows


def _version_summary(v: Any) -> dict[str, Any]:
    return {
        "record_id": v.record_id,
        "service_id": v.service_id,
        "service_name": v.service_name,
        "kind": v.kind,
        "version": v.version,
        "saved_at": v.created_at.isoformat(),
        "edition": v.edition,
        "approved_by": v.approved_by,
        "next_review": v.next_review.isoformat() if v.next_review else None,
        "note": v.note,
        "completed_by": v.author,
        "status": v.status,
        "level_summary": v.level_summary,
        "based_on": v.based_on,
    }


def _line(v: Any) -> str:
    approved = f"approved by {v.approved_by}" if v.approved_by else "not approved"
    review = f"review by {v.next_review.isoformat()}" if v.next_review else "no review date"
    author = f" by {v.author}" if v.author else ""
    over = f"  (saved over a newer version; made from v{v.based_on})" if v.saved_over_newer else ""
    return (
        f"{v.record_id:>5}  {v.service_id}  {v.kind} v{v.version}  saved "
        f"{v.created_at.date().isoformat()}{author}  edition {v.edition}  {approved}  {review}{over}"
    )


def _print_json(doc: Any) -> None:
    print(json.dumps(doc, indent=2, ensure_ascii=False))


# ----------------------------------------------------------------------------- records


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args.store) as store:  # from the overview columns: no document is read
        versions = store.version_infos(args.service or None)
        location = store.location
    if args.json:
        _print_json({"store": location, "records": [_version_summary(v) for v in versions]})
    elif not versions:
        print(f"No saved records in {location}.")
    else:
        print(f"   ID  SERVICE  KIND VERSION  SAVED  EDITION  APPROVAL  REVIEW  ({location})")
        for v in versions:
            print(_line(v))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.report.markdown import render_markdown

    with _open(args.store) as store:
        saved = store.load(args.id)  # the one document shown; the history comes from columns
        history = history_rows(store.version_infos(saved.service_id, saved.kind), saved.version)
    if args.json:
        _print_json({**_version_summary(saved), "document": saved.document})
    else:
        print(render_markdown(_record(saved), history=history), end="")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.diff import diff_to_dict, diff_to_text
    from osa_toolkit.core.record_kinds import diff_any

    with _open(args.store) as store:
        old, new = store.load(args.id1), store.load(args.id2)
    diff = diff_any(_record(old), _record(new))
    if args.json:
        _print_json(
            {"old": _version_summary(old), "new": _version_summary(new), **diff_to_dict(diff)}
        )
    else:
        print(
            f"From record {old.record_id} ({old.service_id} v{old.version}, saved "
            f"{old.created_at.date().isoformat()}) to record {new.record_id} ({new.service_id} "
            f"v{new.version}, saved {new.created_at.date().isoformat()}):"
        )
        print(diff_to_text(diff))
    return EXIT_OK


def _never_done(store, on: dt.date) -> list[tuple[Any, Any]]:
    """``(service, review)`` for each assessment a stored service needs, has never saved, and
    whose first deadline is on or before ``on`` (the same decision as the app's due list)."""
    # loaded when the command runs, so `osa-toolkit --help` stays fast
    from osa_toolkit.core.errors import OsaToolkitError
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.core.status import service_status
    from osa_toolkit.files.app_state import latest_documents

    regs, out = load_registers(), []
    for service in store.list_services():
        latest = latest_documents(store, service.service_id)
        if not latest:
            continue
        newest = max(latest.values(), key=lambda v: v.created_at)
        try:
            profile = parse_profile(newest.document["profile"], source=f"record {newest.record_id}")
        except (OsaToolkitError, KeyError, TypeError):
            continue  # a damaged record is reported by `records show`, not here
        dates = {k: (v.version, v.created_at.date(), v.next_review) for k, v in latest.items()}
        for review in service_status(profile, regs, dates, on).reviews:
            if review.last_done is None and review.next_due and review.next_due <= on:
                out.append((service, review))
    return out


def cmd_due(args: argparse.Namespace) -> int:
    on = args.on or dt.date.today()
    with _open(args.store) as store:
        due = store.reviews_due(on)
        never = _never_done(store, on)
    if args.json:
        _print_json(
            {
                "on_or_before": on.isoformat(),
                "due": [_version_summary(v) for v in due],
                "never_done": [
                    {
                        "service_id": s.service_id,
                        "service_name": s.name,
                        "assessment": r.what,
                        "due": r.next_due.isoformat(),
                    }
                    for s, r in never
                ],
            }
        )
        return EXIT_OK
    if not due and not never:
        print(f"Nothing is due on or before {on.isoformat()}.")
    if due:
        print(f"Reviews due on or before {on.isoformat()}:")
        for v in due:
            print(
                f"  {v.next_review.isoformat()}  {v.service_name} ({v.service_id}), {v.kind} "
                f"v{v.version}, record {v.record_id}"
            )
    if never:
        print(f"Assessments never done and due on or before {on.isoformat()}:")
        for s, r in never:
            print(f"  {r.next_due.isoformat()}  {s.name} ({s.service_id}): {r.what}")
    return EXIT_OK
