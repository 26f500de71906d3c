"""Analyst tooling over many services and many weightings.

``batch`` (a vectorised re-scoring proven equal to the one-by-one method) with ``fact_columns``
(its facts as columns) and ``synthetic`` (generated profiles); ``weight_keys`` and ``weight_sets``
(named weight sets with an audit log); ``sensitivity`` (levels against each weight); ``calibration``
(agreement with published assessments and the bounded fit).
"""
