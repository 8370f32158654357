"""Benchmark of the world generator (run: .venv/bin/python benchmarks/bench_world.py).

Targets: 10,000 companies with contacts, orders and invoices at least 3x faster than a naive
loop calling Faker once per field for the same records, peak memory <= 150 MB (tracemalloc),
120 companies (a session's world) under 0.2 s and 500 well under 1 s. The generator draws
identity fields through its own Faker providers (simulator/world/providers.py) on a seeded
Faker("fr_FR"); the naive baseline calls Faker's built-in methods. Both are measured in the
same run, best of a few repeats (the machine may be shared), and the ratio is printed.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker

from simulator.world import generate_world

BIG = 10_000


def naive_world(companies: int, contacts_per: float, orders_per: float, seed: int) -> int:
    """The obvious way: one Faker call per field, same record shapes."""
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    records: list[dict[str, Any]] = []
    contacts_total = round(companies * contacts_per)
    orders_total = round(companies * orders_per)
    for i in range(companies):
        records.append({
            "id": i, "raison_sociale": fake.company(), "forme_juridique": fake.company_suffix(),
            "siren": fake.siren().replace(" ", ""), "siret": fake.siret().replace(" ", ""),
            "naf": fake.bothify("##.##?"), "effectif": fake.random_int(3, 499),
            "ca_annuel": fake.random_int(100_000, 50_000_000),
            "annee_creation": fake.random_int(1950, 2022), "adresse": fake.street_address(),
            "code_postal": fake.postcode(), "commune": fake.city(), "region": fake.region(),
            "lat": float(fake.latitude()), "lon": float(fake.longitude()),
            "site_web": fake.url(), "domaine": fake.domain_name(),
            "telephone": fake.phone_number(), "email": fake.company_email(),
            "statut": fake.random_element(("client", "prospect")),
            "dernier_contact": fake.date_between("-2y", "today").isoformat(),
        })
    for i in range(contacts_total):
        records.append({
            "id": i, "civilite": fake.prefix(), "prenom": fake.first_name(),
            "nom": fake.last_name(), "fonction": fake.job(),
            "role": fake.random_element(("decideur", "prescripteur", "utilisateur", "barrage")),
            "telephone": fake.phone_number(), "mobile": fake.phone_number(),
            "email": fake.email(),
        })
    for i in range(orders_total):
        amount = fake.pyfloat(min_value=100, max_value=50_000, right_digits=2)
        records.append({
            "id": i, "date": fake.date_between("-2y", "today").isoformat(),
            "produit": fake.random_element(("a", "b", "c")), "quantite": fake.random_int(1, 4),
            "montant_ht": amount, "cout": round(amount * 0.65, 2),
        })
        records.append({
            "id": i, "date": fake.date_between("-2y", "today").isoformat(),
            "echeance": fake.date_between("-1y", "+60d").isoformat(),
            "montant_ttc": round(amount * 1.2, 2), "payee": fake.pybool(),
        })
    return len(records)


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time over `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mb(func: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    generate_world(0, companies=50)  # warm caches (communes table, name pools)
    t_small, _ = timed(lambda: generate_world(1, companies=120), repeat=5)
    t_500, _ = timed(lambda: generate_world(1, companies=500), repeat=3)
    t_big, world = timed(lambda: generate_world(1, companies=BIG), repeat=3)
    contacts_per = len(world["contacts"]) / BIG
    orders_per = len(world["commandes"]) / BIG
    del world
    t_naive, _ = timed(lambda: naive_world(BIG, contacts_per, orders_per, 1), repeat=2)
    peak = peak_mb(lambda: generate_world(2, companies=BIG))
    print(f"120 entreprises (session)      : {t_small * 1000:7.1f} ms (cible < 200 ms)")
    print(f"500 entreprises                : {t_500 * 1000:7.1f} ms (cible < 1 s)")
    print(f"{BIG} entreprises (générateur)  : {t_big:7.2f} s "
          f"({contacts_per:.1f} contacts, {orders_per:.1f} commandes par entreprise)")
    print(f"{BIG} entreprises (Faker naïf)  : {t_naive:7.2f} s")
    print(f"rapport naïf / générateur      : {t_naive / t_big:7.1f} x (cible >= 3 x)")
    print(f"pic mémoire (tracemalloc)      : {peak:7.1f} Mo (cible <= 150 Mo)")
    ok = t_naive / t_big >= 3 and peak <= 150 and t_500 < 1 and t_small < 0.2
    print("objectifs atteints" if ok else "OBJECTIFS NON ATTEINTS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
