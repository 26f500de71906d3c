"""The ``pack`` command: the compliance pack of one service as a zip (wired into :mod:`osa_toolkit.cli`).

``osa-toolkit pack SERVICE -o pack.zip [--store S]`` writes everything a request from Ofcom for the
risk assessment would need (see ``docs/pack.md``). The same store always gives the same bytes.
"""

from __future__ import annotations

import argparse

from osa_toolkit.core.errors import OsaToolkitError

DISCLAIMER = "Indicative only, with reasons; not legal advice."


def add_pack(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pack",
        help="the compliance pack: every record, its history, the measures register, as one zip",
        description="Write the compliance pack of SERVICE (a service id in the record store): the "
        "current version of each record as PDF and JSON, their version history, the measures "
        "register, approvals and governance dates, the evidence annex, the scope result, the duty "
        f"tasks and a cover page listing the SHA-256 of every file. {DISCLAIMER}",
    )
    p.add_argument("service", metavar="SERVICE", help="the service id, as 'records list' shows it")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the zip file to write")
    p.add_argument(
        "--store",
        metavar="URL",
        help="record store: a SQLite file path or a postgresql:// URL (default: the local store)",
    )
    p.add_argument("--edition", help="guidance edition for the scope check (default: the newest)")
    p.set_defaults(func=cmd_pack)


def cmd_pack(args: argparse.Namespace) -> int:
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.report.pack_zip import write_pack
    from osa_toolkit.store import open_store

    if not args.output.lower().endswith(".zip"):
        raise OsaToolkitError(
            f"The pack is a zip file; give -o a name ending in .zip, not {args.output!r}."
        )
    registers = load_registers(args.edition)
    with open_store(args.store) as store:
        if not store.list_versions(args.service):
            raise OsaToolkitError(
                f"The record store {store.location} has no saved record of {args.service!r}; "
                "'osa-toolkit records list' shows the services it holds."
            )
        path = write_pack(store, args.service, args.output, registers)
    print(f"Wrote the compliance pack of {args.service} to {path}. {DISCLAIMER}")
    return 0


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def add_duties(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "duties",
        help="the duty tasks of a saved service (2026 duties), and marking one done",
        description="List the duty tasks that apply to SERVICE with their state and due date, or "
        f"record one as done with --done TASK --by NAME [--on DATE]. {DISCLAIMER}",
    )
    p.add_argument("service", metavar="SERVICE", help="the service id, as 'records list' shows it")
    p.add_argument(
        "--done", metavar="TASK", help="the task to record as done (its id, from --json)"
    )
    p.add_argument("--by", metavar="NAME", help="who did it (with --done)")
    p.add_argument("--on", type=_date, help="the day it was done, YYYY-MM-DD (default: today)")
    p.add_argument("--today", type=_date, help="the date to judge the tasks on (default: today)")
    p.add_argument(
        "--store",
        metavar="URL",
        help="record store: a SQLite file path or a postgresql:// URL (default: the local store)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.set_defaults(func=cmd_duties)


def cmd_duties(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from osa_toolkit.core.compliance.duties import STATE_WORDS, duty_tasks, levels_from_record
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.core.registers import load_registers
    from osa_toolkit.store import open_store

    today = args.today or dt.date.today()
    registers = load_registers()
    with open_store(args.store) as store:
        versions = store.list_versions(args.service)
        if not versions:
            raise OsaToolkitError(
                f"The record store {store.location} has no saved record of {args.service!r}; "
                "'osa-toolkit records list' shows the services it holds."
            )
        newest = max(versions, key=lambda v: v.created_at)
        profile = parse_profile(newest.document["profile"], source=f"record {newest.record_id}")
        ic = store.latest(args.service, "illegal_content")
        levels = levels_from_record(ic.document) if ic is not None else {}

        def tasks():
            done = store.duties_done(args.service)
            return duty_tasks(profile, registers, today, done=done, levels=levels)

        if args.done is not None:
            open_ids = {t.id: t for t in tasks() if t.state in ("due", "overdue")}
            if args.done not in open_ids:
                raise OsaToolkitError(
                    f"{args.done!r} is not an open task of {args.service!r}; open tasks: "
                    f"{', '.join(open_ids) or 'none'}."
                )
            if not args.by:
                raise OsaToolkitError("Say who did the task with --by NAME.")
            on = args.on or dt.date.today()
            if on > dt.date.today():
                raise OsaToolkitError("--on cannot be a day in the future.")
            store.mark_duty_done(args.service, args.done, args.by, on)
        found = tasks()
    if args.json:
        print(json.dumps({"service": args.service, "on": today.isoformat(),
                          "tasks": [t.to_dict() for t in found]}, indent=2, ensure_ascii=False))  # fmt: skip
        return 0
    if not found:
        print(f"No duty tasks apply to {args.service}.")
    for t in found:
        due = t.due.isoformat() if t.due else "no date"
        print(f"{STATE_WORDS[t.state].upper():<26} {due:<10}  {t.title} ({t.section})")
        print(f"{'':38}{t.detail}")
    print(DISCLAIMER)
    return 0


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="URL",
        help="record store: a SQLite file path or a postgresql:// URL (default: the local store)",
    )


def add_compliance_review(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compliance-review",
        help="record a regular compliance review (s.23(6)), or list them",
        description="Record the regular review of SERVICE's compliance as its own dated entry "
        "(apart from each risk assessment's yearly review), or list the reviews with --list. "
        f"{DISCLAIMER}",
    )
    p.add_argument("service", metavar="SERVICE", help="the service id, as 'records list' shows it")
    p.add_argument("--list", action="store_true", help="list the reviews recorded so far")
    p.add_argument("--on", type=_date, help="the day of the review, YYYY-MM-DD (default: today)")
    p.add_argument("--by", metavar="NAME", help="who reviewed")
    p.add_argument("--findings", metavar="TEXT", help="what was checked and found")
    p.add_argument("--next", type=_date, help="when the next review is due, YYYY-MM-DD")
    _store_option(p)
    p.set_defaults(func=cmd_compliance_review)


def cmd_compliance_review(args: argparse.Namespace) -> int:
    import datetime as dt

    from osa_toolkit.store import open_store

    with open_store(args.store) as store:
        if not args.list:
            if not args.by or not args.findings:
                raise OsaToolkitError("Give --by NAME and --findings TEXT (or --list).")
            on = args.on or dt.date.today()
            if on > dt.date.today():
                raise OsaToolkitError("--on cannot be a day in the future.")
            store.add_compliance_review(args.service, on, args.by, args.findings, args.next)
        reviews = store.compliance_reviews(args.service)
    if not reviews:
        print(f"No compliance review is recorded for {args.service}.")
    for r in reviews:
        nxt = f"; next by {r.next_review.isoformat()}" if r.next_review else ""
        print(f"{r.reviewed_on.isoformat()}  {r.reviewed_by}: {r.findings}{nxt}")
    return 0


def add_delete_version(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "delete-version",
        help="delete a superseded record version kept at least three years (logged)",
        description="Delete the saved version ID. The store refuses the current version, and a "
        "superseded one less than three years after it was replaced, with a sentence saying until "
        "when it must be kept; a deletion it allows is logged (who, when, why) and goes in the pack.",
    )
    p.add_argument("id", metavar="ID", type=int, help="the record id, as 'records list' shows it")
    p.add_argument("--by", metavar="NAME", required=True, help="who deletes it")
    p.add_argument("--reason", metavar="TEXT", required=True, help="why")
    _store_option(p)
    p.set_defaults(func=cmd_delete_version)


def cmd_delete_version(args: argparse.Namespace) -> int:
    from osa_toolkit.store import open_store

    with open_store(args.store) as store:
        gone = store.delete_version(args.id, args.by, args.reason)
    print(
        f"Deleted version {gone.version} (record {gone.record_id}) of {gone.service_id}; the "
        "deletion is logged."
    )
    return 0
