"""Which world figures reveal the answer of a scenario's tasks (the engine owns this rule).

A view of the world (the TUI dossier, an export, any other front end) must not show them:
it would give the answers away. A task field's expected answer (`attendu`, `attendu_si`)
names the world paths it is computed from; this module reads them from the scenario itself,
so a new task scenario needs no view change. Entry points: `hidden_paths` (what to hide now,
given the mode and the session's progress), `settled_tasks`, and for list fields
`hidden_columns` / `shown_row`. Views only display what these return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario, TaskField

ROW = "ligne"        # the per-row name of `attendu_si` (a row of the field's `source`)

# A shown figure that gives a hidden one away (it is the answer plus or times a figure the
# trainee is given): hidden along with it. World knowledge, kept here and not in widgets.
GIVES_AWAY: dict[str, frozenset[str]] = {
    "indicateurs.ecart_objectif_ca": frozenset({"indicateurs.ca_total"}),
    "indicateurs.taux_realisation_ca": frozenset({"indicateurs.ca_total"}),
    "indicateurs.taux_marge": frozenset({"indicateurs.marge_totale"}),
    "indicateurs.taux_marque": frozenset({"indicateurs.marge_totale"}),
    # the three segment counts add up to the number of clients
    "indicateurs.nb_segment_a": frozenset({"indicateurs.nb_clients"}),
    "indicateurs.nb_segment_b": frozenset({"indicateurs.nb_clients"}),
    "indicateurs.nb_segment_c": frozenset({"indicateurs.nb_clients"}),
    # the market's shares add up to 100 with the seller's, its estimates to its size less
    # the seller's turnover; a sector's size times the seller's share in it is its turnover
    "marche.concurrents.part": frozenset({"marche.part_vendeur", "indicateurs.ca_total"}),
    "marche.concurrents.ca_estime": frozenset({"marche.part_vendeur",
                                               "indicateurs.ca_total"}),
    "marche.segments.part_vendeur": frozenset({"marche.part_vendeur",
                                               "indicateurs.ca_total"}),
    "entreprises.segment": frozenset({
        "indicateurs.nb_segment_a", "indicateurs.nb_segment_b", "indicateurs.nb_segment_c",
        "indicateurs.part_ca_segment_a",
    }),
}


def _world_paths(source: str, row_source: str | None) -> tuple[set[str], set[str]]:
    """(world paths, row paths) read by an expression, as "root.field" strings."""
    from simulator.scenario.expressions import ExpressionError, parse_expression
    from simulator.world.schema import FIELDS

    world: set[str] = set()
    rows: set[str] = set()
    try:
        expr = parse_expression(source)
    except ExpressionError:  # a loaded scenario has valid ones; never fail the dossier
        return world, rows
    for parts in expr.paths():
        if parts[0] == ROW:
            if row_source is not None:
                rows.add(f"{row_source}.{parts[1]}")
        elif parts[0] in FIELDS:
            world.add(f"{parts[0]}.{parts[1]}")
    return world, rows


def field_paths(f: TaskField) -> set[str]:
    """Every world path the expected answer of a task field reads (`ligne.x` as
    `<source>.x`)."""
    out: set[str] = set()
    for expr in (f.expected, f.expected_if):
        if expr is not None:
            world, rows = _world_paths(expr.source, f.source)
            out |= world | rows
    return out


def field_answers(f: TaskField) -> set[str]:
    """The world paths that *are* the answer of a field.

    An answer read from a single figure (`indicateurs.ca_total`, `round(x / 1000)`) is given
    away by that figure. When it combines several (`marche.taille - indicateurs.ca_total`)
    they are the data the trainee works from and stay visible. The `ligne.x` columns of a
    selection are its criteria (the trainee filters on them), never the answer; what else
    its condition reads (`defauts.entreprise_id`) is.
    """
    from simulator.world.schema import COLLECTIONS

    out: set[str] = set()
    if f.expected is not None:
        world, _rows = _world_paths(f.expected.source, f.source)
        # a column of a file (`somme(commandes.marge)`) is data the answer is summed from
        if len(world) == 1 and not {p.split(".")[0] for p in world} & COLLECTIONS:
            out |= world
    if f.expected_if is not None:
        # the rows to select are defined by what the condition reads besides the row
        world, _rows = _world_paths(f.expected_if.source, f.source)
        if len(world) == 1:
            out |= world
    return out


def task_nodes(scenario: Scenario) -> list[str]:
    return [n.id for n in scenario.nodes.values() if n.kind == "tache"]


def referenced_paths(scenario: Scenario) -> frozenset[str]:
    """All world paths read by the expected answers of the scenario's tasks."""
    return frozenset(p for node in scenario.nodes.values() for f in node.fields
                     for p in field_paths(f))


def given_paths(scenario: Scenario) -> set[str]:
    """World paths the brief states (`{vendeur.budget_pac}`): data given to the trainee,
    shown on the dossier's first tab anyway."""
    from simulator.engine.text import PLACEHOLDER

    if scenario.brief is None:
        return set()
    out: set[str] = set()
    for m in PLACEHOLDER.finditer(scenario.brief.value):
        parts = (m.group(1) or "").split(".")
        if len(parts) > 1:
            out.add(f"{parts[0]}.{parts[1]}")
    return out


def answer_paths(scenario: Scenario, nodes: Iterable[str] | None = None) -> frozenset[str]:
    """World paths to hide for the given task nodes (all of them by default), with the
    shown figures that would give one of them away. Figures the brief states are data."""
    wanted = set(task_nodes(scenario) if nodes is None else nodes)
    hidden: set[str] = set()
    for node in scenario.nodes.values():
        if node.id in wanted:
            for f in node.fields:
                hidden |= field_answers(f)
    hidden -= given_paths(scenario)
    hidden |= {shown for shown, gives in GIVES_AWAY.items() if gives & hidden}
    return frozenset(hidden)


def settled_tasks(events: Iterable[Mapping[str, Any]]) -> set[str]:
    """Task nodes whose last answer was entirely right (retrying one stays a challenge)."""
    settled: set[str] = set()
    for event in events:
        if event.get("type") != "task_answered":
            continue
        data = event.get("data") or {}
        node = str(data.get("node"))
        results = data.get("results") or {}
        if results and all(isinstance(r, dict) and r.get("ok") is True
                           for r in results.values()):
            settled.add(node)
        else:
            settled.discard(node)
    return settled


FIGURE_ROOTS: tuple[str, ...] = ("indicateurs", "marche")   # roots shown as single figures


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def shown_figures(world: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, list[float]]]:
    """The single figures (`marche.taille`) and the table columns (`marche.concurrents.part`)
    of the roots the dossier shows as figures, by path."""
    figures: dict[str, float] = {}
    columns: dict[str, list[float]] = {}
    for root in FIGURE_ROOTS:
        data = world.get(root)
        if not isinstance(data, Mapping):
            continue
        for key, value in data.items():
            if (number := _number(value)) is not None:
                figures[f"{root}.{key}"] = number
            elif isinstance(value, list) and value and all(isinstance(r, Mapping)
                                                           for r in value):
                cols: dict[str, list[float]] = {}
                for row in value:
                    for col, cell in row.items():
                        if (number := _number(cell)) is not None:
                            cols.setdefault(col, []).append(number)
                for col, numbers in cols.items():
                    if len(numbers) == len(value) and len(numbers) > 1:
                        columns[f"{root}.{key}.{col}"] = numbers
    return figures, columns


def _root(path: str) -> str:
    return path.split(".", 1)[0]


def derivations(figures: Mapping[str, float], columns: Mapping[str, list[float]]
                ) -> list[tuple[float, frozenset[str], bool]]:
    """What a trainee gets from the shown figures in one step: (value, figures it uses,
    loose). Loose derivations (sums of a column, 100 − a column's sum, a figure of the same
    root less a column's sum) are matched within an answer's tolerance; the difference or
    sum of two figures only exactly (so many pairs would match a tolerance by chance)."""
    out: list[tuple[float, frozenset[str], bool]] = []
    for path, numbers in columns.items():
        total = sum(numbers)
        out.append((total, frozenset({path}), True))
        out.append((100.0 - total, frozenset({path}), True))
        for fig, value in figures.items():
            if _root(fig) == _root(path):
                out.append((value - total, frozenset({path}), True))
    items = sorted(figures.items())
    for i, (a, va) in enumerate(items):
        for b, vb in items[i + 1:]:
            out.append((abs(va - vb), frozenset({a, b}), False))
            out.append((va + vb, frozenset({a, b}), False))
    return out


LOOSE_AT_MOST = 0.005    # loose matches within the tolerance, at most this share of it
EXACT_FROM = 1000.0      # sums and differences of two figures: amounts from this size


def _close(value: float, answer: float, tolerance: float) -> bool:
    return abs(value - answer) <= max(tolerance, 1e-6 * max(1.0, abs(answer)))


def _allowed(f: TaskField, answer: float) -> float:
    tol = f.tolerance or 0.0
    return abs(answer) * tol if f.tolerance_relative else tol


def value_twins(scenario: Scenario, world: Mapping[str, Any],
                nodes: Iterable[str] | None = None) -> frozenset[str]:
    """Shown figures that give a computed numeric answer away: equal to it (`ca_total -
    objectif_ca` is the dashboard's `ecart_objectif_ca`), or one step from it (`100 −` the
    competitors' shares is the seller's): found by value, since no path names them."""
    from simulator.scenario.expressions import (
        DictEnv,
        EvaluationError,
        ExpressionError,
        parse_expression,
    )

    wanted = set(task_nodes(scenario) if nodes is None else nodes)
    figures, columns = shown_figures(world)
    steps: list[tuple[float, frozenset[str], bool]] | None = None
    hidden = answer_paths(scenario, wanted)
    data: frozenset[str] = frozenset()
    env = DictEnv(dict(world))
    out: set[str] = set()
    for node in scenario.nodes.values():
        if node.id not in wanted:
            continue
        for f in node.fields:
            if f.kind != "nombre" or f.expected is None:
                continue
            try:
                answer = _number(parse_expression(f.expected.source).evaluate(env))
            except (EvaluationError, ExpressionError, KeyError):
                continue
            if answer is None or answer == 0:
                continue
            own = field_paths(f)
            out |= {path for path, value in figures.items() if path not in own
                    and abs(value - answer) <= 1e-6 * max(1.0, abs(answer))}
            if steps is None:
                steps = derivations(figures, columns)
                data = referenced_paths(scenario)
            # within the tolerance, but no wider than rounding: a wide one matches by chance
            allowed = min(_allowed(f, answer), LOOSE_AT_MOST * abs(answer))
            for value, uses, loose in steps:
                if not loose and abs(answer) < EXACT_FROM:
                    continue        # small round figures coincide by chance
                if uses & hidden or not _close(value, answer, allowed if loose else 0.0):
                    continue
                # hide what gives it away, sparing what an answer is computed from
                hide = {p for p in uses if not _covered(p, own)}
                out |= {p for p in hide if not _covered(p, data)} or hide
    return frozenset(out - given_paths(scenario))


def _covered(path: str, paths: Iterable[str]) -> bool:
    return any(path == p or path.startswith(p + ".") for p in paths)


def hidden_paths(scenario: Scenario, mode: str, *, settled: Iterable[str] = (),
                 ended: bool = False,
                 world: Mapping[str, Any] | None = None) -> frozenset[str]:
    """What the dossier hides: in exam mode every answer, always; in training, the answers
    of the tasks not yet done right, until the session ends. With the world, also the
    figures that equal a computed answer."""
    if mode == "examen":
        nodes = task_nodes(scenario)
    elif ended:
        return frozenset()
    else:
        done = set(settled)
        nodes = [n for n in task_nodes(scenario) if n not in done]
    hidden = answer_paths(scenario, nodes)
    if world is not None:
        hidden |= value_twins(scenario, world, nodes)
    return hidden


def hidden_fields(hidden: Iterable[str], root: str) -> frozenset[str]:
    """The field names of one world root among hidden paths ("indicateurs.ca_total" ->
    "ca_total")."""
    prefix = f"{root}."
    return frozenset(p[len(prefix):] for p in hidden if p.startswith(prefix))


def hidden_columns(scenario: Scenario, node_id: str,
                   hidden: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each list field (`selection`, `tournee`) of a task node, the columns of its
    source the dossier hides: the form must not give them away in its row labels."""
    node = scenario.nodes.get(node_id)
    if node is None:
        return {}
    paths = frozenset(hidden)
    return {f.id: hidden_fields(paths, f.source) for f in node.fields if f.source}


def shown_row(row: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    """A row without the given (hidden) columns."""
    drop = frozenset(columns)
    return {key: value for key, value in row.items() if key not in drop}
