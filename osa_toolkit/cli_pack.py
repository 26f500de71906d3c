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
