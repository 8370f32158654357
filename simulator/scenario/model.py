"""The scenario model: what a loaded, typed scenario looks like in memory.

Every object keeps the source position it came from (`pos`) so that the checker, the engine
and the test runner can point the author at `file:line:col`. Objects are frozen: a scenario
is data, the engine keeps all mutable state in the session.
The YAML syntax that produces these objects is documented in `scenarios/GUIDE.md` and
`docs/CONTRACTS.md` §1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

VarType = Literal["entier", "decimal", "booleen", "texte"]
Value = int | float | bool | str
NodeKind = Literal["dialogue", "negociation", "tache", "fin"]
Speaker = Literal["client", "barrage", "jury", "manager", "narrateur"]
VariantMode = Literal["aleatoire", "sequence", "une_fois"]
Outcome = Literal["succes", "echec", "partiel", "abandon"]
FieldKind = Literal["nombre", "choix", "texte", "selection", "tournee"]
Tactic = Literal["boulware", "conceder", "lineaire"]
Mode = Literal["entrainement", "examen"]

NODE_KINDS: tuple[str, ...] = ("dialogue", "negociation", "tache", "fin")
SPEAKERS: tuple[str, ...] = ("client", "barrage", "jury", "manager", "narrateur")
OUTCOMES: tuple[str, ...] = ("succes", "echec", "partiel", "abandon")
SONCAS: tuple[str, ...] = (
    "securite", "orgueil", "nouveaute", "confort", "argent", "sympathie", "environnement",
)
# Dialogue acts, in the order of a sales interview (ids are data: scenarios, logs and the
# training files under scenarios/actes/ use them).
ACTS: tuple[str, ...] = (
    "salutation", "presentation", "raison_appel", "demande_interlocuteur", "question_ouverte",
    "question_fermee", "question_alternative", "ecoute", "reformulation", "argumentation",
    "preuve", "traitement_objection", "proposition_rdv", "annonce_prix", "concession",
    "demande_contrepartie", "demande_accord_manager", "conclusion", "confirmation", "relance",
    "prise_de_conge", "agressif", "hors_sujet",
)
# Former ids still accepted in scenarios and logs, read as their current act.
ACT_ALIASES: dict[str, str] = {"argument": "argumentation",
                               "contrepartie": "demande_contrepartie"}
SPEECH_ACTS: frozenset[str] = frozenset(ACTS) | frozenset(ACT_ALIASES)


def canonical_act(act: str) -> str:
    """The current id of an act (aliases resolved; unknown ids are returned unchanged)."""
    return ACT_ALIASES.get(act, act)


# Issues of a negotiation offer, in display order.
OFFER_ISSUES: tuple[str, ...] = (
    "prix_unitaire", "remise", "quantite", "delai_paiement", "livraison", "services",
)
# Counterparts a seller may ask for in exchange of a concession (« si… alors… »): the ids an
# offer's `contreparties` lists, with their French label. Defined here once (engine, NLU,
# scoring and the TUI read it).
COUNTERPARTS: dict[str, str] = {
    "commande_ferme": "commande ferme (signature aujourd'hui)",
    "volume": "volume supérieur",
    "duree_engagement": "engagement pluriannuel",
    "acompte": "acompte à la commande",
    "reference_client": "référence client (témoignage, visite de site)",
    "contrat_maintenance": "contrat de maintenance",
    "paiement_comptant": "paiement comptant",
}


@dataclass(frozen=True)
class Pos:
    """A 1-based source position."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Text:
    """A line of text that may contain `{placeholders}`."""

    value: str
    pos: Pos


@dataclass(frozen=True)
class Expression:
    """Source of an expression plus where it starts (for column-precise errors)."""

    source: str
    pos: Pos


@dataclass(frozen=True)
class Variable:
    name: str
    type: VarType
    initial: Value
    pos: Pos


@dataclass(frozen=True)
class Evidence:
    """Authored evidence: a criterion of the referential, a signed weight, a justification."""

    criterion: str
    weight: int
    justification: str
    pos: Pos
    blocking: bool = False      # `bloquant: true`: a fault that fails the criterion whatever else


@dataclass(frozen=True)
class Branch:
    """One arm of a conditional `suite`: `condition` None means "otherwise"."""

    target: str
    condition: Expression | None
    pos: Pos


@dataclass(frozen=True)
class WeightedTarget:
    target: str
    weight: float
    pos: Pos


@dataclass(frozen=True)
class Next:
    """Where a choice (or a task) leads. Exactly one of the forms is used.

    - `target`: a plain node id;
    - `branches`: first branch whose condition holds (last may be unconditional);
    - `random`: seeded weighted draw;
    - `draw` + `otherwise`: next not-yet-visited node of `draw` in a seeded order.
    """

    pos: Pos
    target: str | None = None
    branches: tuple[Branch, ...] = ()
    random: tuple[WeightedTarget, ...] = ()
    draw: tuple[str, ...] = ()
    draw_pos: tuple[Pos, ...] = ()
    otherwise: str | None = None

    def targets(self) -> list[tuple[str, Pos]]:
        """Every node id this can lead to, with the position naming it."""
        out: list[tuple[str, Pos]] = []
        if self.target is not None:
            out.append((self.target, self.pos))
        out.extend((b.target, b.pos) for b in self.branches)
        out.extend((w.target, w.pos) for w in self.random)
        out.extend(zip(self.draw, self.draw_pos, strict=True))
        if self.otherwise is not None:
            out.append((self.otherwise, self.pos))
        return out


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text
    pos: Pos
    next: Next | None = None          # None is allowed only in negotiation nodes
    condition: Expression | None = None
    reason: str | None = None         # shown disabled with this reason when condition false
    once: bool = False
    acts: tuple[str, ...] = ()
    effects: tuple[Expression, ...] = ()
    reveals: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    coach: str | None = None
    reply: Text | None = None         # the client's answer, said before the next node's line
    examples: tuple[Text, ...] = ()      # trainer's phrasings that mean this choice
    patterns: tuple[ChoicePattern, ...] = ()
    last: bool = False                # `en_dernier`: listed after the shuffled ones, in order


@dataclass(frozen=True)
class ChoicePattern:
    """A trainer's regular expression (on accent-free lower-case text) pointing at a choice."""

    regex: str
    weight: float
    pos: Pos


@dataclass(frozen=True)
class Reaction:
    condition: Expression
    text: Text
    pos: Pos


@dataclass(frozen=True)
class Variants:
    mode: VariantMode
    texts: tuple[Text, ...]
    pos: Pos


@dataclass(frozen=True)
class ClientTactics:
    """Time-dependent concession behaviour of the client (Faratin et al. 1998)."""

    tactic: Tactic
    e: float | None
    max_rounds: int
    weights: dict[str, float]
    opening: dict[str, float]
    reservation: dict[str, float]
    pos: Pos


@dataclass(frozen=True)
class ExpectedFigure:
    """A figure a free-text answer must state (`chiffres:` of a `texte` field)."""

    expected: Expression
    label: str
    pos: Pos
    tolerance: float | None = None            # as TaskField.tolerance
    tolerance_relative: bool = False


@dataclass(frozen=True)
class TaskField:
    id: str
    kind: FieldKind
    label: str
    pos: Pos
    expected: Expression | None = None        # nombre, choix
    tolerance: float | None = None            # absolute, or relative when tolerance_relative
    #                                           (relative is a fraction: "1 %" -> 0.01)
    tolerance_relative: bool = False
    options: tuple[str, ...] = ()             # choix
    keywords: tuple[str, ...] = ()            # texte
    figures: tuple[ExpectedFigure, ...] = ()  # texte: figures the text must state
    source: str | None = None                 # selection, tournee: world collection
    expected_if: Expression | None = None     # selection: per-row condition on `ligne`
    criterion: str | None = None              # evidence for right (+1) / wrong (-1)
    coach: str | None = None                  # advice shown in training when the answer is wrong


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    pos: Pos
    speaker: Speaker = "client"
    text: Text | None = None
    variants: Variants | None = None
    reactions: tuple[Reaction, ...] = ()
    choices: tuple[Choice, ...] = ()
    fixed_order: bool = False                 # `ordre: fixe`: choices keep the authored order
    # negociation
    product: str | None = None
    quantity: int = 1
    client: ClientTactics | None = None
    manager_agreement: Expression | None = None
    on_agreement: str | None = None
    on_break: str | None = None
    # tache
    instructions: Text | None = None
    fields: tuple[TaskField, ...] = ()
    next: Next | None = None
    # fin
    outcome: Outcome | None = None
    origin: str | None = None                 # fragment path the node came from, if any


@dataclass(frozen=True)
class HiddenNeed:
    id: str
    text: str
    pos: Pos


@dataclass(frozen=True)
class Objection:
    id: str
    text: str
    pos: Pos


@dataclass(frozen=True)
class Persona:
    role: Text | None
    motives: tuple[str, ...]
    patience: int
    mood: str
    hidden_needs: tuple[HiddenNeed, ...]
    objections: tuple[Objection, ...]
    pos: Pos


@dataclass(frozen=True)
class Timer:
    limit_ms: int
    expiry: str
    modes: tuple[str, ...]
    pos: Pos


@dataclass(frozen=True)
class TestStep:
    """One step of a test plan: `action` is choisir|dire|offrir|accepter|rompre|repondre."""

    action: str
    value: object
    pos: Pos


@dataclass(frozen=True)
class TestExpectation:
    """What a test plan checks at its end.

    `evidence` items: "C1.2" positive evidence given, "-C1.2" negative evidence given,
    "!C1.2" no unfavourable evidence (negative or blocking) at all. `criteria` maps a
    criterion to the decision scoring must reach; `blocking` (when given) is the exact set
    of criteria with a blocking fault (empty: none).
    """

    node: str | None
    outcome: str | None
    variables: dict[str, Value]
    evidence: tuple[str, ...]
    pos: Pos
    criteria: dict[str, str] = field(default_factory=dict)
    blocking: tuple[str, ...] | None = None
    positions: dict[str, Pos] = field(default_factory=dict)    # "criteres.C3.4", "preuves.0"…


@dataclass(frozen=True)
class TestPlan:
    name: str
    seed: int
    mode: Mode
    steps: tuple[TestStep, ...]
    expect: TestExpectation | None
    pos: Pos


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    version: str
    referential: str
    competences: tuple[str, ...]
    duration_min: int
    difficulty: str
    seller: str | None
    client_filters: dict[str, object]
    brief: Text | None
    persona: Persona | None
    variables: dict[str, Variable]
    start: str
    nodes: dict[str, Node]
    tests: tuple[TestPlan, ...]
    path: str
    sha256: str                                # of the canonical content (with fragments)
    timer: Timer | None = None
    includes: tuple[str, ...] = ()
    pos: Pos = field(default_factory=lambda: Pos("", 1, 1))
    # Source positions of values that have no object of their own, for the checker:
    # "debut", "referentiel", "dossier_vendeur", "competences.<i>",
    # "noeuds.<id>.produit", "noeuds.<id>.suites.accord", "noeuds.<id>.suites.rupture".
    positions: dict[str, Pos] = field(default_factory=dict)
    # Root causes, so checks do not report what follows from them: ids of nodes and
    # variables whose definition has an error, and whether an included fragment could not
    # be read (its nodes and variables are then unknown).
    damaged: frozenset[str] = frozenset()
    damaged_variables: frozenset[str] = frozenset()
    incomplete: bool = False
    damaged_sections: frozenset[str] = frozenset()    # top-level keys holding an error

    @property
    def follow_on(self) -> bool:
        """Whether the graph and the names may be missing parts (checks hold back)."""
        return self.incomplete or bool(self.damaged)
