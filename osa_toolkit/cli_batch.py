"""``osa-toolkit assess-all``: indicative levels for many services at once, written as CSV.

Reads every profile file in a folder (``DIR``), or the profile inside the latest illegal content
record of every service in the record store (``--store [URL]``), works out the level of each kind
of illegal content with :mod:`osa_toolkit.core.analysis.batch` (the same method as ``assess``, without the
assessor's overrides) and writes one CSV.

CSV formats:

- long (default): one row per service × kind of harm, with the columns ``service, name, source,
  edition, harm, level, likelihood, impact, points, unknowns_decided`` — and, with ``--store``,
  ``recorded_level`` (the final level saved in the record, which may differ: the assessor's
  override, another edition or other weights);
- ``--wide``: one row per service, ``service, name, source, edition`` then one column per harm.

A progress bar goes to stderr (a line every 10% when stderr is not a terminal). A profile that
cannot be read stops the run with one sentence naming the file (``--keep-going`` skips it instead
and lists it on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from osa_toolkit.core.errors import OsaToolkitError, one_line, shown

if TYPE_CHECKING:  # pandas is imported when the command runs, not when the CLI starts
    import pandas as pd

EXIT_OK = 0
KIND = "illegal_content"
DISCLAIMER = "Indicative only, with reasons; not legal advice."


class Progress:
    """A tiny progress bar: redrawn in place on a terminal, else one line every 10%."""

    def __init__(self, what: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.what, self.stream, self.width = what, stream or sys.stderr, width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        if self.tty:
            filled = self.width * done // total
            bar = "#" * filled + "." * (self.width - filled)
            end = "\n" if done >= total else ""
            self.stream.write(f"\rassess-all: [{bar}] {done}/{total} {self.what}{end}")
        else:
            tenth = 10 * done // total
            if tenth == self._last and done < total:
                return
            self._last = tenth
            self.stream.write(f"assess-all: {done}/{total} {self.what}\n")
        self.stream.flush()


def add_assess_all(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assess-all",
        help="indicative levels for every profile in a folder, or every service in the store, as CSV",
        description="Work out the indicative level of each kind of illegal content for every "
        "profile file in DIR, or for every service in the record store (--store), and write "
        f"them as CSV. {DISCLAIMER}",
    )
    p.add_argument("folder", metavar="DIR", nargs="?", help="a folder of profile files")
    p.add_argument(
        "--store",
        metavar="URL",
        nargs="?",
        const="",
        help="use the record store instead of DIR: a SQLite file or postgresql:// URL "
        "(no value: the local store)",
    )
    p.add_argument("--csv", metavar="OUT", required=True, help="CSV file to write ('-': stdout)")
    p.add_argument(
        "--weights", metavar="FILE", help="a TOML file of weights to lay over the defaults"
    )
    p.add_argument(
        "--edition",
        help="guidance edition of the registers (default: the one in force on the assessment date)",
    )
    p.add_argument("--wide", action="store_true", help="one row per service, one column per harm")
    p.add_argument(
        "--today", type=_date, help="date of the assessment, YYYY-MM-DD (default: today)"
    )
    p.add_argument(
        "--keep-going", action="store_true", help="skip unreadable profiles, listing them"
    )
    p.set_defaults(func=cmd_assess_all)


def _date(text: str) -> dt.date:
    from osa_toolkit.cli.args import date_arg

    return date_arg(text)


def cmd_assess_all(args: argparse.Namespace) -> int:
    from osa_toolkit.core.analysis.batch import features, score
    from osa_toolkit.core.method.weights import load_weights
    from osa_toolkit.core.registers import load_registers

    if (args.folder is None) == (args.store is None):
        raise OsaToolkitError(
            "assess-all needs exactly one of DIR (a folder of profiles) or --store; got "
            + ("neither." if args.folder is None else "both.")
        )
    if args.csv != "-":  # refuse a device, pipe, link or missing folder before any work
        from osa_toolkit.files.output import check_target

        check_target(args.csv, "The CSV file", OsaToolkitError)
    registers = load_registers(args.edition, on=args.today or _today())
    weights = load_weights(overrides=args.weights)
    if args.folder is not None:
        profiles, sources, recorded = _from_folder(args.folder, args.keep_going)
    else:
        profiles, sources, recorded = _from_store(args.store or None)
    if not profiles:
        raise OsaToolkitError("There were no services to assess, so no CSV was written.")
    scored = score(features(profiles, registers, today=args.today), weights, detail=True)
    table = _table(scored, profiles, sources, recorded, registers.edition.id, args.wide)
    table.insert(3, "duties_apply", table["service"].map(_duties_apply(profiles, registers)))
    _write(table, args.csv)
    shape = "services" if args.wide else "service × harm rows"
    where = "standard output" if args.csv == "-" else shown(args.csv, 120)
    print(
        one_line(
            f"assess-all: {len(profiles)} services, {len(table)} {shape} written to {where} "
            f"(edition {registers.edition.id}). {DISCLAIMER}"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _duties_apply(profiles: dict, registers) -> dict[str, bool]:
    """Whether the illegal content duties (Part 3) apply to each service; the levels of the others
    are for information only."""
    from osa_toolkit.core.scope import check_scope

    part3 = {"part3_user_to_user", "part3_search"}
    return {
        sid: bool(part3 & set(check_scope(p, registers).regimes)) for sid, p in profiles.items()
    }


def _from_folder(folder: str, keep_going: bool) -> tuple[dict, dict, dict]:
    from osa_toolkit.files.profile_folders import load_profile_folder, profile_files_in

    files = {p.stem: p.name for p in profile_files_in(folder)}
    profiles, problems = load_profile_folder(
        folder, strict=not keep_going, progress=Progress("profiles read")
    )
    for problem in problems:
        print(f"assess-all: skipped: {problem}", file=sys.stderr)
    sources = {sid: files.get(sid, sid) for sid in profiles}
    return profiles, sources, {}


def _from_store(url: str | None) -> tuple[dict, dict, dict]:
    from osa_toolkit.core.profile import parse_profile
    from osa_toolkit.store import open_store

    profiles, sources, recorded = {}, {}, {}
    progress = Progress("stored services read")
    with open_store(url, create=False) as store:  # only read: never create a store
        services = store.list_services()
        for i, summary in enumerate(services, start=1):
            latest = store.latest(summary.service_id, KIND)
            if latest is not None:
                where = f"record store: {summary.service_id} version {latest.version}"
                profile = latest.document.get("profile")
                if not isinstance(profile, dict):
                    raise OsaToolkitError(
                        f"The {where} (record {latest.record_id}) holds no service profile, so "
                        "it cannot be assessed again; save that service's assessment again from "
                        "the app or a profile file."
                    )
                profiles[summary.service_id] = parse_profile(profile, source=where)
                sources[summary.service_id] = where
                harms = latest.document.get("harms")
                recorded[summary.service_id] = {
                    h["id"]: h.get("level")
                    for h in (harms if isinstance(harms, list) else [])
                    if isinstance(h, dict) and isinstance(h.get("id"), str)
                }
            progress(i, len(services))
    return profiles, sources, recorded


def _table(scored, profiles, sources, recorded, edition: str, wide: bool) -> pd.DataFrame:
    import pandas as pd

    names = {sid: p.service.name for sid, p in profiles.items()}
    scored = scored.assign(
        name=scored["service"].map(names),
        source=scored["service"].map(sources),
        edition=edition,
    )
    if wide:
        table = scored.pivot(index="service", columns="harm", values="level")
        table = table.reindex(index=list(profiles), columns=list(dict.fromkeys(scored["harm"])))
        info = pd.DataFrame({"name": names, "source": sources}).reindex(list(profiles))
        info["edition"] = edition
        return info.join(table).rename_axis("service").reset_index()
    columns = ["service", "name", "source", "edition", "harm", "level", "likelihood", "impact", "points", "unknowns_decided"]  # fmt: skip
    table = scored[columns]
    if recorded:
        table = table.assign(
            recorded_level=[
                recorded.get(s, {}).get(h)
                for s, h in zip(table["service"], table["harm"], strict=True)
            ]
        )
    return table


def _write(table: pd.DataFrame, out: str) -> None:
    """Write the table as spreadsheet-safe CSV (no cell read as a formula) to ``out`` atomically,
    or to standard output for ``-``."""
    from osa_toolkit.files.output import write_atomically
    from osa_toolkit.report.csv_safe import to_safe_csv

    text = to_safe_csv(table)
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomically(out, text.encode("utf-8"), "The CSV file", OsaToolkitError)


def run(argv: list[str] | None = None, add: Callable[[Any], None] = add_assess_all) -> int:
    """Run ``assess-all`` on its own (as :func:`osa_toolkit.cli.main` does once it is wired in)."""
    from osa_toolkit import cli

    commands = cli.COMMANDS if add in cli.COMMANDS else [*cli.COMMANDS, add]
    saved, cli.COMMANDS = cli.COMMANDS, commands
    try:
        return cli.main(["assess-all", *(argv or [])])
    finally:
        cli.COMMANDS = saved


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))


def _today():
    import datetime as dt

    return dt.date.today()
