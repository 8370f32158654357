"""Trust checks before any decision: re-execution, provenance, resumes, signatures.

Sits above the engine and scoring (like the CLI): `scoring/` never imports the engine, so
the commands that score (`ntc score`, the TUI debrief and replay) audit each log here and
hand scoring only what the engine re-derived.
"""
