"""What the 2026 duties ask for beside the assessments themselves.

``duties`` (the duties as tasks, due from a key date), ``measures_register`` (s.23(3)-(4)), ``pack``
(the compliance pack: which files, the cover page and the contents with SHA-256), ``retention``
(how long superseded versions are kept) and ``guides`` (what Ofcom can ask and how to answer).
"""
