"""The user's files, read and written by the shells (the core reads no user file except through
:mod:`osa_toolkit.core.input_files`).

``profiles`` (profiles and presets: find, load, save), ``profile_folders`` (a folder of profiles),
``weight_sets`` (saved weighting sets and their audit log), ``calibration_cases`` (the published
assessments ``osa-toolkit calibrate`` compares with), ``evidence`` (moderation exports, size-checked
before reading), ``output`` (atomic writes over a regular file or a new path; ``-`` is standard
output) and ``app_state`` (what the app keeps between visits: drafts, the last service, the example
seeded on first start).
"""
