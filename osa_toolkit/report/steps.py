"""The four steps of Ofcom's method as report sections: risk factors, risk levels, measures, review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osa_toolkit.core.method.evidence_words import evidence_words
from osa_toolkit.core.method.weights import likelihood_words
from osa_toolkit.core.record import STATUS_WORDS, AssessmentRecord, HarmRecord
from osa_toolkit.core.vocabulary import FUNCTIONALITIES, SERVICE_TYPES
from osa_toolkit.report.model import Block, Bullets, Fields, Level, Para, Sub, Table
from osa_toolkit.report.words import (
    CODE_NAMES,
    CONFIDENCE_WORDS,
    FACTOR_NAMES,
    profile_value,
    text,
    tri,
)


def risk_factors(r: AssessmentRecord) -> tuple[Block, ...]:
    types = profile_value(r, "service_types") or []
    funcs = profile_value(r, "functionalities") or {}
    rows = [(code, FACTOR_NAMES[k], text(k in types)) for k, code in SERVICE_TYPES.items()]
    rows.append(
        ("2", "Child users can access the service", tri(r.childrens_access.get("possible")))
    )
    rows += [(code, FACTOR_NAMES[k], tri(funcs.get(k))) for k, code in FUNCTIONALITIES.items()]
    found = [code for code, _, answer in rows if answer == "yes"]
    blocks: list[Block] = [
        Para(
            "Answers to Ofcom's user-to-user Risk Profile questionnaire, with its codes, as given in "
            "the service profile. Check them against Ofcom's current Risk Profiles."
        ),
        Table(("Code", "Risk factor", "Present"), tuple(rows), "factors"),
        Fields((("Risk factors found", ", ".join(found) or "none"),)),
    ]
    if profile_value(r, "scope", "user_to_user") is False:
        blocks = [
            Para("Not a user-to-user service, so the user-to-user questionnaire does not apply.")
        ]
    search = profile_value(r, "search")
    if isinstance(search, Mapping):
        blocks.append(
            Sub(
                "Search service questionnaire",
                (
                    Fields(
                        (
                            ("Search type", text(search.get("search_type"), "unknown")),
                            (
                                "Search predictions or suggestions",
                                tri(search.get("predictive_search")),
                            ),
                            ("Image or visual search", tri(search.get("image_search"))),
                        )
                    ),
                ),
            )
        )
    return tuple(blocks)


def risk_levels(r: AssessmentRecord) -> tuple[Block, ...]:
    header = (
        "Kind of illegal content",
        "Indicative level",
        "Final level",
        "Risk factors",
        "Evidence",
    )
    rows = tuple(
        (
            h.name,
            Level(h.indicative_level),
            Level(h.level),
            ", ".join(h.factors) or "none",
            evidence_words(h.evidence_status, h.override_evidence),
        )
        for h in r.harms
    )
    blocks: list[Block] = [Table(header, rows, "harms")]
    if r.facilitation:
        blocks.append(
            Sub(
                "Use of the service to commit or facilitate offences",
                (
                    Fields((("Level", Level(str(r.facilitation.get("level")))),)),
                    Bullets(tuple(str(t) for t in r.facilitation.get("trace", ()))),
                ),
            )
        )
    words = likelihood_words(r.method)
    blocks += [_harm_detail(h, words) for h in r.harms]
    findings = Bullets(r.evidence_check) if r.evidence_check else Para("No findings.")
    blocks.append(Sub("Evidence check: what a regulator would question", (findings,)))
    return tuple(blocks)


IMPACT_BANDS = ("limited", "serious", "severe")


def _band(value: int | None, words: tuple[str, ...]) -> str:
    """A likelihood or impact band in words, with its place on the scale."""
    if value is None or not 1 <= value <= len(words):
        return "not scored (the harm cannot happen by means of the service)"
    return f"{words[value - 1]} ({value} of {len(words)})"


def _harm_detail(h: HarmRecord, likelihood: tuple[str, ...]) -> Sub:
    rows: list[tuple[str, Any]] = [
        ("Indicative level", Level(h.indicative_level)),
        ("Final level", Level(h.level)),
        ("Likelihood", _band(h.likelihood, likelihood)),
        ("Impact", _band(h.impact, IMPACT_BANDS)),
        ("Evidence", evidence_words(h.evidence_status, h.override_evidence)),
        ("Basis of the factor links", CONFIDENCE_WORDS.get(h.confidence, h.confidence)),
    ]
    if h.override_reason or h.level != h.indicative_level:
        rows.append(("Reason the assessor changed the level", text(h.override_reason)))
        rows.append(("Evidence for the change", text(h.override_evidence)))
    if h.evidence_note and h.evidence_note != h.override_evidence:
        rows.append(("Evidence note", h.evidence_note))
    return Sub(f"{h.name} — {h.level}", (Fields(tuple(rows)), Bullets(h.trace)))


def measures(r: AssessmentRecord) -> tuple[Block, ...]:
    size = Fields(
        (
            ("Monthly active UK users", tri(profile_value(r, "users", "uk_monthly_active_users"))),
            ("Large service", tri(r.large_service)),
            ("Multi-risk", tri(r.multi_risk)),
        )
    )
    header = ("ID", "Measure", "Code", "Status", "Effective date", "Why it applies")
    rows = tuple(
        (
            m.id,
            m.title + (" (optional)" if m.optional else ""),
            m.code,
            STATUS_WORDS.get(m.status, m.status),
            text(m.effective_on),
            " ".join(m.why),
        )
        for m in r.measures
    )
    codes = sorted({m.code for m in r.measures})
    key = "; ".join(f"{c} is {CODE_NAMES.get(c, 'a Code of Practice')}" for c in codes)
    blocks: list[Block] = [size]
    blocks += (
        [Para(f"Codes: {key}."), Table(header, rows, "measures")]
        if rows
        else [Para("No measures recorded.")]
    )
    undecided = [m.id for m in r.measures if m.status == "recommended"]
    if undecided:
        blocks.append(Para(f"Still to be decided ({len(undecided)}): {', '.join(undecided)}."))
    for m in r.measures:
        if m.status == "alternative" or m.alternative:
            blocks.append(
                Sub(
                    f"Alternative to {m.id} (s.23(4))",
                    (
                        Fields(
                            (
                                ("Code measure not taken", f"{m.id} {m.title}"),
                                ("What is done instead", text(m.alternative)),
                                (
                                    "How it meets the duty, with regard to freedom of expression and privacy",
                                    text(m.alternative_reasoning),
                                ),
                            )
                        ),
                    ),
                )
            )
    notes = tuple(f"{m.id}: {m.note}" for m in r.measures if m.note.strip())
    if notes:
        blocks.append(Sub("Notes on measures", (Bullets(notes),)))
    for c in r.coverage:  # the address as text, not a link: exports load nothing from outside
        name = CODE_NAMES.get(c["code"], "a Code of Practice")
        blocks.append(
            Sub(
                f"Not modelled: {name}",
                (
                    Bullets(
                        (
                            c["modelled"],
                            c["not_modelled"],
                            "Where to read the Code: " + c["read_at"].split("://", 1)[-1],
                        )
                    ),
                ),
            )
        )
    return tuple(blocks)


def review(r: AssessmentRecord) -> tuple[Block, ...]:
    g = r.governance
    blocks: list[Block] = [
        Fields(
            (
                ("Next review due", text(g.next_review)),
                ("Findings reported through governance on", text(g.reported_on)),
                ("Reason for this review", text(g.reason_for_review)),
            )
        ),
        Para(
            "Ofcom recommends a review at least every 12 months. A further assessment is needed "
            "before any significant change to the service's design or operation; these changes "
            "would count:"
        ),
    ]
    blocks.append(Bullets(r.significant_changes) if r.significant_changes else Para("None listed."))
    return tuple(blocks)
