"""One module per risk assessment, each with its result type and ``--json`` document.

``illegal_content`` (the illegal content risk assessment), ``childrens_risk`` (with
``childrens_risk_answers``, the children's answers checked against an edition, and
``childrens_risk_findings``, the findings and the age-group model), ``age_assurance`` (with
``age_assurance_parts``) and ``json_documents`` (the ``--json`` documents of the children's risk
and age assurance results). The children's access assessment sits in
:mod:`osa_toolkit.core.scope`, because the regulation checker needs it.
"""
