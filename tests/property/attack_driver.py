"""Run many command lines in one process under a memory cap, each under a time limit; report each
run's exit code, stderr and time as JSON lines. Used by ``test_attack_fuzz.py`` (run as a separate
process so that the memory cap and a hang cannot take the test run down).

    python -m tests.property.attack_driver CASES.json MEMORY_BYTES SECONDS_PER_CASE > RESULTS.jsonl
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import time


class _Hang(BaseException):
    """The case ran past its time limit."""


def _alarm(_signum, _frame):  # noqa: ANN001
    raise _Hang


def main() -> None:
    cases_path, memory, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from osa_toolkit import cli

    signal.signal(signal.SIGALRM, _alarm)
    cases = json.loads(open(cases_path, encoding="utf-8").read())
    out = sys.stdout
    for case in cases:
        err, started = io.StringIO(), time.monotonic()
        code: object
        signal.alarm(seconds)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                try:
                    code = cli.main(case["argv"])
                except SystemExit as exit_:
                    code = exit_.code
        except _Hang:
            code = "hang"
        except MemoryError:
            code = "memory"
        except BaseException as exc:  # noqa: BLE001 - reported, never raised
            code = f"exception {type(exc).__name__}"
        finally:
            signal.alarm(0)
        out.write(
            json.dumps(
                {
                    "name": case["name"],
                    "code": code,
                    "stderr": err.getvalue(),
                    "seconds": round(time.monotonic() - started, 3),
                }
            )
            + "\n"
        )
        out.flush()


if __name__ == "__main__":
    main()
