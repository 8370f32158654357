"""The session: one trainee playing one scenario, as a sequence of logged events.

The session is the only mutable thing at run time. Inputs (`choose`, `say`, `offer`,
`accept`, `break_off`, `answer`) are validated first (a bad input raises `EngineError` and
records nothing), then recorded as an input event, then every consequence is recorded as a
derived event. Given the scenario, the seed, the world snapshot and the inputs with their
`t_ms`, the events are always the same: that is what replay checks. The public API is
described in docs/CONTRACTS.md §5.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.engine import negotiation as nego
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.evaluate import assignment, evaluate, holds
from simulator.engine.machine import (
    AGREEMENT,
    BREAK,
    EXPIRY,
    SessionModel,
    build_machine,
    choice_trigger,
    task_trigger,
)
from simulator.engine.rng import rng_for
from simulator.engine.tasks import (
    grade_choice,
    grade_number,
    grade_route,
    grade_selection,
    grade_text,
)
from simulator.engine.text import PLACEHOLDER, render, show
from simulator.engine.transcript import line_for
from simulator.engine.views import (
    ChoiceView,
    FieldView,
    Line,
    NegotiationView,
    NodeView,
)
from simulator.engine.worldview import WorldAccess
from simulator.log.clock import Clock
from simulator.scenario.expressions import field_passed, task_score
from simulator.scenario.model import (
    OFFER_ISSUES,
    Choice,
    Expression,
    Next,
    Node,
    Scenario,
    TaskField,
    Value,
)

MODES = ("entrainement", "examen")
INPUT_TYPES = frozenset({"choice_made", "free_text", "offer_made", "negotiation_action",
                         "task_answered"})
LOG_FORMAT = "ntc-log/1"
MAX_OFFER_VALUE = 1e12     # beyond, a typo: and products of such numbers lose precision

Event = dict[str, Any]


@dataclass
class _Negotiation:
    """Mutable state of the negotiation on the current node."""

    node: str
    model: nego.ClientModel
    product: dict[str, Any]
    quantity: int
    patience: int
    round: int = 0
    client_offer: dict[str, float] | None = None
    last_offer: dict[str, float] | None = None
    agreement: dict[str, float] | None = None


@dataclass
class _Counters:
    random: dict[str, int] = field(default_factory=dict)
    draws: dict[str, list[str]] = field(default_factory=dict)


class _Env:
    """What expressions and placeholders of this session can see."""

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
            if s._neg is not None and s._neg.node == s._current:
                return s._neg.product
            # The node's own opening line is rendered before its negotiation starts.
            node = s.scenario.nodes.get(s._current)
            if node is not None and node.kind == "negociation" and node.product:
                product = s._world.product(node.product)
                if product is not None:
                    return product
            raise KeyError(name)
        return s._world.root(name)

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
    ) -> None:
        if mode not in MODES:
            raise EngineError(f"mode inconnu « {mode} » (entrainement ou examen)")
        self.scenario = scenario
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
        self._counters = _Counters()
        self._last_line: dict[str, str] = {}
        self._neg: _Negotiation | None = None
        self._agreement: dict[str, float] | None = None
        self._events: list[Event] = []
        self._transcript: list[Line] = []
        self._feedback: list[str] = []
        self._listeners: list[Callable[[Event], None]] = []
        self._last_free_text = False
        self._static_texts: dict[str, str] = {}
        self._choices_cache: tuple[int, list[tuple[ChoiceView, Choice]]] | None = None
        self._timer_fired = False
        self._t_ms = 0
        self._seq = 0
        self._started = False
        self.ended = False
        self.outcome: str | None = None
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
    def resume(cls, log_path: str | Path, scenario: Scenario | None = None) -> Session:
        """Replay the good prefix of a log silently, then continue writing the same log."""
        from simulator.engine.replay import resume_session

        return resume_session(Path(log_path), scenario)

    def header(self) -> dict[str, Any]:
        """The log header of docs/CONTRACTS.md §3 (without hash/mac)."""
        from simulator import __version__

        sc = self.scenario
        return {
            "type": "header", "format": LOG_FORMAT, "app_version": __version__,
            "session_id": self.session_id,
            "scenario": {"id": sc.id, "version": sc.version, "sha256": sc.sha256,
                         "path": recorded_path(sc.path)},
            "referential": {"id": sc.referential,
                            "version": referential_version(sc.referential)},
            "seed": self.seed, "mode": self.mode, "trainee": self.trainee,
            "started_at": self.started_at, "world": self.world,
        }

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
        return render(brief.value, _Env(self).lookup) if brief is not None else ""

    @property
    def role(self) -> str:
        """The persona's role line (`{contact.civilite} {contact.nom}, …`), rendered."""
        persona = self.scenario.persona
        if persona is None or persona.role is None:
            return ""
        return render(persona.role.value, _Env(self).lookup)

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
            fields=tuple(self._field_view(f) for f in node.fields),
            negotiation=self._negotiation_view(), outcome=node.outcome,
        )

    @property
    def choices(self) -> list[ChoiceView]:
        """Choices listed to the trainee on the current node (none once ended)."""
        if self.ended or not self._started:
            return []
        return [view for view, _ in self._listed_choices()]

    @property
    def stuck(self) -> bool:
        """True on a dead end: not ended and no input can make progress."""
        if self.ended or not self._started:
            return False
        node = self.current_node
        if node.kind == "dialogue":
            return not any(v.enabled for v in self.choices)
        return False

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

    # -- inputs --------------------------------------------------------------------------
    def start(self) -> None:
        """Record `session_started` and enter the first node (idempotent)."""
        if self._started:
            return
        self._started = True
        self._t_ms = self._clock.ms()
        self._emit("session_started", {"node": self.scenario.start})
        self._enter(self.scenario.start, first=True)

    def choose(self, choice: str | int, t_ms: int | None = None) -> None:
        """Pick a listed, enabled choice by id or 1-based number."""
        self._check_input()
        picked, number = self._resolve_choice(choice)
        self._stamp(t_ms)
        self._record_choice(picked, number)

    def say(self, text: str, choice: str | int | None = None, t_ms: int | None = None) -> None:
        """Free text, recorded as typed, then resolved to an explicit choice.

        Without `choice`, the enabled choice whose text is closest to `text` is taken
        (deterministic fuzzy match, first one on ties).
        """
        self._check_input()
        if choice is None:
            choice = self._closest_choice(str(text))
        picked, number = self._resolve_choice(choice)
        self._stamp(t_ms)
        self._emit("free_text", {"node": self._current, "text": str(text),
                                 "choice": picked.id})
        self._record_choice(picked, number)

    def offer(self, offer: dict[str, Any], t_ms: int | None = None) -> None:
        """Make an offer on the current negotiation node (any subset of OFFER_ISSUES)."""
        self._check_input()
        neg = self._require_negotiation()
        full = self._complete_offer(neg, offer)
        self._stamp(t_ms)
        neg.round += 1
        facts = self._offer_facts(neg, full)
        data = {"node": neg.node, "round": neg.round, "offer": full, **facts,
                **self._concessions(neg.last_offer, full)}
        self._emit("offer_made", data)
        if self._timer_check():
            return
        neg.last_offer = full
        self._offer_evidence(facts, full)
        values = self._client_values(neg, full)
        response, neg.patience = nego.respond(neg.model, values, neg.round, neg.patience)
        if response.decision == "accept":
            client_view = full
        elif response.decision == "counter":
            assert response.counter is not None
            client_view = self._client_offer(neg, response.counter)
            neg.client_offer = client_view
        else:
            client_view = neg.client_offer or full
        self._emit("offer_received", {
            "node": neg.node, "round": neg.round, "offer": client_view,
            "utility": round(response.utility, 4), "aspiration": round(response.aspiration, 4),
            "decision": response.decision, "insult": response.insult,
            "patience": neg.patience})
        self._client_says(neg, response.decision, client_view, response.insult)
        if response.decision == "accept":
            neg.agreement = full
            self._agreement = dict(full)
            self._go(self._negotiation_exit(True), AGREEMENT)
        elif response.decision == "break":
            self._go(self._negotiation_exit(False), BREAK)

    def accept(self, t_ms: int | None = None) -> None:
        """Accept the client's last position (opening or counter-offer)."""
        self._check_input()
        neg = self._require_negotiation()
        if neg.client_offer is None:
            raise EngineError("le client n'a encore fait aucune proposition")
        self._stamp(t_ms)
        facts = self._offer_facts(neg, neg.client_offer)
        self._emit("negotiation_action", {"node": neg.node, "action": "accept",
                                          "round": neg.round, "offer": neg.client_offer,
                                          **facts})
        if self._timer_check():
            return
        self._offer_evidence(facts, neg.client_offer)
        neg.agreement = dict(neg.client_offer)
        self._agreement = dict(neg.client_offer)
        self._go(self._negotiation_exit(True), AGREEMENT)

    def break_off(self, t_ms: int | None = None) -> None:
        """Break the negotiation off."""
        self._check_input()
        neg = self._require_negotiation()
        self._stamp(t_ms)
        self._emit("negotiation_action", {"node": neg.node, "action": "break",
                                          "round": neg.round})
        if self._timer_check():
            return
        self._go(self._negotiation_exit(False), BREAK)

    def answer(self, answers: dict[str, Any], t_ms: int | None = None) -> None:
        """Answer the current task's form: {field id: value}."""
        self._check_input()
        node = self.current_node
        if node.kind != "tache":
            raise EngineError("aucune tâche en cours : rien à répondre ici")
        if not isinstance(answers, dict):
            raise EngineError("les réponses doivent être données champ par champ")
        known = {f.id for f in node.fields}
        unknown = sorted(str(k) for k in answers if k not in known)
        if unknown:
            raise EngineError(f"champ inconnu « {unknown[0]} » (champs : "
                              f"{', '.join(sorted(known))})")
        for key, value in answers.items():
            if not _finite(value):
                raise EngineError(f"réponse « {key} » : nombre non fini (NaN ou infini) "
                                  "refusé")
        results = {f.id: self._grade(f, answers.get(f.id)) for f in node.fields}
        self._stamp(t_ms)
        self._emit("task_answered", {"node": node.id, "answers": _jsonable(answers),
                                     "results": results})
        if self._timer_check():
            return
        self._task_results.pop(node.id, None)
        self._task_results[node.id] = {fid: res["ok"] is True for fid, res in results.items()}
        for f in node.fields:
            res = results[f.id]
            label = self._render(f.label)
            if f.criterion:
                self._emit("evidence", {
                    "criterion": f.criterion, "weight": 1 if res["ok"] else -1,
                    "justification": (f"{label} : juste" if res["ok"]
                                      else f"{label} : faux ({res['detail']})"),
                    "source": "task", "node": node.id, "choice": None, "field": f.id})
            if self.mode == "entrainement":
                mark = "✓" if res["ok"] else "✗"
                expected = "" if res["ok"] else f" — attendu : {show(res['expected'])}"
                self._feedback_line(node.id, f"{mark} {label} : {res['detail']}{expected}")
                if f.coach and not res["ok"]:
                    self._feedback_line(node.id, self._render(f.coach))
        if node.next is None:
            raise ScenarioRuntimeError(f"la tâche « {node.id} » n'a pas de suite", node.pos)
        target = self._resolve_next(node.next, f"{node.id}")
        self._go(target, task_trigger(target))

    def note_resumed(self, after_seq: int, t_ms: int | None = None) -> None:
        """Record that the session was resumed from a log after event `after_seq`."""
        self._stamp(t_ms)
        self._emit("session_resumed", {"after_seq": after_seq})

    # -- input plumbing ------------------------------------------------------------------
    def _check_input(self) -> None:
        if not self._started:
            raise EngineError("la séance n'a pas commencé")
        if self.ended:
            raise EngineError("la séance est terminée")

    def _stamp(self, t_ms: int | None) -> None:
        self._t_ms = int(t_ms) if t_ms is not None else self._clock.ms()

    def _timer_check(self) -> bool:
        """Emit `timer` the first time an input comes after the limit; True if it expired."""
        timer = self.scenario.timer
        if timer is None or self._timer_fired or self._t_ms <= timer.limit_ms:
            return False
        self._timer_fired = True
        expired = self.mode in timer.modes
        self._emit("timer", {"limit_ms": timer.limit_ms, "elapsed_ms": self._t_ms,
                             "expired": expired})
        if expired:
            if timer.expiry not in self.scenario.nodes:
                raise ScenarioRuntimeError(f"nœud d'expiration inconnu « {timer.expiry} »",
                                           timer.pos)
            self._go(timer.expiry, EXPIRY)
        return expired

    # -- choices -------------------------------------------------------------------------
    def _listed_choices(self) -> list[tuple[ChoiceView, Choice]]:
        """Listed choices, cached until the next recorded event (state cannot change
        without one)."""
        cached = self._choices_cache
        if cached is not None and cached[0] == self._seq:
            return cached[1]
        listed = self._compute_choices()
        self._choices_cache = (self._seq, listed)
        return listed

    def _compute_choices(self) -> list[tuple[ChoiceView, Choice]]:
        node = self.current_node
        out: list[tuple[ChoiceView, Choice]] = []
        env = _Env(self)
        for choice in node.choices:
            if choice.once and (node.id, choice.id) in self._once_used:
                continue
            enabled = True
            if choice.condition is not None:
                enabled = holds(choice.condition, env)
            if not enabled and (choice.reason is None or self.mode == "examen"):
                continue
            view = ChoiceView(number=len(out) + 1, id=choice.id,
                              text=self._render(choice.text.value), enabled=enabled,
                              reason=None if enabled else choice.reason)
            out.append((view, choice))
        return out

    def _resolve_choice(self, ref: str | int) -> tuple[Choice, int]:
        listed = self._listed_choices()
        if not listed:
            raise EngineError("aucun choix n'est proposé ici")
        found: tuple[ChoiceView, Choice] | None = None
        key = ref.strip() if isinstance(ref, str) else ref
        if (isinstance(key, int) and not isinstance(key, bool)) or (
                isinstance(key, str) and key.isascii() and key.isdigit()):
            number = int(key)
            if not 1 <= number <= len(listed):
                raise EngineError(f"choix n° {number} inexistant (1 à {len(listed)})")
            found = listed[number - 1]
        else:
            for view, choice in listed:
                if choice.id == key:
                    found = (view, choice)
                    break
            if found is None:
                ids = ", ".join(v.id for v, _ in listed)
                raise EngineError(f"choix « {key} » non proposé ici (choix : {ids})")
        view, choice = found
        if not view.enabled:
            raise EngineError(f"choix « {choice.id} » indisponible : {view.reason}")
        return choice, view.number

    def _closest_choice(self, text: str) -> str:
        from rapidfuzz import fuzz

        from simulator.engine.tasks import fold

        enabled = [v for v, _ in self._listed_choices() if v.enabled]
        if not enabled:
            raise EngineError("aucun choix n'est proposé ici")
        scores = [fuzz.token_set_ratio(fold(text), fold(v.text)) for v in enabled]
        return enabled[scores.index(max(scores))].id

    def _record_choice(self, choice: Choice, number: int) -> None:
        node = self.current_node
        self._emit("choice_made", {"node": node.id, "choice": choice.id, "number": number,
                                   "text": self._render(choice.text.value),
                                   "acts": list(choice.acts)})
        if self._timer_check():
            return
        if choice.once:
            self._once_used.add((node.id, choice.id))
        self._apply_effects(choice.effects, f"choix {node.id}.{choice.id}")
        for need in choice.reveals:
            self._reveal(need)
        for ev in choice.evidence:
            self._emit("evidence", {"criterion": ev.criterion, "weight": ev.weight,
                                    "justification": ev.justification, "source": "choice",
                                    "node": node.id, "choice": choice.id})
        if choice.coach and self.mode == "entrainement":
            self._feedback_line(node.id, self._render(choice.coach))
        if node.kind == "negociation" and "agressif" in choice.acts and self._neg is not None:
            self._neg.patience -= 1
            if self._neg.patience <= 0:
                neg = self._neg
                self._emit("offer_received", {
                    "node": neg.node, "round": neg.round,
                    "offer": neg.client_offer or {}, "utility": 0.0, "aspiration": 0.0,
                    "decision": "break", "insult": True, "patience": neg.patience})
                self._client_says(neg, "break", neg.client_offer or {}, True)
                self._go(self._negotiation_exit(False), BREAK)
                return
        if choice.next is None:
            if node.kind != "negociation":
                raise ScenarioRuntimeError(f"le choix « {choice.id} » n'a pas de suite",
                                           choice.pos)
            self._show_choices(node)
            return
        target = self._resolve_next(choice.next, f"{node.id}.{choice.id}")
        self._go(target, choice_trigger(choice.id, target))

    def _apply_effects(self, effects: tuple[Expression, ...], cause: str) -> None:
        for effect in effects:
            env = _Env(self)
            from simulator.engine.evaluate import target_of

            name = target_of(effect)
            if name not in self.scenario.variables:
                raise ScenarioRuntimeError(f"variable non déclarée « {name} »", effect.pos)
            old = self._vars[name]
            _, new = assignment(effect, old, env)
            new = _typed(self.scenario.variables[name].type, name, new, effect)
            if new != old or type(new) is not type(old):
                self._vars[name] = new
                self._emit("variable_changed", {"name": name, "old": old, "new": new,
                                                "cause": cause})

    def _reveal(self, need_id: str) -> None:
        if need_id in self._revealed:
            return
        persona = self.scenario.persona
        text = ""
        if persona is not None:
            for need in persona.hidden_needs:
                if need.id == need_id:
                    text = self._render(need.text)
        self._revealed.append(need_id)
        self._emit("need_revealed", {"need": need_id, "text": text})

    def _feedback_line(self, node_id: str, text: str) -> None:
        self._feedback.append(text)
        self._emit("feedback_shown", {"node": node_id, "text": text})

    # -- moving ----------------------------------------------------------------------------
    def _resolve_next(self, nxt: Next, key: str) -> str:
        env = _Env(self)
        if nxt.target is not None:
            return nxt.target
        if nxt.branches:
            for branch in nxt.branches:
                if branch.condition is None or holds(branch.condition, env):
                    return branch.target
            raise ScenarioRuntimeError("aucune branche de la suite ne s'applique (ajoutez une "
                                       "dernière branche sans « si »)", nxt.pos)
        if nxt.random:
            count = self._counters.random.get(key, 0)
            self._counters.random[key] = count + 1
            rng = rng_for(self.seed, f"aleatoire:{key}:{count}")
            weights = [max(0.0, w.weight) for w in nxt.random]
            if sum(weights) <= 0:
                raise ScenarioRuntimeError("poids aléatoires tous nuls", nxt.pos)
            return rng.choices([w.target for w in nxt.random], weights=weights)[0]
        if nxt.draw:
            order = self._counters.draws.get(key)
            if order is None:
                order = list(nxt.draw)
                rng_for(self.seed, f"tirage:{key}").shuffle(order)
                self._counters.draws[key] = order
            for target in order:
                if self._visits.get(target, 0) == 0:
                    return target
            if nxt.otherwise is None:
                raise ScenarioRuntimeError("tirage épuisé et aucune suite « sinon »", nxt.pos)
            return nxt.otherwise
        if nxt.otherwise is not None:
            return nxt.otherwise
        raise ScenarioRuntimeError("suite vide", nxt.pos)

    def _go(self, target: str, trigger: str) -> None:
        if target not in self.scenario.nodes:
            raise ScenarioRuntimeError(f"nœud inconnu « {target} »", self.current_node.pos)
        self._model.trigger(trigger)
        self._enter(target)

    def _enter(self, node_id: str, first: bool = False) -> None:
        node = self.scenario.nodes[node_id]
        self._current = node_id
        if node.kind != "negociation":
            self._neg = None
        self._visits[node_id] = self._visits.get(node_id, 0) + 1
        self._emit("node_entered", {"node": node_id, "kind": node.kind,
                                    "visit": self._visits[node_id]})
        line = self._line(node)
        self._last_line[node_id] = line
        if node.kind == "fin":
            if line:
                self._emit("client_line", {"node": node_id, "speaker": node.speaker,
                                           "text": line})
            self.ended = True
            self.outcome = node.outcome or "abandon"
            self._emit("session_ended", {"node": node_id, "outcome": self.outcome,
                                         "text": line})
            return
        if line:
            self._emit("client_line", {"node": node_id, "speaker": node.speaker, "text": line})
        if node.kind == "tache":
            if node.instructions is not None:
                self._emit("client_line", {"node": node_id, "speaker": node.speaker,
                                           "text": self._render(node.instructions.value)})
            return
        if node.kind == "negociation":
            self._start_negotiation(node)
        self._show_choices(node)

    def _show_choices(self, node: Node) -> None:
        if node.kind == "negociation" and not node.choices:
            return
        listed = self._listed_choices()
        self._emit("choices_shown", {"node": node.id, "choices": [
            {"id": v.id, "text": v.text, "enabled": v.enabled, "reason": v.reason}
            for v, _ in listed]})
        self._choices_cache = (self._seq, listed)    # showing them changed nothing

    def _line(self, node: Node) -> str:
        """Reaction, else variant, else the node's text; placeholders filled."""
        env = _Env(self)
        for reaction in node.reactions:
            if holds(reaction.condition, env):
                return self._render(reaction.text.value)
        if node.variants is not None and node.variants.texts:
            texts = node.variants.texts
            visit = self._visits[node.id]
            mode = node.variants.mode
            chosen = None
            if mode == "aleatoire":
                chosen = texts[rng_for(self.seed, f"variante:{node.id}:{visit}")
                               .randrange(len(texts))]
            elif mode == "sequence":
                chosen = texts[min(visit - 1, len(texts) - 1)]
            elif visit - 1 < len(texts):
                chosen = texts[visit - 1]
            if chosen is not None:
                return self._render(chosen.value)
        if node.text is not None:
            return self._render(node.text.value)
        return ""

    def _render(self, template: str) -> str:
        """Fill placeholders; templates reading only session constants are cached."""
        cached = self._static_texts.get(template)
        if cached is not None:
            return cached
        text = render(template, _Env(self).lookup)
        roots = {m.group(1).split(".")[0] for m in PLACEHOLDER.finditer(template)
                 if m.group(1)}
        if not roots & (set(self._vars) | {"produit"}):
            self._static_texts[template] = text
        return text

    # -- negotiation -----------------------------------------------------------------------
    def _require_negotiation(self) -> _Negotiation:
        if self.current_node.kind != "negociation" or self._neg is None:
            raise EngineError("aucune négociation en cours")
        return self._neg

    def _start_negotiation(self, node: Node) -> None:
        tactics = node.client
        if tactics is None:
            raise ScenarioRuntimeError("nœud de négociation sans « client »", node.pos)
        product = self._world.product(node.product)
        if product is None:
            raise ScenarioRuntimeError(f"produit inconnu « {node.product} » dans le dossier",
                                       node.pos)
        model = nego.ClientModel.build(tactics.opening, tactics.reservation, tactics.weights,
                                       tactics.tactic, tactics.e, tactics.max_rounds)
        patience = self.scenario.persona.patience if self.scenario.persona else 3
        neg = _Negotiation(node=node.id, model=model, product=product,
                           quantity=int(node.quantity), patience=patience)
        self._neg = neg
        neg.client_offer = self._client_offer(neg, model.target(0))
        self._emit("offer_received", {
            "node": node.id, "round": 0, "offer": neg.client_offer, "utility": 1.0,
            "aspiration": 1.0, "decision": "counter", "insult": False,
            "patience": neg.patience})

    def _standard_terms(self, neg: _Negotiation) -> dict[str, float]:
        seller = self._world.seller()
        return {
            "prix_unitaire": float(neg.product.get("prix_liste", 0) or 0),
            "remise": 0.0,
            "quantite": float(neg.quantity),
            "delai_paiement": float(seller.get("delai_paiement_standard", 30) or 30),
            "livraison": float(neg.product.get("delai_livraison", 0) or 0),
            "services": 0.0,
        }

    def _complete_offer(self, neg: _Negotiation, offer: dict[str, Any]) -> dict[str, float]:
        if not isinstance(offer, dict) or not offer:
            raise EngineError("une offre précise au moins un élément (remise, délai…)")
        base = dict(neg.last_offer or self._standard_terms(neg))
        for key, value in offer.items():
            if key not in OFFER_ISSUES:
                raise EngineError(f"élément d'offre inconnu « {key} » (éléments : "
                                  f"{', '.join(OFFER_ISSUES)})")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise EngineError(f"« {key} » doit être un nombre")
            number = _as_float(value)
            if number is None or number > MAX_OFFER_VALUE:
                raise EngineError(f"« {key} » : nombre non fini ou démesuré, refusé")
            if number < 0 or (key == "remise" and number > 100):
                raise EngineError(f"valeur impossible pour « {key} » : {show(value)}")
            base[key] = number
        if base["quantite"] <= 0:
            raise EngineError("la quantité doit être positive")
        return {k: _clean(base[k]) for k in OFFER_ISSUES}

    def _offer_facts(self, neg: _Negotiation, offer: dict[str, float]) -> dict[str, Any]:
        product = neg.product
        list_price = float(product.get("prix_liste", 0) or 0)
        m = nego.margin(list_price, float(product.get("cout_unitaire", 0) or 0),
                        float(product.get("prix_plancher", 0) or 0),
                        offer["prix_unitaire"], offer["remise"], offer["quantite"])
        limit = float(self._world.seller().get("remise_max", 0) or 0)
        node = self.current_node
        manager_ok = (node.manager_agreement is not None
                      and holds(node.manager_agreement, _Env(self)))
        exceeded = m["remise_effective"] > limit + 1e-9 and not manager_ok
        below = m["ecart_plancher"] < -1e-9
        return {"margin": m, "authority_exceeded": exceeded, "below_floor": below,
                "remise_max": limit, "manager_agreement": manager_ok}

    def _offer_evidence(self, facts: dict[str, Any], offer: dict[str, float]) -> None:
        node = self._current
        m = facts["margin"]
        if facts["authority_exceeded"]:
            text = (f"Remise de {show(m['remise_effective'])} % au-delà de la délégation "
                    f"({show(facts['remise_max'])} %) sans l'accord du responsable.")
            self._emit("evidence", {"criterion": "C3.4", "weight": -1, "justification": text,
                                    "source": "offer", "node": node, "choice": None})
            if self.mode == "entrainement":
                self._feedback_line(node, text)
        if facts["below_floor"]:
            text = (f"Prix net de {show(m['prix_net'])} € sous le prix plancher "
                    f"(écart {show(m['ecart_plancher'])} €).")
            self._emit("evidence", {"criterion": "C3.4", "weight": -1, "justification": text,
                                    "source": "offer", "node": node, "choice": None})
            if self.mode == "entrainement":
                self._feedback_line(node, text)

    @staticmethod
    def _concessions(previous: dict[str, float] | None,
                     offer: dict[str, float]) -> dict[str, list[str]]:
        """Issues moved in the client's favour (concessions) or the seller's (counterparts)."""
        if previous is None:
            return {"concessions": [], "counterparts": []}
        client_better = {"prix_unitaire": -1, "remise": 1, "delai_paiement": 1,
                         "livraison": -1, "services": 1, "quantite": -1}
        concessions, counterparts = [], []
        for issue, sign in client_better.items():
            delta = (offer[issue] - previous[issue]) * sign
            if delta > 1e-9:
                concessions.append(issue)
            elif delta < -1e-9:
                counterparts.append(issue)
        return {"concessions": concessions, "counterparts": counterparts}

    def _client_values(self, neg: _Negotiation, offer: dict[str, float]) -> dict[str, float]:
        list_price = float(neg.product.get("prix_liste", 0) or 0)
        net = offer["prix_unitaire"] * (1 - offer["remise"] / 100)
        effective = (1 - net / list_price) * 100 if list_price else offer["remise"]
        return {"remise": effective, "delai_paiement": offer["delai_paiement"],
                "livraison": offer["livraison"], "services": offer["services"],
                "quantite": offer["quantite"]}

    def _client_offer(self, neg: _Negotiation, target: dict[str, float]) -> dict[str, float]:
        base = self._standard_terms(neg)
        for issue, value in target.items():
            base[issue] = value
        return {k: _clean(base[k]) for k in OFFER_ISSUES}

    def _client_says(self, neg: _Negotiation, decision: str, offer: dict[str, float],
                     insult: bool) -> None:
        if decision == "accept":
            text = "C'est d'accord, nous avons un accord."
        elif decision == "break":
            text = "Nous n'arriverons pas à nous entendre : je préfère en rester là."
        else:
            from simulator.engine.transcript import describe_offer

            lead = "Vous plaisantez ? " if insult else "Ce n'est pas suffisant. "
            text = f"{lead}Ma proposition : {describe_offer(offer, neg.model.weights)}."
        self._emit("client_line", {"node": neg.node, "speaker": self.current_node.speaker,
                                   "text": text})

    def _negotiation_exit(self, agreed: bool) -> str:
        node = self.current_node
        target = node.on_agreement if agreed else node.on_break
        if target is None:
            which = "accord" if agreed else "rupture"
            raise ScenarioRuntimeError(f"négociation sans suite « {which} »", node.pos)
        return target

    def _negotiation_view(self) -> NegotiationView | None:
        neg = self._neg
        if neg is None or self.current_node.kind != "negociation":
            return None
        p = neg.product
        return NegotiationView(
            product=p, quantity=neg.quantity, round=neg.round,
            max_rounds=neg.model.max_rounds,
            list_price=float(p.get("prix_liste", 0) or 0),
            floor_price=float(p.get("prix_plancher", 0) or 0),
            unit_cost=float(p.get("cout_unitaire", 0) or 0),
            max_discount=float(self._world.seller().get("remise_max", 0) or 0),
            client_offer=neg.client_offer, last_offer=neg.last_offer, patience=neg.patience,
            agreement=neg.agreement)

    # -- tasks -----------------------------------------------------------------------------
    def _field_view(self, f: TaskField) -> FieldView:
        rows: tuple[dict[str, Any], ...] = ()
        if f.kind in ("selection", "tournee") and f.source:
            rows = tuple(self._world.collection(f.source))
        return FieldView(id=f.id, kind=f.kind, label=self._render(f.label),
                         options=f.options, rows=rows)

    def node_rows(self, f: TaskField) -> list[dict[str, Any]]:
        """Rows of the world collection a selection / route field works on."""
        return self._world.collection(f.source or "visites")

    def expected(self, f: TaskField) -> object:
        """The expected answer of a field, computed from the world snapshot."""
        env = _Env(self)
        if f.kind in ("nombre", "choix"):
            if f.expected is None:
                raise ScenarioRuntimeError(f"champ « {f.id} » sans « attendu »", f.pos)
            return evaluate(f.expected, env)
        if f.kind == "texte":
            return list(f.keywords)
        if f.kind == "selection":
            if f.expected_if is None or not f.source:
                raise ScenarioRuntimeError(f"champ « {f.id} » : source et attendu_si requis",
                                           f.pos)
            out = []
            for row in self._world.collection(f.source):
                if holds(f.expected_if, _Env(self, {"ligne": row})):
                    out.append(str(row.get("id")))
            return out
        if f.kind == "tournee":
            ids = [str(r.get("id")) for r in self._world.collection(f.source or "visites")]
            return self._world.optimal_route(ids)
        raise ScenarioRuntimeError(f"type de champ inconnu « {f.kind} »", f.pos)

    def _grade(self, f: TaskField, given: object) -> dict[str, Any]:
        expected = self.expected(f)
        extra: dict[str, Any] = {}
        if f.kind == "nombre":
            ok, detail = grade_number(given, expected, f.tolerance, f.tolerance_relative)
        elif f.kind == "choix":
            ok, detail = grade_choice(given, expected)
        elif f.kind == "texte":
            ok, detail, missing = grade_text(given, f.keywords)
            extra["missing"] = missing
        elif f.kind == "selection":
            assert isinstance(expected, list)
            ok, scores, detail = grade_selection(given, expected)
            extra.update(scores)
        else:
            assert isinstance(expected, dict)
            km = self._world.route_km_for(given, f.source or "visites")
            ok, ratio, detail = grade_route(km, float(expected["km"]))
            extra.update({"km": None if km is None else round(km, 2),
                          "optimum_km": round(float(expected["km"]), 2),
                          "ratio": round(ratio, 4)})
            expected = expected["order"]
        return {"expected": _jsonable(expected), "ok": ok, "detail": detail, **extra}

    # -- events ----------------------------------------------------------------------------
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
        self._last_free_text = kind == "free_text"
        if line is not None:
            self._transcript.append(line)
        for callback in self._listeners:
            callback(event)
        return event


def recorded_path(path: str) -> str:
    """The scenario path as stored in a log header: absolute, so that `replay --verify`
    and scoring find the file from any working directory."""
    if not path:
        return path
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)


def _as_float(value: int | float) -> float | None:
    """`value` as a finite float, None when it is NaN, infinite or too big for a float."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _finite(value: object) -> bool:
    """False when a NaN or an infinity hides in `value` (JSON cannot record them)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True


def _clean(value: float) -> float | int:
    """Whole numbers as int (stable JSON, readable logs)."""
    if float(value).is_integer():
        return int(value)
    return round(float(value), 4)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _typed(kind: str, name: str, value: object, effect: Expression) -> Value:
    """Check an effect's result against the variable's declared type."""
    if kind == "entier":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            return int(value)
        expected = "un entier"
    elif kind == "decimal":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        expected = "un nombre décimal"
    elif kind == "booleen":
        if isinstance(value, bool):
            return value
        expected = "un booléen (vrai/faux)"
    else:
        if isinstance(value, str):
            return value
        expected = "un texte"
    raise ScenarioRuntimeError(
        f"type incorrect : « {name} » attend {expected}, l'effet « {effect.source} » donne "
        f"{show(value)!r}", effect.pos)


def referential_version(ref_id: str) -> str:
    """Version of the referential file scoring/referentiels/<id>.yaml ('' if unknown)."""
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids(ref_id)
    return ref.version if ref is not None else ""


def build_world(scenario: Scenario, seed: int) -> dict[str, Any]:
    """Generate the world for a scenario and merge the client roles into it."""
    try:
        world = _world_api("generate_world")(seed, dossier=scenario.seller)
        return json_native(with_roles(world, scenario, seed))
    except ValueError as exc:        # WorldError and DossierError carry French messages
        raise EngineError(f"monde impossible à générer : {exc}") from None


def json_native(world: dict[str, Any]) -> dict[str, Any]:
    """The snapshot exactly as a replay will read it back from the log (JSON round trip),
    so that live play and replay see the same values in the same order."""
    import json

    return dict(json.loads(json.dumps(world, sort_keys=True, ensure_ascii=False)))


def with_roles(world: dict[str, Any], scenario: Scenario, seed: int) -> dict[str, Any]:
    """The snapshot with `client`, `contact`, `barrage` picked by the scenario's filters."""
    roles = _world_api("pick_roles")(world, dict(scenario.client_filters), seed)
    return {**world, **roles}


def _world_api(name: str) -> Any:
    """A function of `simulator.world` (imported late: the generator is heavy)."""
    import importlib

    func = getattr(importlib.import_module("simulator.world"), name, None)
    if func is None:
        raise EngineError(f"le générateur de territoire n'est pas disponible ({name})")
    return func
