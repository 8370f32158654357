"""The session: one trainee playing one scenario, as a sequence of logged events.

The session is the only mutable thing at run time, and the conductor of the play: it owns
the state machine, the variables, the clock and the timer, the log, and hands each input to
the module of the current node's kind (engine/nodes/: dialogue, negotiation, task, end),
which owns how that kind is entered, which inputs it accepts and what it records. Inputs
(`choose`, `say`, `offer`, `accept`, `break_off`, `answer`) are validated first (a bad input
raises `EngineError` and records nothing), then recorded as an input event, then every
consequence is recorded as a derived event. Given the scenario, the seed, the world snapshot
and the inputs with their `t_ms`, the events are always the same: that is what replay
checks. The public API is described in docs/CONTRACTS.md §5.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.engine import abandon, freetext
from simulator.engine.commit import run_input
from simulator.engine.env import SessionEnv
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.events import CURRENT_MODELS, INPUT_TYPES, LOG_FORMAT, MODES, Event
from simulator.engine.flow import (
    DrawCounters,
    apply_effects,
    build_header,
    conditional_text,
    node_line,
    resolve_next,
    reveal,
    timer_check,
)
from simulator.engine.machine import SessionModel, build_machine, move
from simulator.engine.nodes import REFUSALS, dialogue, kind_of, negotiation, task
from simulator.engine.nodes.negotiation import MAX_OFFER_VALUE, NegotiationState
from simulator.engine.text import PLACEHOLDER, render
from simulator.engine.transcript import line_for
from simulator.engine.views import ChoiceView, Line, NodeView
from simulator.engine.worlds import build_world, recorded_path, referential_version, with_roles
from simulator.engine.worldview import WorldAccess
from simulator.log.clock import Clock
from simulator.scenario.model import Choice, Expression, Next, Node, Scenario, TaskField, Value

__all__ = ["INPUT_TYPES", "LOG_FORMAT", "MAX_OFFER_VALUE", "MODES", "Event", "Session",
           "build_world", "recorded_path", "referential_version", "with_roles"]


class Session:
    """A scenario being played. See docs/CONTRACTS.md §5 for the API contract."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 1,
        trainee: str = "stagiaire",
        mode: str = "entrainement",
        world: dict[str, Any] | None = None,
        log: Any = None,
        clock: Clock | None = None,
        session_id: str | None = None,
        started_at: str | None = None,
        models: dict[str, int] | None = None,
    ) -> None:
        if mode not in MODES:
            raise EngineError(f"mode inconnu « {mode} » (entrainement ou examen)")
        self.scenario = scenario
        # Behaviour versions (header `models`): a replayed log keeps those it was recorded with.
        self.models: dict[str, int] = dict(CURRENT_MODELS if models is None else models)
        self.seed = int(seed)
        self.trainee = trainee
        self.mode = mode
        self._clock = clock if clock is not None else Clock()
        self.session_id = session_id or uuid.uuid4().hex
        self.started_at = started_at or self._clock.now_iso()
        self.world: dict[str, Any] = world if world is not None else build_world(scenario, seed)
        if "client" not in self.world:
            self.world = with_roles(self.world, scenario, seed)
        self._world = WorldAccess(self.world)
        self._log = log
        self._vars: dict[str, Value] = {n: v.initial for n, v in scenario.variables.items()}
        self._visits: dict[str, int] = dict.fromkeys(scenario.nodes, 0)
        self._revealed: list[str] = []
        # Last graded answer of each task node, {node: {field: right?}}, oldest answer first
        # (read by `reussi(champ)` and `score_tache(noeud)`).
        self._task_results: dict[str, dict[str, bool]] = {}
        self._once_used: set[tuple[str, str]] = set()
        self._counters = DrawCounters()
        self._last_line: dict[str, str] = {}
        self._neg: NegotiationState | None = None
        self._agreement: dict[str, float] | None = None
        # Negotiation nodes whose deal is below the floor or beyond the delegation.
        self._deals_out_of_limits: set[str] = set()
        self._events: list[Event] = []
        self._transcript: list[Line] = []
        self._feedback: list[str] = []
        self._listeners: list[Callable[[Event], None]] = []
        self._pending: list[Event] | None = None    # events of the input being committed
        self._last_free_text = False
        self._static_texts: dict[str, str] = {}
        self._choices_cache: tuple[int, list[tuple[ChoiceView, Choice]]] | None = None
        self._timer_fired = False
        self._t_ms = 0
        self._seq = 0
        self._started = False
        self.ended = False
        self.outcome: str | None = None
        self.fault: ScenarioRuntimeError | None = None   # what stopped the session, if any
        self._model = SessionModel()
        self._machine = build_machine(scenario, self._model)
        self._current = scenario.start

    # -- construction helpers ----------------------------------------------------------
    @classmethod
    def open(cls, scenario: Scenario, log_path: str | Path, **kwargs: Any) -> Session:
        """A session writing a new log at `log_path` (header built here), already started."""
        from simulator.log.keys import signing_key
        from simulator.log.writer import LogWriter

        session = cls(scenario, **kwargs)
        session._log = LogWriter.create(Path(log_path), session.header(), signing_key(),
                                        clock=session._clock)
        session.start()
        return session

    @classmethod
    def resume(cls, log_path: str | Path, scenario: Scenario | None = None, *,
               clock: Clock | None = None) -> Session:
        """Replay the good prefix of a log silently, then continue writing the same log; the
        clock continues from the last recorded offset (`clock`, if given, is re-based)."""
        from simulator.engine.rerun import resume_log

        return resume_log(cls, Path(log_path), scenario, clock)

    @property
    def elapsed_ms(self) -> int:
        """Session time in ms: the recorded offsets, continued after a resume (timers)."""
        return self._clock.ms()

    def header(self) -> dict[str, Any]:
        """The log header of docs/CONTRACTS.md §3 (without hash/mac)."""
        return build_header(self)

    @property
    def buyer_model(self) -> int:
        """Version of the negotiating buyer's behaviour (engine/buyer.py: 2 and 3)."""
        return int(self.models.get("buyer", 1))

    def subscribe(self, callback: Callable[[Event], None]) -> None:
        """Call `callback(event)` after each recorded event (e.g. to refresh a view)."""
        self._listeners.append(callback)

    # -- state -------------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        return list(self._events)

    @property
    def transcript(self) -> list[Line]:
        return list(self._transcript)

    @property
    def variables(self) -> dict[str, Value]:
        return dict(self._vars)

    @property
    def visits(self) -> dict[str, int]:
        return dict(self._visits)

    @property
    def revealed(self) -> list[str]:
        return list(self._revealed)

    @property
    def feedback(self) -> list[str]:
        return list(self._feedback)

    @property
    def brief(self) -> str:
        """The scenario's case file text, placeholders filled ('' when none)."""
        brief = self.scenario.brief
        return self._render(brief.value) if brief is not None else ""

    @property
    def role(self) -> str:
        """The persona's role line (`{contact.civilite} {contact.nom}, …`), rendered."""
        persona = self.scenario.persona
        if persona is None or persona.role is None:
            return ""
        return self._render(persona.role.value)

    @property
    def started(self) -> bool:
        return self._started

    @property
    def current_node(self) -> Node:
        return self.scenario.nodes[self._current]

    @property
    def state(self) -> str:
        """The machine's state (equals the current node id)."""
        return str(self._model.state)

    @property
    def node(self) -> NodeView:
        node = self.current_node
        instructions = (self._render(node.instructions.value)
                        if node.instructions is not None else None)
        return NodeView(
            id=node.id, kind=node.kind, speaker=node.speaker,
            text=self._last_line.get(node.id, ""), visit=self._visits.get(node.id, 0),
            instructions=instructions,
            fields=tuple(task.field_view(self, f) for f in node.fields),
            negotiation=negotiation.view(self), outcome=node.outcome,
        )

    @property
    def choices(self) -> list[ChoiceView]:
        """Choices listed to the trainee on the current node (none once ended)."""
        if self.ended or not self._started:
            return []
        return [view for view, _ in dialogue.listed_choices(self)]

    @property
    def stuck(self) -> bool:
        """True on a dead end: not ended and no input can make progress."""
        if self.ended or not self._started:
            return False
        return self.current_node.kind == dialogue.KIND and dialogue.stuck(self)

    @property
    def log(self) -> Any:
        """The LogWriter in use, or None."""
        return self._log

    def attach_log(self, writer: Any, clock: Clock | None = None) -> None:
        """Write the next events through `writer` (used when resuming a log)."""
        self._log = writer
        if clock is not None:
            self._clock = clock

    def close(self) -> None:
        """Close the log file (the session object stays readable)."""
        if self._log is not None:
            self._log.close()

    @property
    def agreement(self) -> dict[str, float] | None:
        return dict(self._agreement) if self._agreement is not None else None

    def limits(self, offer: dict[str, Any] | None = None) -> dict[str, Any]:
        """Margin, floor and delegation facts of an offer (default: the buyer's current
        position), recording nothing; EngineError outside a negotiation."""
        self._check_input("offer_made")
        return negotiation.limits(self, offer)

    def node_rows(self, f: TaskField) -> list[dict[str, Any]]:
        """Rows of the world collection a selection / route field works on."""
        return self._world.collection(f.source or "visites")

    def expected(self, f: TaskField) -> object:
        """The expected answer of a field, computed from the world snapshot."""
        return task.expected(self, f)

    # -- inputs: validated here, handled by the node kind -------------------------------
    def start(self) -> None:
        """Record `session_started` and enter the first node (idempotent)."""
        if self._started:
            return
        self._started = True
        self._t_ms = self._clock.ms()
        run_input(self, self._begin)

    def choose(self, choice: str | int, t_ms: int | None = None) -> None:
        """Pick a listed, enabled choice by id or 1-based number."""
        self._check_input("choice_made")
        run_input(self, dialogue.choose, self, choice, t_ms)

    def say(self, text: str, choice: str | int | None = None, t_ms: int | None = None,
            recorded: dict[str, Any] | None = None) -> None:
        """Free text, recorded as typed: attached to `choice` when given (inputs files,
        test plans, older logs), else understood by the act model (engine/freetext.py);
        `recorded` is the logged `free_text` data a replay feeds back."""
        self._check_input("free_text")
        if choice is None and recorded is None and negotiation.objection_pending(self):
            run_input(self, negotiation.answer_objection, self, text, t_ms)  # graded CRAC
        elif choice is not None:
            run_input(self, dialogue.say, self, text, choice, t_ms)
        else:
            run_input(self, freetext.say, self, text, t_ms, recorded)

    def offer(self, offer: dict[str, Any], t_ms: int | None = None,
              counterparts: list[str] | None = None, text: str | None = None) -> None:
        """Make an offer on the current negotiation node (any subset of OFFER_ISSUES);
        `counterparts` and `text`: from a typed offer draft the trainee confirmed."""
        self._check_input("offer_made")
        run_input(self, negotiation.offer, self, offer, t_ms, counterparts, text)

    def accept(self, t_ms: int | None = None) -> None:
        """Accept the client's last position (opening or counter-offer)."""
        self._check_input("negotiation_action")
        run_input(self, negotiation.accept, self, t_ms)

    def break_off(self, t_ms: int | None = None) -> None:
        """Break the negotiation off."""
        self._check_input("negotiation_action")
        run_input(self, negotiation.break_off, self, t_ms)

    def answer(self, answers: dict[str, Any], t_ms: int | None = None) -> None:
        """Answer the current task's form: {field id: value}."""
        self._check_input("task_answered")
        run_input(self, task.answer, self, answers, t_ms)

    def abandon(self, t_ms: int | None = None) -> None:
        """The trainee gives up: `session_abandoned`, then `session_ended` (engine/abandon.py)."""
        run_input(self, abandon.abandon, self, t_ms)

    def note_resumed(self, after_seq: int, t_ms: int | None = None) -> None:
        """Record that the session was resumed from a log after event `after_seq`."""
        self._stamp(t_ms)
        self._emit("session_resumed", {"after_seq": after_seq})

    def _begin(self) -> None:
        self._emit("session_started", {"node": self.scenario.start})
        self._enter(self.scenario.start)

    # -- conductor services (used by engine/nodes) --------------------------------------
    def _check_input(self, kind: str) -> None:
        """EngineError unless the session runs and the current node kind takes `kind`."""
        if not self._started:
            raise EngineError("la séance n'a pas commencé")
        if self.ended:
            raise EngineError("la séance est terminée")
        if kind not in kind_of(self.current_node).ACCEPTS:
            raise EngineError(REFUSALS[kind])

    def _stamp(self, t_ms: int | None) -> None:
        self._t_ms = int(t_ms) if t_ms is not None else self._clock.ms()

    def _timer_check(self) -> bool:
        return timer_check(self)

    def _apply_effects(self, effects: tuple[Expression, ...], cause: str) -> None:
        apply_effects(self, effects, cause)

    def _reveal(self, need_id: str) -> None:
        reveal(self, need_id)

    def _feedback_line(self, node_id: str, text: str) -> None:
        self._feedback.append(text)
        self._emit("feedback_shown", {"node": node_id, "text": text})

    def _after_choice(self, node: Node, choice: Choice) -> bool:
        return kind_of(node).after_choice(self, node, choice)

    def _resolve_next(self, nxt: Next, key: str) -> str:
        return resolve_next(self, nxt, key)

    def _go(self, target: str, trigger: str) -> None:
        if target not in self.scenario.nodes:
            raise ScenarioRuntimeError(f"nœud inconnu « {target} »", self.current_node.pos)
        move(self._machine, self._model, trigger)
        self._enter(target)

    def _enter(self, node_id: str) -> None:
        """Record the entry, render the node's line, let its kind show the rest."""
        node = self.scenario.nodes[node_id]
        self._current = node_id
        if node.kind != negotiation.KIND:
            self._neg = None
        self._visits[node_id] = self._visits.get(node_id, 0) + 1
        self._emit("node_entered", {"node": node_id, "kind": node.kind,
                                    "visit": self._visits[node_id]})
        line = node_line(self, node)
        self._last_line[node_id] = line
        kind_of(node).enter(self, node, line)

    def _render(self, template: str) -> str:
        """Fill placeholders; templates reading only session constants are cached.
        Inline conditional text (`{si c : a | b}`) reads the state: chosen first, uncached."""
        if "{si" in template:
            return render(conditional_text(self, template), SessionEnv(self).lookup)
        cached = self._static_texts.get(template)
        if cached is not None:
            return cached
        text = render(template, SessionEnv(self).lookup)
        roots = {m.group(1).split(".")[0] for m in PLACEHOLDER.finditer(template)
                 if m.group(1)}
        if not roots & (set(self._vars) | {"produit"}):
            self._static_texts[template] = text
        return text

    def _emit(self, kind: str, data: dict[str, Any]) -> Event:
        now = self._clock.now_iso()
        if self._log is not None:
            event: Event = self._log.append(kind, data, t_ms=self._t_ms, time=now)
            self._seq = int(event["seq"])
        else:
            self._seq += 1
            event = {"seq": self._seq, "t_ms": self._t_ms, "time": now, "type": kind,
                     "data": data}
        self._events.append(event)
        line = line_for(event, self._last_free_text)
        # « Compris comme… » sits between a typed reply and the choice it resolved to.
        self._last_free_text = kind == "free_text" or (kind == "understood"
                                                        and self._last_free_text)
        if line is not None:
            self._transcript.append(line)
        if self._pending is not None:
            self._pending.append(event)     # told once on disk (engine/commit.py)
        else:
            for callback in self._listeners:
                callback(event)
        return event
