"""The referential as data: loading, schema validation (French errors) and lookup.

A referential is `scoring/referentiels/<id>.yaml`; dropping a new file there makes it
available without code change. Criteria may list, in `correspond`, the criteria of another
referential (`correspondance_de`) whose evidence they take over: scenarios written against
TP-00338 can then be scored against the 2024 title.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.datadir import data_dir, write_cache_file
from simulator.french.grammar import count_word

DEFAULT_REFERENTIAL = "TP-00338"
REFERENTIALS_DIR = Path(__file__).resolve().parent / "referentiels"

_CRITERION_ID = re.compile(r"^C\d+\.\d+$")
_COMPETENCE_ID = re.compile(r"^C\d+$")
_CCP_ID = re.compile(r"^CCP\d+$")
_REF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_TOP_KEYS = {"id": True, "titre": True, "version": True, "ccp": True, "source": False,
             "avertissement": False, "correspondance_de": False}
_CCP_KEYS = {"id": True, "titre": True, "competences": True}
_COMP_KEYS = {"id": True, "titre": True, "criteres": True}
_CRIT_KEYS = {"id": True, "libelle": True, "observe": True, "correspond": False}

MIN_CRITERIA = 3
MAX_CRITERIA = 6


class ReferentialError(Exception):
    """A referential that cannot be used; the message is French and names the file."""


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    observed: str
    competence: str
    ccp: str
    maps_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Competence:
    id: str
    title: str
    ccp: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class CCP:
    id: str
    title: str
    competences: tuple[Competence, ...]


@dataclass(frozen=True)
class Referential:
    id: str
    title: str
    version: str
    source: str
    warning: str
    maps_from: str | None
    ccps: tuple[CCP, ...]
    path: str
    criteria: dict[str, Criterion] = field(default_factory=dict)
    competences: dict[str, Competence] = field(default_factory=dict)

    def translate(self, criterion: str, native: str) -> tuple[str, ...]:
        """Criteria of this referential that evidence on `criterion` of `native` counts for."""
        if native == self.id:
            return (criterion,) if criterion in self.criteria else ()
        if self.maps_from != native:
            return ()
        return self._reverse().get(criterion, ())

    def _reverse(self) -> dict[str, tuple[str, ...]]:
        cached: dict[str, tuple[str, ...]] | None = getattr(self, "_reverse_cache", None)
        if cached is None:
            rev: dict[str, list[str]] = {}
            for crit in self.criteria.values():
                for src in crit.maps_from:
                    rev.setdefault(src, []).append(crit.id)
            cached = {k: tuple(sorted(v, key=criterion_sort_key)) for k, v in rev.items()}
            object.__setattr__(self, "_reverse_cache", cached)
        return cached


def criterion_sort_key(cid: str) -> tuple[int, ...]:
    """Natural order of ids like C1.10 after C1.9; CCP2 after CCP1."""
    nums = re.findall(r"\d+", cid)
    return tuple(int(n) for n in nums) if nums else (10**9,)


def available_referentials(directory: Path | None = None) -> list[str]:
    """Ids of the referential files available (sorted)."""
    folder = directory or REFERENTIALS_DIR
    return sorted(p.stem for p in folder.glob("*.yaml"))


def load_referential(ref_id: str = DEFAULT_REFERENTIAL,
                     directory: Path | None = None) -> Referential:
    """Load and validate `<directory>/<ref_id>.yaml` (cached per file state)."""
    folder = directory or REFERENTIALS_DIR
    path = folder / f"{ref_id}.yaml"
    if not _REF_ID.match(ref_id) or not path.is_file():
        known = ", ".join(available_referentials(folder)) or "aucun"
        raise ReferentialError(
            f"référentiel inconnu « {ref_id} » ; référentiels disponibles : {known}.")
    stat = path.stat()
    ref = _load_cached(str(path), stat.st_mtime_ns, stat.st_size)
    if ref.maps_from and ref.maps_from != ref.id:
        _check_mapping(ref, folder)
    return ref


def _check_mapping(ref: Referential, folder: Path) -> None:
    """Every `correspond` id must name a criterion of the `correspondance_de` referential."""
    if not (folder / f"{ref.maps_from}.yaml").is_file():
        raise ReferentialError(f"{ref.path}: « correspondance_de » : référentiel "
                               f"« {ref.maps_from} » introuvable.")
    source = load_referential(str(ref.maps_from), folder)
    bad = [f"{crit.id} → {src}" for crit in ref.criteria.values() for src in crit.maps_from
           if src not in source.criteria]
    if bad:
        raise ReferentialError(f"{ref.path}: « correspond » nomme des critères absents de "
                               f"{source.id} : {', '.join(bad)}.")


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime_ns: int, size: int) -> Referential:
    del mtime_ns, size
    return parse_referential(Path(path).read_text(encoding="utf-8"), path)


_PARSED = "ntc-referentiel-yaml/1"


def _parsed_file(text: str) -> Path:
    digest = hashlib.sha256(f"{_PARSED}\0".encode() + text.encode("utf-8", "surrogatepass"))
    return data_dir() / "cache" / "referentiels" / f"{digest.hexdigest()}.json"


def _yaml_data(text: str, path: str) -> Any:
    """The YAML tree of a referential's text, kept as JSON by the text's SHA-256 (reading
    it back costs less than importing PyYAML and parsing: `ntc score` loads one every run).
    Only a tree that JSON gives back unchanged is kept; any unreadable entry is a miss."""
    kept = _parsed_file(text)
    try:
        return json.loads(kept.read_bytes())
    except (OSError, ValueError, RecursionError):
        pass
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise ReferentialError(f"{where}: YAML invalide (erreur de syntaxe).") from None
    try:
        body = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return data
    if json.loads(body) == data:
        write_cache_file(kept, body.encode("utf-8"))
    return data


def parse_referential(text: str, path: str) -> Referential:
    """Validate the YAML text of a referential and build it; French errors name the place."""
    data = _yaml_data(text, path)
    errors: list[str] = []
    ref = _build(data, path, errors)
    if errors or ref is None:
        raise ReferentialError("\n".join(f"{path}: {e}" for e in errors))
    return ref


def _check_keys(obj: Any, spec: dict[str, bool], where: str, errors: list[str]) -> bool:
    if not isinstance(obj, dict):
        errors.append(f"{where} : un objet (clé: valeur) est attendu.")
        return False
    for key in obj:
        if key not in spec:
            possible = ", ".join(sorted(spec))
            errors.append(f"{where} : champ inconnu « {key} » (champs possibles : {possible}).")
    for key, required in spec.items():
        if required and key not in obj:
            errors.append(f"{where} : champ obligatoire « {key} » manquant.")
    return True


def _text(obj: dict[str, Any], key: str, where: str, errors: list[str]) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where} : « {key} » doit être un texte non vide (trouvé : {value!r}).")
        return ""
    return value


def _build(data: Any, path: str, errors: list[str]) -> Referential | None:
    if not _check_keys(data, _TOP_KEYS, "racine", errors):
        return None
    ref_id = _text(data, "id", "racine", errors)
    stem = Path(path).stem
    if ref_id and ref_id != stem:
        errors.append(f"racine : l'id « {ref_id} » doit être le nom du fichier « {stem} ».")
    maps_from = data.get("correspondance_de")
    if maps_from is not None and not isinstance(maps_from, str):
        errors.append("racine : « correspondance_de » doit être un id de référentiel.")
        maps_from = None
    ccps: list[CCP] = []
    seen: set[str] = set()
    raw_ccps = data.get("ccp")
    if not isinstance(raw_ccps, list) or not raw_ccps:
        errors.append("racine : « ccp » doit être une liste non vide.")
        raw_ccps = []
    for i, raw in enumerate(raw_ccps, 1):
        ccp = _build_ccp(raw, f"ccp[{i}]", bool(maps_from), seen, errors)
        if ccp is not None:
            ccps.append(ccp)
    criteria = {c.id: c for ccp in ccps for comp in ccp.competences for c in comp.criteria}
    competences = {comp.id: comp for ccp in ccps for comp in ccp.competences}
    return Referential(
        id=ref_id, title=_text(data, "titre", "racine", errors),
        version=_version(data.get("version"), errors),
        source=_text(data, "source", "racine", errors),
        warning=_text(data, "avertissement", "racine", errors),
        maps_from=maps_from, ccps=tuple(ccps), path=path,
        criteria=criteria, competences=competences)


def _version(value: Any, errors: list[str]) -> str:
    if not isinstance(value, str):
        errors.append(f"racine : « version » doit être un texte entre guillemets (trouvé : "
                      f"{value!r}).")
        return str(value)
    return value


def _unique(cid: str, seen: set[str], where: str, errors: list[str]) -> None:
    if cid in seen:
        errors.append(f"{where} : identifiant « {cid} » en double.")
    seen.add(cid)


def _identified(raw: Any, keys: dict[str, bool], where: str, seen: set[str],
                errors: list[str], valid: Callable[[str], bool], form: str) -> str | None:
    """The id of an entry of the referential, its keys, form and uniqueness checked (errors
    appended); None when the entry is not a mapping with the right keys."""
    if not _check_keys(raw, keys, where, errors):
        return None
    cid = _text(raw, "id", where, errors)
    if cid and not valid(cid):
        errors.append(f"{where} : l'id « {cid} » doit avoir la forme {form}")
    _unique(cid, seen, where, errors)
    return cid


def _build_ccp(raw: Any, where: str, mapped: bool, seen: set[str],
               errors: list[str]) -> CCP | None:
    cid = _identified(raw, _CCP_KEYS, where, seen, errors,
                      lambda i: bool(_CCP_ID.match(i)), "CCP1, CCP2…")
    if cid is None:
        return None
    comps: list[Competence] = []
    raw_comps = raw.get("competences")
    if not isinstance(raw_comps, list) or not raw_comps:
        errors.append(f"{where} : « competences » doit être une liste non vide.")
        raw_comps = []
    for j, rc in enumerate(raw_comps, 1):
        comp = _build_competence(rc, f"{where}.competences[{j}]", cid, mapped, seen, errors)
        if comp is not None:
            comps.append(comp)
    return CCP(id=cid, title=_text(raw, "titre", where, errors), competences=tuple(comps))


def _build_competence(raw: Any, where: str, ccp: str, mapped: bool, seen: set[str],
                      errors: list[str]) -> Competence | None:
    cid = _identified(raw, _COMP_KEYS, where, seen, errors,
                      lambda i: bool(_COMPETENCE_ID.match(i)), "C1, C2…")
    if cid is None:
        return None
    raw_crits = raw.get("criteres")
    if not isinstance(raw_crits, list):
        errors.append(f"{where} : « criteres » doit être une liste.")
        raw_crits = []
    elif not MIN_CRITERIA <= len(raw_crits) <= MAX_CRITERIA:
        errors.append(f"{where} : {len(raw_crits)} "
                      f"{count_word(len(raw_crits), 'critère', 'critères')} ; il en faut de "
                      f"{MIN_CRITERIA} à {MAX_CRITERIA} par compétence.")
    crits: list[Criterion] = []
    for k, rk in enumerate(raw_crits, 1):
        sub = f"{where}.criteres[{k}]"
        kid = _identified(rk, _CRIT_KEYS, sub, seen, errors,
                          lambda i: bool(_CRITERION_ID.match(i)) and i.startswith(cid + "."),
                          f"{cid}.1, {cid}.2…")
        if kid is None:
            continue
        maps = rk.get("correspond", [])
        if not isinstance(maps, list) or not all(isinstance(m, str) and _CRITERION_ID.match(m)
                                                 for m in maps):
            errors.append(f"{sub} : « correspond » doit être une liste d'ids de critères "
                          f"(ex. [C3.3]).")
            maps = []
        if maps and not mapped:
            errors.append(f"{sub} : « correspond » exige « correspondance_de » à la racine.")
        crits.append(Criterion(id=kid, label=_text(rk, "libelle", sub, errors),
                               observed=_text(rk, "observe", sub, errors),
                               competence=cid, ccp=ccp, maps_from=tuple(maps)))
    return Competence(id=cid, title=_text(raw, "titre", where, errors), ccp=ccp,
                      criteria=tuple(crits))
