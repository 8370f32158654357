"""Evidence the engine recorded from the scenario's `preuves` and task fields, streamed.

The folder lives in `scoring.evidence` (`Authored`), beside its batch form
`authored_evidence`, so that neither needs the analysers package.
"""

from scoring.evidence import INPUTS, Authored

__all__ = ["INPUTS", "Authored"]
