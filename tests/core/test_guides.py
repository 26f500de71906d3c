"""The cited guidance texts kept as data: the retention rule and the information-notices page."""

from __future__ import annotations

import shutil

import pytest
from osa_toolkit.core.compliance import guides

from osa_toolkit.core.errors import RegisterError
from osa_toolkit.core.vocabulary import CONFIDENCE
from osa_toolkit.paths import data_dir


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "guides", tmp_path / "guides")
    monkeypatch.setenv("OSA_TOOLKIT_DATA", str(tmp_path))
    guides.retention_rule.cache_clear()
    guides.ofcom_requests.cache_clear()
    yield tmp_path / "guides"
    guides.retention_rule.cache_clear()
    guides.ofcom_requests.cache_clear()


def test_the_shipped_guides_are_cited_and_every_paragraph_names_a_known_source():
    rule = guides.retention_rule()
    assert rule.years == 3 and rule.source.startswith("https://") and rule.confidence in CONFIDENCE
    page = guides.ofcom_requests()
    cited = {k for s in page.sections for p in s.paragraphs for k in p.sources}
    assert cited == set(page.sources)
    assert all(s.confidence in CONFIDENCE for s in page.sources.values())


def test_a_bad_retention_rule_is_refused_with_a_sentence(data_copy):
    path = data_copy / "record_keeping.toml"
    path.write_text(path.read_text().replace("years = 3", 'years = "three"'))
    with pytest.raises(RegisterError, match="record_keeping.toml, key 'years'"):
        guides.retention_rule()


def test_a_paragraph_citing_an_unknown_source_is_refused(data_copy):
    path = data_copy / "ofcom_requests.toml"
    path.write_text(path.read_text().replace('sources = ["s102"]', 'sources = ["nowhere"]', 1))
    with pytest.raises(RegisterError, match=r"unknown: nowhere"):
        guides.ofcom_requests()
