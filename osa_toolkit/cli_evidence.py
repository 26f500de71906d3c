"""``osa-toolkit evidence import FILE --software S --profile P``: moderation records become evidence.

The export is read (refused by size, before reading, when too large), mapped with the software's
default mapping (plus the rows chosen for an earlier import, saved in the profile, plus ``--map``),
and the profile's ``evidence`` section is rewritten atomically (or written to ``-o``). Account names
and free text are never kept; the record says what was dropped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from osa_toolkit.core.evidence_import import (
    NONE,
    OUTCOME_TARGETS,
    PARSERS,
    MappingRow,
    source_to_dict,
)
from osa_toolkit.core.profile import profile_to_dict

EXIT_OK = 0


def _map_edit(text: str) -> MappingRow:
    category, sep, target = text.rpartition("=")
    if not sep or not category.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a mapping edit; write CATEGORY=HARM or CATEGORY=HARM:CHILD_KIND "
            f"(HARM may be '{NONE}' for reports that are not illegal content, or empty)"
        )
    harm, _, child = target.partition(":")
    return MappingRow(category.strip(), harm.strip(), child.strip())


def _outcome_edit(text: str) -> tuple[str, str]:
    word, sep, target = text.rpartition("=")
    if not sep or target not in OUTCOME_TARGETS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an outcome edit; write WORD=TARGET with TARGET one of "
            + ", ".join(OUTCOME_TARGETS)
        )
    return word.strip(), target


def add_evidence(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evidence",
        help="import the service's own moderation records as evidence",
        description="Import a moderation export (reports, flags, modlog) into a profile's "
        "evidence section.",
    )
    inner = p.add_subparsers(dest="evidence_command", metavar="ACTION")
    inner.required = True
    i = inner.add_parser(
        "import",
        help="import one export file into a profile",
        description="Read FILE as SOFTWARE's export, map its categories to kinds of illegal "
        "content and write the figures (with the file's sha256, the period and the mapping) "
        "into the profile's evidence section. Account names and free text are never kept.",
    )
    i.add_argument("file", metavar="FILE", help="the export file")
    i.add_argument("--software", required=True, choices=sorted(PARSERS), help="whose export")
    i.add_argument("--profile", required=True, metavar="P", help="the profile file to update")
    i.add_argument(
        "-o", "--output", metavar="OUT", help="write the updated profile here instead of P"
    )
    i.add_argument(
        "--map",
        dest="edits",
        action="append",
        default=[],
        type=_map_edit,
        metavar="CATEGORY=HARM[:CHILD_KIND]",
        help=f"send a category to a harm id ('{NONE}': not illegal content; empty: unmapped)",
    )
    i.add_argument(
        "--outcome",
        dest="outcome_edits",
        action="append",
        default=[],
        type=_outcome_edit,
        metavar="WORD=TARGET",
        help="count an outcome word as " + ", ".join(OUTCOME_TARGETS),
    )
    i.add_argument("--note", default="", help="your own note on this source, kept in the record")
    i.add_argument("--edition", help="guidance edition of the registers (default: the newest)")
    i.add_argument("--json", action="store_true", help="print one JSON document")
    i.set_defaults(func=cmd_evidence_import)
    ls = inner.add_parser(
        "list",
        help="list the exports a profile's evidence was imported from",
        description="List the imported exports of a profile: file, sha256, software, period, "
        "reports counted and the categories left unmapped.",
    )
    ls.add_argument("--profile", required=True, metavar="P", help="the profile file")
    ls.add_argument("--json", action="store_true", help="print one JSON document")
    ls.set_defaults(func=cmd_evidence_list)
    rm = inner.add_parser(
        "remove",
        help="remove one imported export (by the start of its sha256) and recompute the figures",
    )
    rm.add_argument(
        "sha256", metavar="SHA256", help="the sha256 of the file, or its first 8+ digits"
    )
    rm.add_argument("--profile", required=True, metavar="P", help="the profile file to update")
    rm.add_argument("-o", "--output", metavar="OUT", help="write the profile here instead of P")
    rm.set_defaults(func=cmd_evidence_remove)


def cmd_evidence_import(args: argparse.Namespace) -> int:
    from osa_toolkit.files.evidence import import_file
    from osa_toolkit.files.profiles import find_profile, load_profile, save_profile

    profile_path = find_profile(args.profile)
    profile = load_profile(profile_path)
    result = import_file(
        args.file,
        args.software,
        profile,
        edition=args.edition,
        edits=args.edits,
        outcome_edits=args.outcome_edits,
        note=args.note,
    )
    target = Path(args.output) if args.output else profile_path
    written = save_profile(result.profile, target)
    s = result.source
    if args.json:
        evidence = profile_to_dict(result.profile)["evidence"]
        doc = {
            "source": source_to_dict(s),
            "evidence": json.loads(json.dumps(evidence, default=str)),
            "notes": list(result.notes),
            "written": str(written),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{s.file} ({args.software}): {s.reports_total} reports from {s.period_start} to "
        f"{s.period_end}; sha256 {s.sha256[:12]}…"
    )
    for f in s.by_harm:
        print(f"  {f.kind}: {f.reports} reports, {f.confirmed} confirmed, {f.dismissed} dismissed")
    for f in s.children_by_kind:
        print(f"  children: {f.kind}: {f.reports} reports, {f.confirmed} confirmed")
    for category, count in s.unmapped:
        print(f"  not mapped to a kind: {category!r} ({count} reports); use --map to choose one")
    for line in (*s.dropped, *result.notes):
        print(f"  {line}")
    print(f"Wrote {written}.")
    return EXIT_OK


def cmd_evidence_list(args: argparse.Namespace) -> int:
    from osa_toolkit.files.profiles import load_profile

    profile = load_profile(args.profile)
    sources = profile.evidence.sources if profile.evidence else ()
    if args.json:
        print(json.dumps({"sources": [source_to_dict(s) for s in sources]}, indent=2))
        return EXIT_OK
    if not sources:
        print("No moderation export has been imported into this profile.")
    for s in sources:
        unmapped = sum(n for _, n in s.unmapped)
        print(
            f"{s.sha256[:12]}  {s.file} ({s.software}): {s.reports_total} reports from "
            f"{s.period_start} to {s.period_end}"
            + (f"; {unmapped} not mapped to a kind" if unmapped else "")
        )
    return EXIT_OK


def cmd_evidence_remove(args: argparse.Namespace) -> int:
    from osa_toolkit.core.errors import OsaToolkitError
    from osa_toolkit.core.evidence_import import remove_source
    from osa_toolkit.files.profiles import find_profile, load_profile, save_profile

    path = find_profile(args.profile)
    profile = load_profile(path)
    sources = profile.evidence.sources if profile.evidence else ()
    prefix = args.sha256.strip().lower()
    found = [s for s in sources if len(prefix) >= 8 and s.sha256.startswith(prefix)]
    if len(found) != 1:
        known = ", ".join(f"{s.sha256[:12]} ({s.file})" for s in sources) or "none"
        raise OsaToolkitError(
            f"{path.name}: expected the sha256 (8 or more of its first digits) of one imported "
            f"export; found {len(found)} matching {args.sha256!r} (imported: {known})."
        )
    written = save_profile(remove_source(profile, found[0].sha256), args.output or path)
    print(f"Removed {found[0].file} from the evidence; wrote {written}.")
    return EXIT_OK
