"""What a regulator would question in a children's risk assessment, and the notes that go with it.

The level findings reuse :func:`osa_toolkit.core.method.evidence_check.check_evidence` (low without evidence,
an unknown answer deciding a level, overrides without reason or evidence), said once per kind or per
kind and age group; the children's own findings are added here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from osa_toolkit.core.method.evidence_check import Finding, check_evidence
from osa_toolkit.core.words import join_and

NDC_ADDRESS = "nondesignatedcontent@ofcom.org.uk"
PER_KIND = ("low_without_evidence", "unknown_decided")


@dataclass(frozen=True)
class AgeGroupInfo:
    """An age group of the register, whether it uses the service, and its extra impact points."""

    id: str
    label: str
    min_age: int
    max_age: int
    confidence: str
    present: bool
    impact_points: float = 0.0


def evidence_findings(kinds, groups, profile, regs) -> tuple[Finding, ...]:
    """Findings for the children's levels (each said once) and the children's answers."""
    stub = dataclasses.replace(profile, controls=(), evidence=None)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for kind in kinds:
        for g in kind.groups:
            for f in check_evidence([g.assessment], stub, regs):
                if f.kind in PER_KIND:
                    if (f.kind, kind.id) not in seen:
                        seen.add((f.kind, kind.id))
                        out.append(f)
                else:
                    subject = f"{kind.id}/{g.age_group}"
                    out.append(Finding(f.kind, subject, f"Ages {g.label}: {f.message}"))
    out += _answer_findings(kinds, groups, profile)
    return tuple(out)


def _answer_findings(kinds, groups, profile) -> list[Finding]:
    out = []
    c = profile.children
    missing = [g.label for g in groups if not g.present]
    if missing and not c.highly_effective_age_assurance:
        out.append(
            Finding(
                "age_groups_excluded",
                "children.age_groups_present",
                f"You say children aged {', '.join(missing)} do not use the service, but nothing "
                "checks ages; keep the evidence for that, or assess those age groups too.",
            )
        )
    unknown = [k.name.lower() for k in kinds if k.category in ("ppc", "pc") and k.allowed is None]
    if unknown:
        out.append(
            Finding(
                "terms_unknown",
                "children.terms_prohibit",
                f"It is not said whether the terms of service prohibit {join_and(unknown)} for all "
                "users; until you say, they are treated as allowed"
                + (
                    ", which can bring in the highly effective age assurance measures (PCU B4, B5)."
                    if profile.scope.user_to_user
                    else "."
                ),
            )
        )
    return out


def notes_for(kinds, groups, profile, regs) -> tuple[str, ...]:
    """The caveats a reader of the result needs: band confidence, unconfirmed links, NDC, search."""
    notes = []
    soft = [g for g in groups if g.present and g.confidence in ("secondary", "unconfirmed")]
    if soft:
        bands = ", ".join(f"{g.label} ({g.confidence})" for g in soft)
        notes.append(
            "Ofcom's exact age groups were not seen by the toolkit; each band carries its "
            f"confidence: {bands}."
        )
    weak = sorted(
        {
            f"{link.factor} → {link.kind.replace('_', ' ')}"
            for k in kinds
            for link in regs.child_links_for(k.id)
            if link.confidence == "unconfirmed" and link.factor in k.factors
        }
    )
    if weak:
        notes.append(
            "Some factor links used are unconfirmed readings, not Ofcom's Children's Risk "
            f"Profiles: {', '.join(weak)}."
        )
    named = [k.name for k in kinds if k.category == "ndc"]
    if named:
        notes.append(
            f"You have identified non-designated content ({join_and(named)}): a user-to-user service "
            f"must notify Ofcom by email at {NDC_ADDRESS}."
        )
    else:
        listed = [k.name.lower() for k in regs.children_content if k.category == "ndc"]
        if listed:
            notes.append(
                f"Ofcom's Children's Register names {join_and(listed)} as non-designated content; if "
                "any may be on the service, list it as other harmful content in the service's profile."
            )
    if profile.scope.search_engine:
        notes.append(
            "The Protection of Children Code for search services was not available to the "
            "toolkit, so its measures are not listed."
        )
    notes.append(
        "'Multi-risk' in the children's measures is approximated with the illegal content "
        "assessment's levels; Ofcom's children's definition was not seen."
    )
    return tuple(notes)
