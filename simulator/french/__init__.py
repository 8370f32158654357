"""French grammar and typography helpers shared by the engine, scoring, CLI and TUI.

`grammar`: prepositions and articles that agree with names, singular/plural forms.
`typography`: no-break spaces where French puts them. `check`: finds what a proofreader
would correct in a text a user reads (used by tests/test_french_text.py).
"""
