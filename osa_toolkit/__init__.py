"""osa-toolkit: indicative Online Safety Act 2023 assessments for small online services (not legal advice)."""

__version__ = "0.1.0"
