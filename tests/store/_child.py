"""A separate process for the store's kill and concurrency tests (run by the tests, not collected).

python _child.py loop  URL SERVICE REPORT SIZE   save forever; after each commit append
                                                 "record_id version sha256" to REPORT
python _child.py hang  URL SERVICE SIZE          save once, but stop (print "inside" and sleep)
                                                 right after the INSERT, before the commit
python _child.py burst URL SERVICE N GO          print "ready", wait for file GO, open the store,
                                                 save N times, printing "saved RID VERSION" or
                                                 "failed MESSAGE" for each
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

META = {"service_name": "Kill Test", "edition": "2026-06", "toolkit_version": "0.1.0"}


def document(seq: int, size: int) -> dict[str, Any]:
    return {"seq": seq, "pid": os.getpid(), "blob": os.urandom(size // 2).hex()}


def loop(url: str, service: str, report: str, size: str) -> None:
    from osa_toolkit.store import open_store

    store = open_store(url)
    with open(report, "a", encoding="utf-8") as out:
        for seq in range(1_000_000):
            saved = store.save(service, "illegal_content", document(seq, int(size)), **META)
            out.write(f"{saved.record_id} {saved.version} {saved.sha256}\n")
            out.flush()


def hang(url: str, service: str, size: str) -> None:
    from sqlalchemy import event

    from osa_toolkit.store import open_store

    store = open_store(url)

    def stop_before_commit(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RECORDS"):
            print("inside", flush=True)
            time.sleep(120)

    event.listen(store.engine, "after_cursor_execute", stop_before_commit)
    store.save(service, "illegal_content", document(-1, int(size)), **META)
    print("committed?!", flush=True)


def burst(url: str, service: str, count: str, go: str) -> None:
    from osa_toolkit.core.errors import StoreError
    from osa_toolkit.store import open_store

    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.002)
    store = open_store(url)
    for seq in range(int(count)):
        try:
            saved = store.save(service, "illegal_content", document(seq, 2000), **META)
        except StoreError as exc:
            print(f"failed {exc}", flush=True)
        else:
            print(f"saved {saved.record_id} {saved.version}", flush=True)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"loop": loop, "hang": hang, "burst": burst}[command](*arguments)
