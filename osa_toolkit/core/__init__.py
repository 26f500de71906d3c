"""The functional core: every decision (scope, level, measure, deadline) is made here, without widgets or I/O.

One subpackage per concept (``docs/architecture.md`` is the map): ``registers`` (the authored
side), ``profile`` (the user's side), ``scope`` (the regulation checker and the children's access
assessment), ``method`` (the one rating method), ``assessments`` (one module per risk assessment),
``analysis`` (many services, many weightings), ``compliance`` (duties, the measures register, the
pack, retention) and ``evidence_import``; beside them ``errors``, ``vocabulary``, ``conditions``,
``facts``, ``dates`` and ``input_files``.

Import what you need from the submodules, e.g. ``from osa_toolkit.core.registers import load_registers``.
"""
