"""The functional core: every decision (scope, level, measure, deadline) is made here, without widgets or I/O.

Import what you need from the submodules, e.g. ``from osa_toolkit.core.registers import load_registers``.
"""
