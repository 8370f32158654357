"""The scoring grid as a tree: CCP → competence → criterion, with decisions."""

from __future__ import annotations

from typing import Any

from textual.markup import escape
from textual.widgets import Tree

DECISION_MARKS: dict[str, str] = {
    "acquis": "[green]✔ acquis[/]",
    "non acquis": "[red]✘ non acquis[/]",
    "non évalué": "[dim]· non évalué[/]",
}


def decision_mark(decision: str) -> str:
    return DECISION_MARKS.get(decision, escape(decision))


class ScoreTree(Tree[Any]):
    """Leaves carry their `CriterionResult` as data."""

    DEFAULT_CSS = """
    ScoreTree { border: round $primary 50%; }
    ScoreTree:focus { border: round $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Grille", id=id)
        self.show_root = False
        self.border_title = "Grille d'évaluation"

    def show_scoring(self, scoring: Any) -> None:
        """Fill from a `scoring.results.Scoring`; evaluated criteria first expanded."""
        self.clear()
        first_leaf = None
        for ccp in scoring.ccps:
            ccp_node = self.root.add(
                f"[b]{ccp.id}[/b] {decision_mark(ccp.decision)} · {ccp.mastery} %",
                data=ccp, expand=True)
            for comp in ccp.competences:
                evaluated = any(c.decision != "non évalué" for c in comp.criteria)
                comp_node = ccp_node.add(
                    f"[b]{comp.id}[/b] {decision_mark(comp.decision)} — {escape(comp.title)}",
                    data=comp, expand=evaluated)
                for crit in comp.criteria:
                    mark = decision_mark(crit.decision)
                    extra = " [yellow](modifié)[/]" if crit.override is not None else ""
                    leaf = comp_node.add_leaf(f"{crit.id} {mark}{extra} {escape(crit.label)}",
                                              data=crit)
                    if first_leaf is None and crit.evidence:
                        first_leaf = leaf
        if first_leaf is not None:
            target = first_leaf
            self.call_after_refresh(lambda: self.move_cursor(target))
