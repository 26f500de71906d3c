"""The judgements a regulator would question, listed so the assessor can answer them first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from osa_toolkit.core.method.evidence_words import has_evidence
from osa_toolkit.core.method.subject import HarmAssessment
from osa_toolkit.core.registers import Registers
from osa_toolkit.core.vocabulary import level_index


@dataclass(frozen=True)
class Finding:
    kind: str  # low_without_evidence | unknown_decided | override_without_reason | override_down_without_evidence | unknown_control | unknown_evidence_harm | unmapped_evidence
    subject: str  # a harm id, measure id or profile key
    message: str


def check_evidence(
    harms: Iterable[HarmAssessment], profile, regs: Registers
) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for h in harms:
        written = h.override.evidence if h.override is not None else ""
        if (
            h.level in ("negligible", "low")
            and h.factors
            and not has_evidence(h.evidence.status, written)
        ):
            out.append(
                Finding(
                    "low_without_evidence",
                    h.id,
                    f"{h.name} is {h.level} although {len(h.factors)} linked risk factor(s) are "
                    "present and no evidence was given; a regulator would ask what shows the risk "
                    "is this low.",
                )
            )
        if h.unknowns_decided:
            out.append(
                Finding(
                    "unknown_decided",
                    h.id,
                    f"An unknown answer decided the level of {h.name.lower()}; answering it would "
                    "make the result firmer.",
                )
            )
        o = h.override
        if o is not None and not o.reason.strip():
            out.append(
                Finding(
                    "override_without_reason",
                    h.id,
                    f"The final level of {h.name.lower()} was changed without a written reason.",
                )
            )
        if (
            o is not None
            and level_index(o.level) < level_index(h.indicative_level)
            and not o.evidence.strip()
        ):
            out.append(
                Finding(
                    "override_down_without_evidence",
                    h.id,
                    f"{h.name} was lowered from {h.indicative_level} to {o.level} without evidence; "
                    "record what shows the lower level is right.",
                )
            )
    for c in profile.controls:
        if c.measure not in regs.measure_ids:
            out.append(
                Finding(
                    "unknown_control",
                    c.measure,
                    f"The control {c.measure!r} is not a measure of edition {regs.edition.id}; it "
                    "was not counted.",
                )
            )
    if profile.evidence is not None:
        for e in profile.evidence.by_harm:
            if e.harm not in regs.harm_ids:
                out.append(
                    Finding(
                        "unknown_evidence_harm",
                        e.harm,
                        f"Evidence is given for {e.harm!r}, which is not a harm of edition "
                        f"{regs.edition.id}; it was not used.",
                    )
                )
        for source in profile.evidence.sources:  # imported moderation records (evidence_import)
            if source.unmapped:
                count = sum(n for _, n in source.unmapped)
                names = ", ".join(f"'{c}' ({n})" for c, n in source.unmapped[:5])
                more = " and more" if len(source.unmapped) > 5 else ""
                out.append(
                    Finding(
                        "unmapped_evidence",
                        source.file,
                        f"{count} report(s) in {source.file} are not mapped to any kind of illegal "
                        f"content: {names}{more}; a regulator would ask what they were, so map "
                        "them or record why they are not illegal content.",
                    )
                )
    return tuple(out)
