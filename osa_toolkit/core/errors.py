"""The one exception tree of osa-toolkit.

Every error a user can cause is an :class:`OsaToolkitError` whose message is one plain sentence that names
what was wrong (the file, row, field or parameter), what was expected, and what was found. Shells (the CLI,
widgets, Voilà pages) show that sentence and never a traceback.
"""

from __future__ import annotations

import re

SHOWN_LENGTH = 80
"""How many characters of a value a message echoes at most."""
MESSAGE_LENGTH = 300
"""The longest line the command line prints for an error (a longer one is cut in the middle)."""
ERROR_LENGTH = 1000
"""The longest message an error keeps (a safety net: each echoed value is already capped)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(value: object, limit: int = SHOWN_LENGTH) -> str:
    r"""A value as a message echoes it: quoted (``repr``, so a line break shows as ``\n``), and cut
    to ``limit`` characters with ``…`` and the full length when longer.

    >>> shown("My forum"), shown(12)
    ("'My forum'", '12')
    >>> shown("x" * 5_000_000)[-30:]
    "xxxxxxx…' (5000000 characters)"
    >>> shown(10**400)
    'a number of 401 digits'
    """
    if isinstance(value, str):
        text = repr(value[:limit])
        if len(value) > limit:
            text = text[:-1] + "…" + text[-1] + f" ({len(value)} characters)"
        return text if len(text) <= 2 * limit else text[: 2 * limit] + "…"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else "thousands of"
        return f"a number of {digits} digits"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # e.g. a structure nested too deeply
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit] + "…"


def one_line(message: str, limit: int = MESSAGE_LENGTH) -> str:
    r"""``message`` on one line (control characters and line breaks become spaces), at most
    ``limit`` characters (a longer one keeps its start and end, cut in the middle with ``…``).

    >>> one_line("a\nb")
    'a b'
    >>> len(one_line("x" * 1000))
    300
    """
    text = _CONTROL.sub(" ", message)
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return text[:head] + " … " + text[-(limit - head - 3) :]


class OsaToolkitError(Exception):
    """Root of every error the toolkit raises on purpose.

    Its message is always one line of at most :data:`ERROR_LENGTH` characters (see :func:`one_line`):
    whatever a message echoes, it cannot split in two or grow with the input. The command line
    prints at most :data:`MESSAGE_LENGTH` characters of it.
    """

    def __str__(self) -> str:
        return one_line(super().__str__(), ERROR_LENGTH)


class InvalidInputError(OsaToolkitError, ValueError):
    """A public function was called with a value outside its contract."""


class RegisterError(OsaToolkitError):
    """A regulatory register file is missing, malformed or inconsistent."""


class ProfileError(OsaToolkitError):
    """A service profile is missing, malformed or inconsistent."""


class WeightsError(OsaToolkitError):
    """A scoring/weightings file is malformed or out of range."""


class StoreError(OsaToolkitError):
    """The record store cannot be opened, read or written."""


class ReportError(OsaToolkitError):
    """A report could not be produced."""


def invalid(parameter: str, expected: str, got: object) -> InvalidInputError:
    """Build the one-sentence error for a bad argument.

    >>> str(invalid("level", "one of negligible, low, medium, high", "huge"))
    "The parameter 'level' must be one of negligible, low, medium, high; got 'huge'."
    """
    return InvalidInputError(f"The parameter {parameter!r} must be {expected}; got {shown(got)}.")


class RecordError(OsaToolkitError):
    """A saved or imported assessment record does not match the record format."""


def parse_problem(err: BaseException) -> str:
    """What a parser (json, yaml, tomllib, csv) found wrong, as a phrase to put in a sentence.

    >>> parse_problem(ValueError("Expected '=' (at line 1, column 3)\\nmore"))
    "Expected '=' (at line 1, column 3)"
    >>> parse_problem(RecursionError("maximum recursion depth exceeded"))
    'it is nested too deeply'
    """
    if isinstance(err, RecursionError):
        return "it is nested too deeply"
    text = str(err).strip()
    if "integer string conversion" in text:  # Python's limit on very long numbers
        return "a number has too many digits"
    return text.splitlines()[0] if text else type(err).__name__
