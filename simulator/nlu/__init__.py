"""French free-text understanding: numbers, dialogue acts, entities.

Pure data at run time (no UI, no heavy dependency); the engine, the TUI forms and the CLI
all read numbers through `simulator.nlu.numbers` so they can never disagree.
"""
