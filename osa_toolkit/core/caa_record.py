"""The written record of a children's access assessment (s.36(7)), as saved and exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from osa_toolkit import __version__
from osa_toolkit.core.errors import RecordError
from osa_toolkit.core.record import Governance, _date, _plain, service_id_for
from osa_toolkit.core.record_types import check_types


@dataclass(frozen=True)
class ChildrensAccessRecord:
    service_id: str
    service_name: str
    edition: str
    assessed_on: dt.date
    profile: Mapping[str, Any]
    result: Mapping[str, Any]  # ChildrensAccessResult.to_dict()
    evidence: str = ""  # the detailed evidence, needed where the child user condition is not met
    governance: Governance = field(default_factory=Governance)
    toolkit_version: str = __version__
    kind: str = "childrens_access"
    record_format: int = 1


def caa_record(result, profile, edition: str, governance=None, evidence: str = "", service_id=None):
    """Build the record from a :class:`~osa_toolkit.core.scope.childrens_access.ChildrensAccessResult`."""
    from osa_toolkit.core.profile import profile_to_dict

    gov = governance or Governance()
    if gov.next_review is None:
        from dataclasses import replace

        gov = replace(gov, next_review=result.next_due)
    return ChildrensAccessRecord(
        service_id=service_id or service_id_for(profile.service.name),
        service_name=profile.service.name,
        edition=edition,
        assessed_on=result.assessed_on,
        profile=profile_to_dict(profile),
        result=result.to_dict(),
        evidence=evidence,
        governance=gov,
    )


def check_caa_record(record: ChildrensAccessRecord) -> None:
    """Where stage 2 concluded "not met", the Act and Ofcom expect the detailed evidence recorded."""
    r = record.result
    if r.get("child_user_condition") is False and not record.evidence.strip():
        raise RecordError(
            "The assessment concludes children are not likely to access the service; write the "
            "evidence for that conclusion (who actually uses it, and how you know) before saving."
        )


def caa_record_to_dict(record: ChildrensAccessRecord) -> dict[str, Any]:
    return _plain(record)


def caa_record_from_dict(data: Mapping[str, Any], source: str = "record") -> ChildrensAccessRecord:
    try:
        if data.get("kind") != "childrens_access":
            raise KeyError("kind")
        g = dict(data.get("governance") or {})
        for k in ("completed_on", "reported_on", "next_review"):
            g[k] = _date(g.get(k))
        record = ChildrensAccessRecord(
            service_id=data["service_id"],
            service_name=data["service_name"],
            edition=data["edition"],
            assessed_on=_date(data["assessed_on"]),
            profile=data["profile"],
            result=data["result"],
            evidence=data.get("evidence", ""),
            governance=Governance(**g),
            toolkit_version=data["toolkit_version"],
        )
        check_types(record)
        return record
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        problem = " ".join(str(err).split())  # one line, even when a key holds a line break
        raise RecordError(
            f"{source}: not a children's access record (problem with {problem}); nothing was "
            "loaded."
        ) from None
