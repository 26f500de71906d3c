"""The one rating method every assessment shares.

``weights`` (the numbers of ``data/scoring.toml``), ``subject`` (``Subject`` + ``assess_subject``: one
kind of content rated for likelihood and impact, with its trace), ``measures`` (the Codes measures
that apply, with why and what-if), ``evidence_check`` and ``evidence_words`` (what a regulator would
question; one notion of evidence per harm) and ``review`` (the review plan). The assessments in
:mod:`osa_toolkit.core.assessments` call it; :mod:`osa_toolkit.core.analysis.batch` mirrors
``subject`` for many services at once.
"""
