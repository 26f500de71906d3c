"""Readers for each software's export: bytes in, :class:`ParsedExport` out (no I/O, no free text kept).

The shapes are those the software itself writes; each was checked in the project's own source (see
``docs/evidence-import.md``, which names the files read):

* **Discourse**: the ``reviewable_scores`` table (one row per flag) as a CSV from the admin panel's
  Data Explorer (``SELECT * FROM reviewable_scores``), columns as annotated in
  ``app/models/reviewable_score.rb``; flag types as in ``PostActionType`` (3 off_topic,
  4 inappropriate, 6 notify_user, 7 notify_moderators, 8 spam, 10 illegal), statuses 0 pending,
  1 agreed, 2 disagreed, 3 ignored.
* **Mastodon**: a JSON list of reports as the admin API returns them (``GET /api/v1/admin/reports``,
  ``app/serializers/rest/admin/report_serializer.rb``).
* **phpBB**: the ``phpbb_reports`` table exported as CSV with its column names in the first row
  (columns of the 3.3 schema; reasons 1-4 as installed: warez, spam, off_topic, other).
* **Lemmy**: the modlog as ``GET /api/v3/modlog`` returns it (``GetModlogResponse`` of Lemmy 0.19).
* **generic**: a CSV with ``date``, ``category``, ``outcome`` and optional ``text`` and ``actioned_on``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from osa_toolkit.core.evidence_import.events import (
    Event,
    EvidenceImportError,
    ParsedExport,
    fail,
    parse_when,
    shown,
)

# ----------------------------------------------------------------------------- shared


def _text(data: bytes, source: str) -> str:
    if not data.strip():
        raise EvidenceImportError(
            f"{source} is empty; expected an export with at least a header or one report."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise fail(source, f"line {line}", "text in UTF-8", "bytes that are not UTF-8") from None


def _csv_rows(
    data: bytes, source: str, known: tuple[str, ...], required: tuple[str, ...], what: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV export as (line number, {column: value}), after checking its header."""
    text = _text(data, source)
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as err:
        raise fail(source, "line 1", f"a header row of {what}", f"unreadable CSV ({err})") from None
    for number, name in enumerate(header, start=1):
        if name in header[: number - 1]:
            raise fail(source, f"line 1, column {number}", "each column once", f"{name!r} again")
        if name not in known:
            raise fail(
                source,
                f"line 1, column {number}",
                f"a column of {what} ({', '.join(known)})",
                shown(name),
            )
    for name in required:
        if name not in header:
            raise fail(
                source,
                "line 1",
                f"the column {name!r} of {what}",
                "a header without it (" + ", ".join(header) + ")",
            )
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise fail(
                    source,
                    f"line {line}",
                    f"{len(header)} fields, one per column of the header",
                    f"{len(row)}",
                )
            yield line, dict(zip(header, row, strict=True))
    except csv.Error as err:
        raise fail(
            source, f"line {reader.line_num}", "well-formed CSV", f"a broken field ({err})"
        ) from None


def _when(value: str, source: str, line: int, column: str, required: bool = True):
    if not value.strip() and not required:
        return None
    parsed = parse_when(value)
    if parsed is None:
        raise fail(
            source,
            f"line {line}, column {column!r}",
            "a date such as 2026-03-02 or 2026-03-02T10:15:00Z",
            shown(value),
        )
    return parsed


def _json(data: bytes, source: str) -> Any:
    text = _text(data, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(
            source, f"line {err.lineno}, column {err.colno}", "valid JSON", err.msg.lower()
        ) from None
    except RecursionError:
        raise fail(source, "line 1", "JSON of reports", "data nested too deeply") from None


def _path_fail(source: str, path: str, expected: str, found: Any) -> EvidenceImportError:
    kind = {dict: "an object", list: "a list"}.get(type(found), shown(found))
    return fail(source, f"at {path}", expected, kind)


# ----------------------------------------------------------------------------- Discourse

DISCOURSE_COLUMNS = (
    "id",
    "reviewable_id",
    "user_id",
    "reviewable_score_type",
    "status",
    "score",
    "take_action_bonus",
    "reviewed_by_id",
    "reviewed_at",
    "meta_topic_id",
    "created_at",
    "updated_at",
    "reason",
    "user_accuracy_bonus",
)
DISCOURSE_FLAG_TYPES = {
    "3": "off_topic",
    "4": "inappropriate",
    "6": "notify_user",
    "7": "notify_moderators",
    "8": "spam",
    "9": "needs_approval",
    "10": "illegal",
}
DISCOURSE_STATUSES = {"0": "pending", "1": "agreed", "2": "disagreed", "3": "ignored"}


def parse_discourse(data: bytes, source: str) -> ParsedExport:
    what = "Discourse's reviewable_scores table"
    events = []
    rows = _csv_rows(
        data, source, DISCOURSE_COLUMNS, ("reviewable_score_type", "status", "created_at"), what
    )
    seen: set[str] = set()
    for line, row in rows:
        seen.update(k for k, v in row.items() if v.strip())
        kind = row["reviewable_score_type"].strip()
        if kind.isdigit():
            category = DISCOURSE_FLAG_TYPES.get(kind, f"flag type {kind}")
        elif kind and kind.replace("_", "").isalnum():
            category = kind.lower()
        else:
            raise fail(
                source,
                f"line {line}, column 'reviewable_score_type'",
                "a flag type number (such as 8 for spam) or name",
                shown(kind),
            )
        status = row["status"].strip().lower()
        outcome = DISCOURSE_STATUSES.get(status, status)
        if outcome not in DISCOURSE_STATUSES.values():
            raise fail(
                source,
                f"line {line}, column 'status'",
                "0, 1, 2 or 3 (pending, agreed, disagreed, ignored)",
                shown(row["status"]),
            )
        events.append(
            Event(
                when=_when(row["created_at"], source, line, "created_at"),
                category=category,
                outcome=outcome,
                actioned=_when(row.get("reviewed_at", ""), source, line, "reviewed_at", False),
            )
        )
    dropped = _dropped(
        seen,
        people=("user_id", "reviewed_by_id"),
        text=("reason",),
        people_words="who flagged and who reviewed (user_id, reviewed_by_id)",
    )
    return ParsedExport("discourse", tuple(events), dropped)


def _dropped(
    seen: set[str], people: tuple[str, ...], text: tuple[str, ...], people_words: str
) -> tuple[str, ...]:
    out = []
    if seen.intersection(people):
        out.append(f"Account identifiers of {people_words} were dropped at import.")
    if seen.intersection(text):
        out.append(
            "Free text (" + ", ".join(sorted(seen.intersection(text))) + ") was not read or kept."
        )
    return tuple(out)


# ----------------------------------------------------------------------------- Mastodon

MASTODON_REQUIRED = ("id", "action_taken", "category", "created_at")
MASTODON_PEOPLE = ("account", "target_account", "assigned_account", "action_taken_by_account")


def _rule_label(rules: Any, source: str, path: str) -> str:
    if not isinstance(rules, list) or not rules:
        return "violation"
    parts = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, Mapping) or "id" not in rule:
            raise _path_fail(source, f"{path}.rules[{i}]", "a rule with an id", rule)
        text = str(rule.get("text", "")).strip()
        short = text if len(text) <= 60 else text[:59].rstrip() + "…"
        label = f"rule {rule['id']}" + (f" ({short})" if text else "")
        parts.append(label)
    return "violation: " + "; ".join(sorted(parts))


def parse_mastodon(data: bytes, source: str) -> ParsedExport:
    items = _json(data, source)
    if not isinstance(items, list):
        raise _path_fail(
            source, "the top level", "a list of reports from the admin reports API", items
        )
    events = []
    people = text = statuses = False
    for i, item in enumerate(items):
        path = f"[{i}]"
        if not isinstance(item, Mapping):
            raise _path_fail(source, path, "a report (an object)", item)
        for key in MASTODON_REQUIRED:
            if key not in item:
                raise fail(
                    source, f"at {path}", f"a report with the key {key!r}", "a report without it"
                )
        category = item["category"]
        if category not in ("spam", "legal", "violation", "other"):
            raise fail(
                source,
                f"at {path}.category",
                "spam, legal, violation or other",
                shown(category),
            )
        if category == "violation":
            category = _rule_label(item.get("rules"), source, path)
        if not isinstance(item["action_taken"], bool):
            raise _path_fail(source, f"{path}.action_taken", "true or false", item["action_taken"])
        when = parse_when(item["created_at"])
        if when is None:
            raise fail(source, f"at {path}.created_at", "a date-time", shown(item["created_at"]))
        acted = item.get("action_taken_at")
        actioned = parse_when(acted) if acted else None
        if acted and actioned is None:
            raise fail(source, f"at {path}.action_taken_at", "a date-time", shown(acted))
        people |= any(item.get(k) for k in MASTODON_PEOPLE)
        text |= bool(item.get("comment"))
        statuses |= bool(item.get("statuses"))
        events.append(
            Event(
                when=when,
                category=category,
                outcome="resolved" if item["action_taken"] else "unresolved",
                actioned=actioned if item["action_taken"] else None,
            )
        )
    dropped = []
    if people:
        dropped.append(
            "The accounts of the reporter, the reported person and the moderators (names, "
            "e-mail and IP addresses) were dropped at import."
        )
    if text:
        dropped.append("Free text (the reports' comments) was not read or kept.")
    if statuses:
        dropped.append("The reported posts (statuses) were not read or kept.")
    return ParsedExport("mastodon", tuple(events), tuple(dropped))


# ----------------------------------------------------------------------------- phpBB

PHPBB_COLUMNS = (
    "report_id",
    "reason_id",
    "post_id",
    "user_id",
    "user_notify",
    "report_closed",
    "report_time",
    "report_text",
    "pm_id",
    "reported_post_enable_bbcode",
    "reported_post_enable_smilies",
    "reported_post_enable_magic_url",
    "reported_post_text",
    "reported_post_uid",
    "reported_post_bitfield",
)
PHPBB_REASONS = {"1": "warez", "2": "spam", "3": "off_topic", "4": "other"}


def parse_phpbb(data: bytes, source: str) -> ParsedExport:
    what = "phpBB's phpbb_reports table"
    events = []
    seen: set[str] = set()
    for line, row in _csv_rows(
        data, source, PHPBB_COLUMNS, ("reason_id", "report_closed", "report_time"), what
    ):
        seen.update(k for k, v in row.items() if v.strip())
        reason = row["reason_id"].strip()
        if not reason.isdigit():
            raise fail(source, f"line {line}, column 'reason_id'", "a reason number", shown(reason))
        stamp = row["report_time"].strip()
        if not stamp.isdigit() or len(stamp) > 12:
            raise fail(
                source,
                f"line {line}, column 'report_time'",
                "a Unix time in seconds (such as 1767225600)",
                shown(stamp),
            )
        closed = row["report_closed"].strip()
        if closed not in ("0", "1"):
            raise fail(source, f"line {line}, column 'report_closed'", "0 or 1", shown(closed))
        events.append(
            Event(
                when=dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC),
                category=PHPBB_REASONS.get(reason, f"reason {reason}"),
                outcome="closed" if closed == "1" else "open",
            )
        )
    dropped = list(
        _dropped(
            seen,
            people=("user_id",),
            text=("report_text", "reported_post_text"),
            people_words="who reported (user_id)",
        )
    )
    return ParsedExport("phpbb", tuple(events), tuple(dropped))


# ----------------------------------------------------------------------------- Lemmy

LEMMY_COUNTED = {
    # list in GetModlogResponse: (the action object's key, its on/off flag or None, words)
    "removed_posts": ("mod_remove_post", "removed", ("removed", "restored")),
    "removed_comments": ("mod_remove_comment", "removed", ("removed", "restored")),
    "removed_communities": ("mod_remove_community", "removed", ("removed", "restored")),
    "banned_from_community": ("mod_ban_from_community", "banned", ("banned", "unbanned")),
    "banned": ("mod_ban", "banned", ("banned", "unbanned")),
    "admin_purged_persons": ("admin_purge_person", None, ("purged", "purged")),
    "admin_purged_communities": ("admin_purge_community", None, ("purged", "purged")),
    "admin_purged_posts": ("admin_purge_post", None, ("purged", "purged")),
    "admin_purged_comments": ("admin_purge_comment", None, ("purged", "purged")),
}
LEMMY_NOT_COUNTED = (
    "locked_posts",
    "featured_posts",
    "added_to_community",
    "transferred_to_community",
    "added",
    "hidden_communities",
)


def parse_lemmy(data: bytes, source: str) -> ParsedExport:
    log = _json(data, source)
    expected = "the modlog object of Lemmy's API (removed_posts, removed_comments, banned, …)"
    if not isinstance(log, Mapping):
        raise _path_fail(source, "the top level", expected, log)
    known = set(LEMMY_COUNTED) | set(LEMMY_NOT_COUNTED)
    for key in log:
        if key not in known:
            raise fail(source, f"at {key!r}", expected, f"the unknown key {shown(key)}")
    if not known.intersection(log):
        raise fail(source, "the top level", expected, "an object without any of them")
    events = []
    skipped = 0
    for name, (inner, flag, words) in LEMMY_COUNTED.items():
        entries = log.get(name, [])
        if not isinstance(entries, list):
            raise _path_fail(source, name, "a list of modlog entries", entries)
        for i, entry in enumerate(entries):
            path = f"{name}[{i}]"
            action = entry.get(inner) if isinstance(entry, Mapping) else None
            if not isinstance(action, Mapping):
                raise fail(source, f"at {path}", f"an entry with {inner!r}", "none")
            when = parse_when(action.get("when_"))
            if when is None:
                raise fail(
                    source, f"at {path}.{inner}.when_", "a date-time", shown(action.get("when_"))
                )
            on = True if flag is None else action.get(flag)
            if not isinstance(on, bool):
                raise fail(source, f"at {path}.{inner}.{flag}", "true or false", shown(on))
            events.append(Event(when=when, category=name, outcome=words[0] if on else words[1]))
    for name in LEMMY_NOT_COUNTED:
        skipped += len(log.get(name) or [])
    dropped = [
        "The moderators' and the affected people's accounts were dropped at import.",
        "Free text (the moderators' reasons) was not read or kept.",
    ]
    if skipped:
        dropped.append(
            f"{skipped} {'entry' if skipped == 1 else 'entries'} that are not moderation of content (locking, featuring, adding "
            "moderators, transferring or hiding communities) were not counted."
        )
    return ParsedExport("lemmy", tuple(events), tuple(dropped), counts_actions=True)


# ----------------------------------------------------------------------------- generic

GENERIC_COLUMNS = ("date", "category", "outcome", "text", "actioned_on")
GENERIC_OUTCOMES = ("confirmed", "dismissed", "open")


def parse_generic(data: bytes, source: str) -> ParsedExport:
    what = "the generic evidence CSV"
    events = []
    text = False
    for line, row in _csv_rows(
        data, source, GENERIC_COLUMNS, ("date", "category", "outcome"), what
    ):
        category = row["category"].strip()
        if not category:
            raise fail(source, f"line {line}, column 'category'", "a category or rule", "nothing")
        outcome = row["outcome"].strip().lower()
        if outcome not in GENERIC_OUTCOMES:
            raise fail(
                source,
                f"line {line}, column 'outcome'",
                "confirmed, dismissed or open",
                shown(row["outcome"]),
            )
        text |= bool(row.get("text", "").strip())
        events.append(
            Event(
                when=_when(row["date"], source, line, "date"),
                category=category,
                outcome=outcome,
                actioned=_when(row.get("actioned_on", ""), source, line, "actioned_on", False),
            )
        )
    dropped = ("Free text (text) was not read or kept.",) if text else ()
    return ParsedExport("generic", tuple(events), dropped)


PARSERS: dict[str, Callable[[bytes, str], ParsedExport]] = {
    "discourse": parse_discourse,
    "mastodon": parse_mastodon,
    "phpbb": parse_phpbb,
    "lemmy": parse_lemmy,
    "generic": parse_generic,
}
"""The importers, by software id (the ids of ``osa_toolkit/data/presets/`` where there is one)."""

SOFTWARE_NAMES = {
    "discourse": "Discourse (flags: the reviewable_scores table as CSV)",
    "mastodon": "Mastodon (admin reports API, saved as JSON)",
    "phpbb": "phpBB (the reports table as CSV)",
    "lemmy": "Lemmy (the modlog, saved as JSON)",
    "generic": "Any other software (generic CSV: date, category, outcome, text)",
}


def parse_export(data: bytes, software: str, source: str) -> ParsedExport:
    """Read one export. Raises :class:`EvidenceImportError` (one sentence) on any wrong shape."""
    if software not in PARSERS:
        raise EvidenceImportError(
            f"{source}: the software {software!r} has no importer; expected one of "
            + ", ".join(PARSERS)
            + "."
        )
    if not isinstance(data, bytes | bytearray):
        raise EvidenceImportError(
            f"{source}: expected the file's bytes; found {type(data).__name__}."
        )
    return PARSERS[software](bytes(data), source)
