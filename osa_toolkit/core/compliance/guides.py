"""The toolkit's cited guidance texts kept as data (``osa_toolkit/data/guides/``): the retention rule for
superseded records, and the page "What Ofcom can ask and how to answer". Read and checked here, with
one :class:`~osa_toolkit.core.errors.RegisterError` sentence naming the file and key of a problem.

>>> retention_rule().years
3
>>> [s.title for s in ofcom_requests().sections][:2]
['What Ofcom can ask for', 'The deadline']
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osa_toolkit.core.errors import RegisterError, parse_problem
from osa_toolkit.core.vocabulary import CONFIDENCE
from osa_toolkit.paths import data_dir


@dataclass(frozen=True)
class RetentionRule:
    years: int
    source: str
    confidence: str
    why: str


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str
    confidence: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GuideSection:
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Guide:
    sections: tuple[GuideSection, ...]
    sources: dict[str, Source]


def _folder() -> Path:
    return data_dir() / "guides"


def _read(name: str) -> dict[str, Any]:
    path = _folder() / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegisterError(f"guides/{name} is missing.") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise RegisterError(f"guides/{name} is not valid TOML: {parse_problem(err)}.") from None


def _cited(name: str, where: str, table: dict[str, Any]) -> tuple[str, str]:
    url, confidence = table.get("source", table.get("url")), table.get("confidence")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise RegisterError(f"guides/{name}, {where}: the source must be a https:// URL.")
    if confidence not in CONFIDENCE:
        raise RegisterError(
            f"guides/{name}, {where}: confidence must be one of {', '.join(CONFIDENCE)}."
        )
    return url, confidence


@functools.cache
def retention_rule() -> RetentionRule:
    """How long superseded versions are kept, and why (``guides/record_keeping.toml``)."""
    name = "record_keeping.toml"
    table = _read(name).get("retention")
    if not isinstance(table, dict):
        raise RegisterError(f"guides/{name} has no [retention] table.")
    years, why = table.get("years"), table.get("why")
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 50:
        raise RegisterError(f"guides/{name}, key 'years': must be a whole number of years (1-50).")
    if not isinstance(why, str) or not why.strip():
        raise RegisterError(f"guides/{name}, key 'why': must say why, in plain words.")
    url, confidence = _cited(name, "[retention]", table)
    return RetentionRule(years, url, confidence, why)


@functools.cache
def ofcom_requests() -> Guide:
    """The page "What Ofcom can ask and how to answer" (``guides/ofcom_requests.toml``)."""
    name = "ofcom_requests.toml"
    data = _read(name)
    sources = {}
    for key, table in (data.get("sources") or {}).items():
        url, confidence = _cited(name, f"[sources.{key}]", table)
        title = table.get("title")
        if not isinstance(title, str) or not title.strip():
            raise RegisterError(f"guides/{name}, [sources.{key}]: needs a title.")
        sources[key] = Source(key, title, url, confidence)
    sections = []
    for i, section in enumerate(data.get("sections") or [], start=1):
        paragraphs = []
        for j, para in enumerate(section.get("paragraphs") or [], start=1):
            keys = tuple(para.get("sources") or ())
            unknown = [k for k in keys if k not in sources]
            if unknown or not isinstance(para.get("text"), str):
                raise RegisterError(
                    f"guides/{name}, section {i} paragraph {j}: needs text and known sources"
                    + (f" (unknown: {', '.join(unknown)})" if unknown else "")
                    + "."
                )
            paragraphs.append(Paragraph(" ".join(para["text"].split()), keys))
        sections.append(GuideSection(str(section.get("title", "")), tuple(paragraphs)))
    if not sections:
        raise RegisterError(f"guides/{name} has no sections.")
    return Guide(tuple(sections), sources)
