"""What the expressions and placeholders of a session can see (names and functions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.scenario.expressions import field_passed, task_score

if TYPE_CHECKING:
    from simulator.engine.session import Session


class SessionEnv:
    """Name lookup and function calls of the expression language, for one session.

    `extra` adds names for one evaluation (`ligne`, the row a selection condition tests).
    """

    def __init__(self, session: Session, extra: dict[str, object] | None = None) -> None:
        self._s = session
        self._extra = extra

    def lookup(self, name: str) -> object:
        if self._extra is not None and name in self._extra:
            return self._extra[name]
        s = self._s
        if name in s._vars:
            return s._vars[name]
        if name == "stagiaire":
            return s.trainee
        if name == "mode":
            return s.mode
        if name == "humeur":
            return s.scenario.persona.mood if s.scenario.persona else ""
        if name == "produit":
            return self._product()
        return s._world.root(name)

    def _product(self) -> object:
        """The product negotiated on the current node. The node's own opening line is
        rendered before its negotiation starts: the node's product is read then."""
        s = self._s
        if s._neg is not None and s._neg.node == s._current:
            return s._neg.product
        node = s.scenario.nodes.get(s._current)
        if node is not None and node.kind == "negociation" and node.product:
            product = s._world.product(node.product)
            if product is not None:
                return product
        raise KeyError("produit")

    def call(self, func: str, args: list[object]) -> object:
        key = str(args[0]) if args else ""
        if func == "visites":
            return self._s._visits.get(key, 0)
        if func == "revele":
            return key in self._s._revealed
        if func == "reussi":
            return field_passed(self._s._task_results.values(), key)
        if func == "score_tache":
            return task_score(self._s._task_results.get(key))
        raise KeyError(func)
