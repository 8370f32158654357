"""Business sectors and firmographics: real NAF rev. 2 codes, name vocabulary, sizes, forms.

`famille` groups sectors so a scenario may filter broadly (`secteur: industrie` matches every
industrial sector, see roles.py). Turnover per employee is an order of magnitude (INSEE
ESANE averages), enough for consistent sizes.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    id: str
    libelle: str
    famille: str
    naf: tuple[tuple[str, str], ...]
    words: tuple[str, ...]          # trade words used in company names
    ca_par_salarie: int             # € per employee per year


SECTORS: dict[str, Sector] = {s.id: s for s in (
    Sector("agroalimentaire", "Industrie agroalimentaire", "industrie", (
        ("10.13A", "Préparation industrielle de produits à base de viande"),
        ("10.51C", "Fabrication de fromage"),
        ("10.71A", "Fabrication industrielle de pain et de pâtisserie fraîche"),
        ("10.72Z", "Fabrication de biscuits, biscottes et pâtisseries de conservation"),
        ("10.85Z", "Fabrication de plats préparés"),
        ("11.05Z", "Fabrication de bière"),
        ("10.39A", "Autre transformation et conservation de légumes"),
    ), ("Salaisons", "Fromagerie", "Biscuiterie", "Conserverie", "Laiterie", "Brasserie",
        "Charcuteries", "Plats Cuisinés", "Boulangerie Industrielle", "Confiserie"), 260000),
    Sector("plasturgie", "Plasturgie", "industrie", (
        ("22.29A", "Fabrication de pièces techniques à base de matières plastiques"),
        ("22.22Z", "Fabrication d'emballages en matières plastiques"),
        ("22.21Z", "Fabrication de plaques, feuilles, tubes et profilés en matières plastiques"),
        ("22.29B", "Fabrication de produits de consommation courante en matières plastiques"),
    ), ("Plastiques", "Injection Plastique", "Moulages", "Extrusion", "Plasturgie",
        "Polymères", "Thermoformage"), 170000),
    Sector("mecanique", "Mécanique et métallurgie", "industrie", (
        ("25.62B", "Mécanique industrielle"),
        ("25.62A", "Décolletage"),
        ("25.11Z", "Fabrication de structures métalliques et de parties de structures"),
        ("25.61Z", "Traitement et revêtement des métaux"),
        ("24.51Z", "Fonderie de fonte"),
        ("28.29B", "Fabrication d'autres machines d'usage général"),
        ("33.12Z", "Réparation de machines et équipements mécaniques"),
    ), ("Mécanique", "Usinage", "Décolletage", "Tôlerie", "Chaudronnerie",
        "Mécanique de Précision", "Fonderie", "Traitement de Surface", "Métallerie"), 150000),
    Sector("automobile", "Automobile et poids lourds", "industrie", (
        ("45.20A", "Entretien et réparation de véhicules automobiles légers"),
        ("45.20B", "Entretien et réparation d'autres véhicules automobiles"),
        ("29.32Z", "Fabrication d'autres équipements automobiles"),
        ("29.20Z", "Fabrication de carrosseries et remorques"),
    ), ("Carrosserie", "Poids Lourds Services", "Équipements Auto", "Garage",
        "Carrosserie Industrielle", "Remorques"), 190000),
    Sector("chimie", "Chimie, pharmacie, cosmétique", "industrie", (
        ("20.30Z", "Fabrication de peintures, vernis, encres et mastics"),
        ("20.42Z", "Fabrication de parfums et de produits pour la toilette"),
        ("21.20Z", "Fabrication de préparations pharmaceutiques"),
        ("20.59Z", "Fabrication d'autres produits chimiques n.c.a."),
    ), ("Chimie", "Laboratoires", "Peintures", "Cosmétiques", "Pharma", "Résines"), 290000),
    Sector("bois", "Bois et ameublement", "industrie", (
        ("16.10A", "Sciage et rabotage du bois, hors imprégnation"),
        ("16.23Z", "Fabrication de charpentes et d'autres menuiseries"),
        ("31.09B", "Fabrication d'autres meubles et industries connexes de l'ameublement"),
        ("43.32A", "Travaux de menuiserie bois et PVC"),
    ), ("Menuiserie", "Scierie", "Charpente", "Meubles", "Agencement", "Bois"), 140000),
    Sector("imprimerie", "Imprimerie et emballage", "industrie", (
        ("18.12Z", "Autre imprimerie (labeur)"),
        ("17.21A", "Fabrication de carton ondulé"),
        ("17.21B", "Fabrication de cartonnages"),
    ), ("Imprimerie", "Cartonnages", "Emballages", "Arts Graphiques", "Étiquettes"), 150000),
    Sector("textile", "Textile", "industrie", (
        ("13.20Z", "Tissage"),
        ("13.30Z", "Ennoblissement textile"),
        ("14.13Z", "Fabrication de vêtements de dessus"),
        ("13.92Z", "Fabrication d'articles textiles, sauf habillement"),
    ), ("Tissage", "Textiles", "Confection", "Teinturerie", "Tricotage"), 130000),
    Sector("logistique", "Transport et logistique", "logistique", (
        ("52.10B", "Entreposage et stockage non frigorifique"),
        ("52.10A", "Entreposage et stockage frigorifique"),
        ("49.41A", "Transports routiers de fret interurbains"),
        ("52.29A", "Messagerie, fret express"),
    ), ("Transports", "Logistique", "Entrepôts", "Messagerie", "Frigo Logistique"), 120000),
    Sector("commerce_gros", "Commerce de gros", "commerce", (
        ("46.69B", "Commerce de gros (commerce interentreprises) de fournitures et "
                   "équipements industriels divers"),
        ("46.73A", "Commerce de gros (commerce interentreprises) de bois et de matériaux de "
                   "construction"),
        ("46.39B", "Commerce de gros (commerce interentreprises) non spécialisé de denrées, "
                   "boissons et tabac"),
        ("46.74B", "Commerce de gros (commerce interentreprises) de fournitures pour la "
                   "plomberie et le chauffage"),
    ), ("Distribution", "Négoce", "Fournitures Industrielles", "Comptoir", "Approvisionnement"),
        420000),
    Sector("btp", "Bâtiment et travaux publics", "btp", (
        ("43.99C", "Travaux de maçonnerie générale et gros œuvre de bâtiment"),
        ("41.20A", "Construction de maisons individuelles"),
        ("42.11Z", "Construction de routes et autoroutes"),
        ("23.61Z", "Fabrication d'éléments en béton pour la construction"),
    ), ("Bâtiment", "Construction", "Travaux Publics", "Préfabrication Béton", "Maçonnerie"),
        160000),
    Sector("distribution", "Grande distribution et jardineries", "commerce", (
        ("47.11D", "Supermarchés"),
        ("47.11F", "Hypermarchés"),
        ("47.52B", "Commerce de détail de quincaillerie, peintures et verres en grandes "
                   "surfaces (400 m² et plus)"),
        ("47.76Z", "Commerce de détail de fleurs, plantes, graines, engrais, animaux de "
                   "compagnie et aliments pour ces animaux en magasin spécialisé"),
    ), ("Distribution", "Jardinerie", "Bricolage", "Supermarché", "Market"), 230000),
)}
DEFAULT_SECTORS: tuple[str, ...] = tuple(SECTORS)
FAMILIES: frozenset[str] = frozenset(s.famille for s in SECTORS.values())

# INSEE "tranche d'effectif salarié" codes: (code, min, max, label).
HEADCOUNT_BANDS: tuple[tuple[str, int, int, str], ...] = (
    ("02", 3, 5, "3 à 5 salariés"),
    ("03", 6, 9, "6 à 9 salariés"),
    ("11", 10, 19, "10 à 19 salariés"),
    ("12", 20, 49, "20 à 49 salariés"),
    ("21", 50, 99, "50 à 99 salariés"),
    ("22", 100, 199, "100 à 199 salariés"),
    ("31", 200, 249, "200 à 249 salariés"),
    ("32", 250, 499, "250 à 499 salariés"),
)
HEADCOUNT_WEIGHTS: tuple[float, ...] = (4, 10, 22, 28, 17, 11, 4, 4)

# Legal forms by size (headcount limit, forms, weights): micro firms are often SARL/EURL,
# larger ones SAS or SA.
LEGAL_FORMS: tuple[tuple[int, tuple[str, ...], tuple[int, ...]], ...] = (
    (10, ("SARL", "SAS", "EURL", "SASU"), (40, 30, 15, 15)),
    (50, ("SAS", "SARL", "SA"), (55, 40, 5)),
    (10**9, ("SAS", "SA", "SARL"), (70, 25, 5)),
)


@functools.lru_cache(maxsize=64)
def _sector_weights(sector_ids: tuple[str, ...]) -> tuple[float, ...]:
    """The first target sectors of a dossier weigh up to 1.5x the last ones."""
    n = len(sector_ids)
    return tuple(1.0 + 0.5 * (n - i) / n for i in range(n))


def pick_sector(rng: random.Random, sector_ids: Sequence[str] | None = None) -> Sector:
    """A sector among `sector_ids` (default: all), earlier ones slightly more likely."""
    ids = tuple(sector_ids) if sector_ids else DEFAULT_SECTORS
    return SECTORS[rng.choices(ids, _sector_weights(ids))[0]]


def pick_naf(rng: random.Random, sector: Sector) -> tuple[str, str]:
    """A (code, label) NAF activity of the sector."""
    return rng.choice(sector.naf)


def pick_headcount(rng: random.Random) -> int:
    """A headcount: an INSEE band drawn by weight, then uniform inside the band."""
    band = rng.choices(HEADCOUNT_BANDS, HEADCOUNT_WEIGHTS)[0]
    return rng.randint(band[1], band[2])


def pick_legal_form(rng: random.Random, effectif: int) -> str:
    """SARL, SAS, SA, EURL or SASU, plausible for the headcount."""
    forms, weights = next((f, w) for limit, f, w in LEGAL_FORMS if effectif < limit)
    return rng.choices(forms, weights)[0]


def headcount_band(effectif: int) -> tuple[str, str]:
    """INSEE band (code, label) of a headcount."""
    for code, low, high, label in HEADCOUNT_BANDS:
        if low <= effectif <= high:
            return code, label
    if effectif < 3:
        return "01", "1 ou 2 salariés"
    return "41", "500 à 999 salariés"


# Trade words matching each NAF code, so a name never contradicts its activity
# (a "Fromagerie" is coded 10.51C). Codes missing here use the sector's words.
NAF_WORDS: dict[str, tuple[str, ...]] = {
    "10.13A": ("Salaisons", "Charcuteries", "Salaisons du Terroir"),
    "10.51C": ("Fromagerie", "Laiterie", "Fromageries"),
    "10.71A": ("Boulangerie Industrielle", "Pâtisseries", "Panification"),
    "10.72Z": ("Biscuiterie", "Biscuits", "Gâteaux Secs"),
    "10.85Z": ("Plats Cuisinés", "Cuisine Traiteur", "Saveurs Cuisinées"),
    "11.05Z": ("Brasserie", "Bières"),
    "10.39A": ("Conserverie", "Légumes Préparés", "Conserves"),
    "22.29A": ("Injection Plastique", "Plastiques Techniques", "Moulages"),
    "22.22Z": ("Emballages Plastiques", "Plastiques", "Thermoformage"),
    "22.21Z": ("Extrusion", "Profilés Plastiques", "Polymères"),
    "22.29B": ("Plasturgie", "Plastiques", "Moulages"),
    "25.62B": ("Mécanique", "Usinage", "Mécanique de Précision"),
    "25.62A": ("Décolletage", "Décolletage de Précision"),
    "25.11Z": ("Charpente Métallique", "Chaudronnerie", "Métallerie"),
    "25.61Z": ("Traitement de Surface", "Galvanisation", "Thermolaquage"),
    "24.51Z": ("Fonderie", "Fonderies"),
    "28.29B": ("Machines Spéciales", "Mécanique Industrielle"),
    "33.12Z": ("Maintenance Industrielle", "Réparation Mécanique"),
    "45.20A": ("Garage", "Carrosserie", "Auto Services"),
    "45.20B": ("Poids Lourds Services", "Véhicules Industriels", "Garage Poids Lourds"),
    "29.32Z": ("Équipements Auto", "Équipementier"),
    "29.20Z": ("Carrosserie Industrielle", "Remorques", "Carrosseries"),
    "20.30Z": ("Peintures", "Vernis", "Revêtements"),
    "20.42Z": ("Cosmétiques", "Laboratoires", "Parfums"),
    "21.20Z": ("Pharma", "Laboratoires"),
    "20.59Z": ("Chimie", "Résines", "Chimie Fine"),
    "16.10A": ("Scierie", "Bois", "Scieries"),
    "16.23Z": ("Charpente", "Menuiserie", "Menuiseries"),
    "31.09B": ("Meubles", "Ameublement", "Agencement"),
    "43.32A": ("Menuiserie", "Fermetures", "Agencement"),
    "18.12Z": ("Imprimerie", "Arts Graphiques", "Étiquettes"),
    "17.21A": ("Cartonnages", "Carton Ondulé", "Emballages"),
    "17.21B": ("Cartonnages", "Emballages"),
    "13.20Z": ("Tissage", "Tissages"),
    "13.30Z": ("Teinturerie", "Ennoblissement"),
    "14.13Z": ("Confection", "Vêtements"),
    "13.92Z": ("Textiles", "Tricotage", "Articles Textiles"),
    "52.10B": ("Logistique", "Entrepôts", "Stockage"),
    "52.10A": ("Frigo Logistique", "Entrepôts Frigorifiques"),
    "49.41A": ("Transports", "Transports Routiers"),
    "52.29A": ("Messagerie", "Express Fret"),
    "46.69B": ("Fournitures Industrielles", "Comptoir", "Distribution"),
    "46.73A": ("Négoce Matériaux", "Bois et Matériaux"),
    "46.39B": ("Distribution Alimentaire", "Approvisionnement"),
    "46.74B": ("Sanitaire Chauffage", "Comptoir"),
    "43.99C": ("Bâtiment", "Maçonnerie", "Construction"),
    "41.20A": ("Maisons", "Construction", "Habitat"),
    "42.11Z": ("Travaux Publics", "Routes"),
    "23.61Z": ("Préfabrication Béton", "Béton"),
    "47.11D": ("Supermarché", "Market"),
    "47.11F": ("Hypermarché", "Hyper"),
    "47.52B": ("Bricolage", "Brico"),
    "47.76Z": ("Jardinerie", "Jardin"),
}
