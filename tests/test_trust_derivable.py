"""No task answer of a shipped scenario can be read off, or derived in one step from, what
the exam dossier shows (issue 13 item 8: the written case asks what the trainee computes
from raw data).

Independent of the engine's rule (`simulator.engine.answers`): this check lists the figures
the dossier shows once the engine's hidden paths are applied, then tries the simple
derivations a trainee would — the figure itself, a table column's sum, 100 − that sum (the
competitors' shares give the seller's), a figure less that sum (the market size less the
competitors' estimates), the sum or difference of two figures — against every numeric
answer. A column's derivations match within the grader's tolerance capped at 0.5 % of the
answer (rounded estimates still give it away); a figure, or two figures, only exactly (so
many of them would match a tolerance by chance). Derivations from the answer's own inputs
(`marche.taille − indicateurs.ca_total` for the untapped potential) are the computation
asked, not a leak.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from simulator.engine import Session
from simulator.engine.answers import hidden_paths, task_nodes
from simulator.scenario import load_scenario
from simulator.scenario.library import shipped_ids

SHOWN_ROOTS = ("indicateurs", "marche")      # the Indicateurs and Données tabs
SEEDS = (1, 2, 3, 7, 42)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _is_hidden(path: str, hidden: frozenset[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:i]) in hidden for i in range(2, len(parts) + 1))


def shown(world: Mapping[str, Any], hidden: frozenset[str]
          ) -> tuple[dict[str, float], dict[str, list[float]]]:
    figures: dict[str, float] = {}
    columns: dict[str, list[float]] = {}

    def walk(prefix: str, data: Mapping[str, Any], depth: int) -> None:
        for key, value in data.items():
            path = f"{prefix}.{key}"
            if _is_hidden(path, hidden):
                continue
            if (number := _number(value)) is not None:
                figures[path] = number
            elif isinstance(value, Mapping) and depth < 2:
                walk(path, value, depth + 1)
            elif isinstance(value, list) and len(value) > 1 and all(
                    isinstance(r, Mapping) for r in value):
                for col in {k for r in value for k in r}:
                    cells = [_number(r.get(col)) for r in value]
                    if all(c is not None for c in cells) and not _is_hidden(
                            f"{path}.{col}", hidden):
                        columns[f"{path}.{col}"] = [c for c in cells if c is not None]

    for root in SHOWN_ROOTS:
        if isinstance(world.get(root), Mapping):
            walk(root, world[root], 1)
    return figures, columns


def one_step(figures: dict[str, float], columns: dict[str, list[float]]
             ) -> Iterator[tuple[str, float, bool]]:
    """(how, value, exact only)."""
    for path, value in figures.items():
        yield path, value, True
    for path, cells in columns.items():
        total = sum(cells)
        yield f"Σ {path}", total, False
        yield f"100 − Σ {path}", 100 - total, False
        for fig, value in figures.items():
            if fig.split(".")[0] == path.split(".")[0]:
                yield f"{fig} − Σ {path}", value - total, False
    items = sorted(figures.items())
    for i, (a, va) in enumerate(items):
        for b, vb in items[i + 1:]:
            yield f"{a} + {b}", va + vb, True
            yield f"|{a} − {b}|", abs(va - vb), True


def _uses(how: str) -> set[str]:
    return {w.strip("|") for w in how.split() if "." in w}


def _answers(scenario: Any, world: dict[str, Any]
             ) -> Iterator[tuple[str, float, float, set[str]]]:
    from simulator.engine.answers import field_paths
    from simulator.scenario.expressions import DictEnv, parse_expression

    for node in scenario.nodes.values():
        for f in node.fields:
            if f.kind != "nombre" or f.expected is None:
                continue
            value = _number(parse_expression(f.expected.source).evaluate(DictEnv(world)))
            if value is None or value == 0:
                continue
            tol = f.tolerance or 0.0
            yield (f"{node.id}.{f.id}", value, abs(value) * tol if f.tolerance_relative else tol,
                   field_paths(f))


def _task_scenarios() -> list[str]:
    return [i for i in shipped_ids() if task_nodes(load_scenario(i))]


def test_the_competitors_shares_gave_the_market_share_away() -> None:
    """The attack of the issue, on the world itself: without hiding, it is derivable."""
    scenario = load_scenario("epreuve-complete")
    world = Session(scenario, seed=1, mode="examen").world
    _figures, columns = shown(world, frozenset({"marche.part_vendeur"}))
    share = world["marche"]["part_vendeur"]
    assert abs(100 - sum(columns["marche.concurrents.part"]) - share) < 0.05


@pytest.mark.parametrize("scenario_id", _task_scenarios())
def test_no_answer_is_derivable_from_the_exam_dossier(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    found = []
    for seed in SEEDS:
        world = Session(scenario, seed=seed, mode="examen").world
        hidden = hidden_paths(scenario, "examen", world=world)
        figures, columns = shown(world, hidden)
        steps = list(one_step(figures, columns))
        for answer_id, answer, tolerance, own in _answers(scenario, world):
            loose = min(tolerance, 0.005 * abs(answer))
            exact = 1e-6 * max(1.0, abs(answer)) + 0.005
            for how, value, exact_only in steps:
                if exact_only and abs(answer) < 1000 and " " in how:
                    continue            # two small round figures coincide by chance
                if _uses(how) <= own:
                    continue
                if abs(value - answer) <= (exact if exact_only else max(loose, exact)):
                    found.append(f"graine {seed} : {answer_id} = {answer} ← {how} = {value}")
    assert not found, "\n".join(found[:20])


def test_the_exam_market_tab_shows_neither_shares_nor_estimates() -> None:
    """epreuve-complete asks the market share: the rendered « Données » tab gives the
    competitors by name and positioning only."""
    from rich.console import Console

    from simulator.engine.answers import hidden_fields
    from simulator.tui.widgets.data_panes import market_view

    scenario = load_scenario("epreuve-complete")
    world = Session(scenario, seed=1, mode="examen").world
    hidden = hidden_fields(hidden_paths(scenario, "examen", world=world), "marche")
    console = Console(width=120, record=True)
    console.print(market_view(world["marche"], hidden))
    text = console.export_text()
    rival = world["marche"]["concurrents"][0]
    assert rival["nom"].split()[0] in text and "Concurrent" in text
    assert "CA estimé" not in text and "Part de l'entreprise" not in text
    assert f"{rival['part']:.1f}".replace(".", ",") not in text
