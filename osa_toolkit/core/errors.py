"""The one exception tree of osa-toolkit.

Every error a user can cause is an :class:`OsaToolkitError` whose message is one plain sentence that names
what was wrong (the file, row, field or parameter), what was expected, and what was found. Shells (the CLI,
widgets, Voilà pages) show that sentence and never a traceback.
"""

from __future__ import annotations


class OsaToolkitError(Exception):
    """Root of every error the toolkit raises on purpose."""


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
    return InvalidInputError(f"The parameter {parameter!r} must be {expected}; got {got!r}.")


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
