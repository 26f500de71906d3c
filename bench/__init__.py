"""Benchmarks for osa-toolkit (issue 9): ``python -m bench`` runs them all, ``python -m bench.<name>`` one.

See docs/performance.md for what each one measures, how, and the numbers on a 2-core machine.
"""
