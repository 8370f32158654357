"""Benchmark of the world generator and of `ntc territory generate`.

    .venv/bin/python benchmarks/bench_world.py [--territory-companies 100000] [--repeat 3]

Targets: 10,000 companies with contacts, orders and invoices at least 3x faster than a naive
loop calling Faker once per field for the same records, peak memory <= 150 MB (tracemalloc),
120 companies (a session's world) under 0.2 s and 500 well under 1 s. The generator draws
identity fields through its own Faker providers (simulator/world/providers.py) on a seeded
Faker("fr_FR"); the naive baseline calls Faker's built-in methods. Both are measured in the
same run, medians of a few repeats (the machine may be shared), and the ratio is printed.
`ntc territory generate` (streamed export, compact JSON) is measured in fresh processes
against the generation alone: time, and peak RSS (target <= 500 MiB at 100,000 companies;
the default run uses 5,000 to stay short). The command generates with `compact=True`
(companies held as `record.Company`, built as dicts one at a time while written); "gen" is
the plain snapshot a session gets, its peak is shown for comparison, not held to the target.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import Samples, peak_rss, report
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


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[list[float], Any]:
    """Wall times of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return times, result


def peak_mb(func: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def child(kind: str, companies: int, out: str) -> None:
    """Measured process: the generation alone, or `ntc territory generate` (export incl.)."""
    start = time.perf_counter()
    if kind == "gen":
        generate_world(1, companies=companies)
    else:
        import contextlib
        import io

        from simulator.cli.main import main as ntc

        with contextlib.redirect_stdout(io.StringIO()):
            ntc(["territory", "generate", "--companies", str(companies), "--format", kind,
                 "--out", out])
    elapsed = time.perf_counter() - start
    peak = peak_rss()
    print(json.dumps({"s": elapsed, "rss": peak}))


def measure(kind: str, companies: int, out: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(companies), str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def territory(companies: int, repeat: int) -> None:
    """`ntc territory generate` against the generation it writes out, time and peak RSS."""
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as name:
        runs: dict[str, list[dict[str, float]]] = {"gen": [], "csv": [], "json": []}
        for i in range(repeat):
            for kind in runs:
                runs[kind].append(measure(kind, companies, Path(name) / f"{kind}-{i}"))
        a = Path(name) / "json-0" / "monde.json"
        same = all(a.read_bytes() == (Path(name) / f"json-{i}" / "monde.json").read_bytes()
                   for i in range(repeat))
        size = sum(p.stat().st_size for p in (Path(name) / "json-0").iterdir())
    gen = Samples("generate_world alone", [r["s"] for r in runs["gen"]], "s")
    print(f"\nntc territory generate, {companies} companies (fresh processes)")
    for kind in ("csv", "json"):
        report(f"  --format {kind}: generation + streamed export vs generation alone",
               Samples(f"territory generate --format {kind}", [r["s"] for r in runs[kind]],
                       "s"), gen, None)
    for kind in ("gen", "csv", "json"):
        print("  " + Samples(f"peak RSS, {kind}", [r["rss"] / mb for r in runs[kind]],
                             "MiB").text())
    peak = max(r["rss"] for k in ("csv", "json") for r in runs[k]) / mb
    verdict = ("met" if peak <= 500 else "MISSED") if companies >= 100_000 else (
        "run with --territory-companies 100000 for the target")
    print(f"  target <= 500 MiB peak at 100,000 companies: {peak:.0f} MiB -> {verdict}")
    print(f"  JSON files {size / 1e6:.1f} MB; same bytes for the same seed: {same}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--territory-companies", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "N", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return 0
    generate_world(0, companies=50)  # warm caches (communes table, name pools)
    t_small, _ = timed(lambda: generate_world(1, companies=120), repeat=5)
    t_500, _ = timed(lambda: generate_world(1, companies=500), repeat=3)
    t_big, world = timed(lambda: generate_world(1, companies=BIG), repeat=args.repeat)
    contacts_per = len(world["contacts"]) / BIG
    orders_per = len(world["commandes"]) / BIG
    del world
    t_naive, _ = timed(lambda: naive_world(BIG, contacts_per, orders_per, 1),
                       repeat=args.repeat)
    peak = peak_mb(lambda: generate_world(2, companies=BIG))
    small = Samples("120 companies (a session's world)", t_small)
    print("  " + small.text() + f"  target < 200 ms -> "
          f"{'met' if small.median < 0.2 else 'MISSED'}")
    mid = Samples("500 companies", t_500)
    print("  " + mid.text() + f"  target < 1000 ms -> {'met' if mid.median < 1 else 'MISSED'}")
    naive, ours = Samples(f"naive Faker loop, {BIG}", t_naive, "s"), Samples(
        f"generator, {BIG} companies", t_big, "s")
    ratio = naive.median / ours.median
    print("  " + ours.text())
    print("  " + naive.text())
    print(f"  speed-up of the generator {ratio:.1f}x  target >= 3x -> "
          f"{'met' if ratio >= 3 else 'MISSED'}")
    print(f"  peak memory of the generation (tracemalloc), {BIG} companies: {peak:.0f} MB  "
          f"target <= 150 MB -> {'met' if peak <= 150 else 'MISSED'}")
    territory(args.territory_companies, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
