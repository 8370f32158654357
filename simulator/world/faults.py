"""Deliberate faults in the client file, with the ground truth kept in `defauts`.

A data-quality task shows the faulty file and scores the trainee's fixes against `defauts`.
Each fault record: `type`, `entreprise_id`, `contact_id` (or None), `champ` (field), `valeur`
(what the file shows), `correction` (the right value; for `doublon`, the id of the original
company to merge into), `detail` (French explanation). Each affected company carries exactly
one fault, so the records can be checked both ways.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from simulator.world import geo
from simulator.world.ids import ascii_fold
from simulator.world.record import CompanyRecord

Record = dict[str, Any]

FAULT_TYPES: tuple[str, ...] = (
    "doublon", "telephone_manquant", "telephone_invalide", "email_invalide",
    "email_manquant", "email_domaine", "code_postal_incoherent", "entreprise_radiee",
    "contact_parti",
)
FAULT_SHARE = 0.08
CEASED_NOTES: tuple[str, ...] = (
    "Courrier retourné : « destinataire inconnu à l'adresse ».",
    "Jugement de liquidation judiciaire publié au BODACC le 12/03/2026.",
    "Standard : « numéro non attribué » ; site internet fermé.",
    "Radiation du RCS publiée au BODACC le 05/06/2026.",
)
LEFT_NOTES: tuple[str, ...] = (
    "Courriel revenu en erreur : « adresse inexistante » (septembre 2026).",
    "Le standard indique que cette personne a quitté l'entreprise au printemps 2026.",
    "Profil professionnel : a rejoint une autre société en 2026.",
)


def duplicate_count(companies: int) -> int:
    """How many of `fault_count(companies)` faults are duplicates (kinds go round-robin)."""
    return -(-fault_count(companies) // len(FAULT_TYPES))


def fault_count(companies: int) -> int:
    """How many faults a file of this size gets (0 for a tiny file)."""
    if companies < 10:
        return 0
    return max(len(FAULT_TYPES), round(companies * FAULT_SHARE))


def duplicate_name(rng: random.Random, name: str, forme: str) -> str:
    """A near-duplicate spelling of a company name (never identical)."""
    variants = [name.upper(), f"{name} {forme}"]
    folded = ascii_fold(name)
    if folded != name:
        variants.append(folded)
    if name.startswith("Établissements "):
        variants.append("Ets " + name[len("Établissements "):])
    if " et " in name:
        variants.append(name.replace(" et ", " & "))
    if " & " in name:
        variants.append(name.replace(" & ", " et "))
    return rng.choice(variants)


def _malformed_phone(rng: random.Random, phone: str) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return phone[:-1]                       # a digit missing
    if kind == 1:
        return phone + str(rng.randint(0, 9))   # a digit too many
    return "O" + phone[1:]                      # letter O instead of zero


def _malformed_email(rng: random.Random, email: str) -> str:
    local, _, domain = email.partition("@")
    kind = rng.randrange(3)
    if kind == 0:
        return f"{local}{domain}"               # no @
    if kind == 1:
        return f"{local}@@{domain}"
    return f"{local}@{domain.rsplit('.', 1)[0]}"  # no top-level domain


def _typo_domain(rng: random.Random, email: str) -> str:
    local, _, domain = email.partition("@")
    root, _, tld = domain.rpartition(".")
    i = rng.randrange(len(root))
    typo = root[:i] + root[i + 1:] if len(root) > 3 else root + "s"
    if typo == root:
        typo = root + "s"
    return f"{local}@{typo}.{tld}"


def inject_faults(rng: random.Random, companies: list[CompanyRecord], contacts: list[Record],
                  duplicate_ids: list[str], territory_id: str) -> list[Record]:
    """Apply faults in place (duplicates are appended); return the ground truth."""
    total = fault_count(len(companies) + len(duplicate_ids))
    kinds = [FAULT_TYPES[i % len(FAULT_TYPES)] for i in range(total)]
    # Duplicates use the reserved ids; every other kind needs one distinct target company.
    targets = rng.sample(sorted(c["id"] for c in companies), min(total, len(companies)))
    by_id = {c["id"]: c for c in companies}
    contacts_of: dict[str, list[Record]] = {}
    for contact in contacts:
        contacts_of.setdefault(contact["entreprise_id"], []).append(contact)
    other_codes = [c for c in geo.communes_of(territory_id) if c.code_postal]
    targets = _postcode_targets(kinds, targets, by_id)
    faults: list[Record] = []
    duplicates = iter(duplicate_ids)
    for kind, target_id in zip(kinds, targets, strict=False):
        company = by_id[target_id]
        people = contacts_of[target_id]
        fault: Record = {"type": kind, "entreprise_id": target_id, "contact_id": None}
        if kind == "doublon":
            dup_id = next(duplicates)
            dup = copy.deepcopy(company)
            dup.update({"id": dup_id, "raison_sociale": duplicate_name(
                rng, company["raison_sociale"], company["forme_juridique"]),
                "statut": "prospect", "ca_12_mois": 0.0, "segment": "C",
                "marge_12_mois": 0.0, "nb_commandes_12_mois": 0, "derniere_commande": None,
                "encours": 0.0, "retard_paiement": False, "litige": False,
                "note": "Fiche créée lors d'un salon professionnel."})
            dup["nom_commercial"] = dup["raison_sociale"]
            companies.append(dup)
            for person in people[:2]:
                twin = copy.deepcopy(person)
                twin["id"] = person["id"].replace(target_id, dup_id, 1)
                twin["entreprise_id"] = dup_id
                contacts.append(twin)
            fault.update(entreprise_id=dup_id, champ="siren", valeur=company["siren"],
                         correction=target_id,
                         detail=f"Doublon de {target_id} ({company['raison_sociale']}, "
                                f"même SIREN {company['siren']}) : fiches à fusionner.")
        elif kind == "telephone_manquant":
            fault.update(champ="telephone", valeur=None, correction=company["telephone"],
                         detail="Numéro de téléphone du standard absent.")
            company["telephone"] = None
        elif kind == "telephone_invalide":
            bad = _malformed_phone(rng, company["telephone"])
            fault.update(champ="telephone", valeur=bad, correction=company["telephone"],
                         detail="Numéro de téléphone mal formé.")
            company["telephone"] = bad
        elif kind in ("email_invalide", "email_manquant", "email_domaine", "contact_parti"):
            person = rng.choice(people)
            fault["contact_id"] = person["id"]
            if kind == "email_invalide":
                bad = _malformed_email(rng, person["email"])
                fault.update(champ="email", valeur=bad, correction=person["email"],
                             detail="Adresse électronique mal formée.")
                person["email"] = bad
            elif kind == "email_manquant":
                fault.update(champ="email", valeur=None, correction=person["email"],
                             detail="Adresse électronique absente.")
                person["email"] = None
            elif kind == "email_domaine":
                bad = _typo_domain(rng, person["email"])
                fault.update(champ="email", valeur=bad, correction=person["email"],
                             detail=f"Domaine erroné : l'entreprise utilise "
                                    f"{company['domaine']}.")
                person["email"] = bad
            else:
                note = rng.choice(LEFT_NOTES)
                fault.update(champ="actif", valeur=True, correction=False,
                             detail=f"Contact parti : {note}")
                person["note"] = note
        elif kind == "code_postal_incoherent":
            candidates = [c for c in other_codes if c.departement != company["departement"]]
            wrong = rng.choice(candidates).code_postal
            fault.update(champ="code_postal", valeur=wrong, correction=company["code_postal"],
                         detail=f"Le code postal ne correspond pas à {company['commune']} "
                                f"({company['departement']}).")
            company["code_postal"] = wrong
        elif kind == "entreprise_radiee":
            note = rng.choice(CEASED_NOTES)
            fault.update(champ="actif", valeur=True, correction=False,
                         detail=f"Entreprise ayant cessé son activité : {note}")
            company["note"] = note
        faults.append(fault)
    faults.sort(key=lambda f: (f["entreprise_id"], f["type"]))
    return [{"id": f"D{i:03d}", **fault} for i, fault in enumerate(faults, start=1)]

FAULT_LABELS: dict[str, str] = {
    "doublon": "doublon", "telephone_manquant": "téléphone manquant",
    "telephone_invalide": "téléphone mal formé", "email_invalide": "courriel mal formé",
    "email_manquant": "courriel manquant", "email_domaine": "courriel hors domaine",
    "code_postal_incoherent": "code postal incohérent",
    "entreprise_radiee": "entreprise radiée", "contact_parti": "contact parti",
}


def _postcode_targets(kinds: list[str], targets: list[str],
                      by_id: dict[str, CompanyRecord]) -> list[str]:
    """Targets where a wrong-postcode fault falls on a company with a real postcode (a
    commune whose code is not known shows none, so it cannot be wrong)."""
    out = list(targets)
    spare = sorted(i for i, c in by_id.items() if c.get("code_postal") and i not in out)
    for i, kind in enumerate(kinds[:len(out)]):
        if kind != "code_postal_incoherent" or by_id[out[i]].get("code_postal"):
            continue
        swap = next((j for j in range(i + 1, len(out)) if kinds[j] != kind
                     and by_id[out[j]].get("code_postal")), None)
        if swap is not None:
            out[i], out[swap] = out[swap], out[i]
        elif spare:
            out[i] = spare.pop(0)
    return out
