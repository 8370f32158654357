"""Compilation to a transitions Machine and graph export (Mermaid, DOT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.scenario import load_scenario
from simulator.scenario.compile import choice_trigger, compile_machine, task_trigger
from simulator.scenario.graph import to_dot, to_mermaid

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"


class Model:
    """Plain model object."""


def test_machine_states_and_triggers() -> None:
    sc = load_scenario(MINI)
    model = Model()
    machine = compile_machine(sc, model)
    assert set(machine.states) == set(sc.nodes)
    assert model.state == "accueil"  # type: ignore[attr-defined]
    triggers = machine.get_triggers("accueil")
    assert not any(t.startswith("to_") for t in triggers)     # auto_transitions=False
    assert set(triggers) == {choice_trigger("croc_contact", "decideur"),
                             choice_trigger("brusque", "echec"),
                             choice_trigger("brusque", "decideur"), "expiration"}
    model.trigger(choice_trigger("croc_contact", "decideur"))  # type: ignore[attr-defined]
    assert model.state == "decideur"  # type: ignore[attr-defined]
    assert set(machine.get_triggers("nego")) == {"accord", "rupture", "expiration"}
    assert task_trigger("fin_ok") in machine.get_triggers("bilan")
    assert machine.get_triggers("fin_ok") == []


def test_invalid_trigger_raises() -> None:
    from transitions import MachineError

    model = Model()
    compile_machine(load_scenario(MINI), model)
    with pytest.raises(MachineError):
        model.trigger("accord")  # type: ignore[attr-defined]


def test_mermaid_export() -> None:
    text = to_mermaid(load_scenario(MINI))
    assert "stateDiagram-v2" in text
    assert "accueil --> decideur: croc_contact" in text
    assert "nego --> bilan: accord" in text
    assert "[*] --> accueil" in text and "fin_ok --> [*]" in text


def test_dot_export() -> None:
    text = to_dot(load_scenario(MINI))
    assert text.startswith('digraph "mini" {') and text.rstrip().endswith("}")
    assert '"accueil" -> "decideur" [label="croc_contact : Bonjour madame' in text
    assert '"nego" [shape=hexagon' in text
    assert text.count("{") == text.count("}")


def test_graph_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["scenarios", "graph", str(MINI), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph")
    out = tmp_path / "g.mmd"
    assert main(["scenarios", "graph", str(MINI), "-o", str(out)]) == 0
    assert "stateDiagram-v2" in out.read_text(encoding="utf-8")


def test_graph_cli_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["scenarios", "graph", "scenario-qui-n-existe-pas"]) == 2
    assert "scénario inconnu" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitre: [\n", encoding="utf-8")
    assert main(["scenarios", "graph", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "scénario invalide" in err and "bad.yaml:3:1" in err
    with pytest.raises(SystemExit) as exc:
        main(["scenarios", "graph", str(MINI), "--format", "png"])
    assert exc.value.code == 2


def test_large_machine_is_fast() -> None:
    """1,000 states: auto_transitions=False keeps construction linear."""
    import tempfile
    import time

    from simulator.scenario.loader import load_file
    from simulator.scenario.synthetic import big_scenario_text

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(big_scenario_text(1000), encoding="utf-8")
        sc, problems = load_file(path)
    assert sc is not None and not [p for p in problems if p.is_error]
    start = time.perf_counter()
    compile_machine(sc, Model())
    assert time.perf_counter() - start < 5
