"""B2B contacts of a company: job titles by buying role, staffing, people and their details.

Roles: `decideur` (signs), `prescripteur` (specifies), `utilisateur` (uses), `barrage`
(filters calls). Every draw takes the caller's `random.Random`; providers.ContactB2BProvider
is the Faker face of these functions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from simulator.world.ids import email_pattern, line_extension, mobile, person_email
from simulator.world.names import Pools

Record = dict[str, Any]
Titles = tuple[str, str]  # (masculine, feminine)

ROLES: tuple[str, ...] = ("decideur", "prescripteur", "utilisateur", "barrage")
# Share of women drawn for each role (office staff filtering calls are mostly women).
FEMALE_SHARE: dict[str, float] = {
    "barrage": 0.85, "decideur": 0.3, "prescripteur": 0.35, "utilisateur": 0.25,
}
# Roles that usually hand out a mobile number.
MOBILE_ROLES: tuple[str, ...] = ("decideur", "prescripteur")
SMALL_FIRM = 50  # below this headcount the legal representative decides

GATEKEEPERS: tuple[Titles, ...] = (
    ("Assistant de direction", "Assistante de direction"),
    ("Standardiste", "Standardiste"),
    ("Chargé d'accueil", "Chargée d'accueil"),
    ("Secrétaire de direction", "Secrétaire de direction"),
)
SMALL_GATEKEEPERS: tuple[Titles, ...] = (
    ("Assistant administratif", "Assistante administrative"),
    ("Secrétaire", "Secrétaire"),
)
LEADERS: dict[str, Titles] = {
    "SARL": ("Gérant", "Gérante"), "EURL": ("Gérant", "Gérante"),
    "SAS": ("Président", "Présidente"), "SASU": ("Président", "Présidente"),
    "SA": ("Président-directeur général", "Présidente-directrice générale"),
}
BIG_DECIDERS: dict[str, tuple[Titles, ...]] = {
    "industrie": (("Directeur d'usine", "Directrice d'usine"),
                  ("Directeur technique", "Directrice technique"),
                  ("Directeur des opérations", "Directrice des opérations")),
    "logistique": (("Directeur de site", "Directrice de site"),
                   ("Directeur des opérations", "Directrice des opérations")),
    "commerce": (("Directeur de site", "Directrice de site"),
                 ("Directeur général", "Directrice générale")),
    "btp": (("Directeur technique", "Directrice technique"),
            ("Directeur général", "Directrice générale")),
}
PRESCRIBERS: dict[str, tuple[Titles, ...]] = {
    "industrie": (("Responsable maintenance", "Responsable maintenance"),
                  ("Responsable achats", "Responsable achats"),
                  ("Responsable production", "Responsable production"),
                  ("Responsable HSE", "Responsable HSE")),
    "logistique": (("Responsable logistique", "Responsable logistique"),
                   ("Responsable achats", "Responsable achats"),
                   ("Responsable d'exploitation", "Responsable d'exploitation")),
    "commerce": (("Responsable logistique", "Responsable logistique"),
                 ("Responsable achats", "Responsable achats"),
                 ("Responsable des services généraux", "Responsable des services généraux")),
    "btp": (("Responsable du parc matériel", "Responsable du parc matériel"),
            ("Responsable achats", "Responsable achats"),
            ("Conducteur de travaux principal", "Conductrice de travaux principale")),
}
USERS: dict[str, tuple[Titles, ...]] = {
    "industrie": (("Chef d'atelier", "Cheffe d'atelier"),
                  ("Technicien de maintenance", "Technicienne de maintenance")),
    "logistique": (("Chef d'entrepôt", "Cheffe d'entrepôt"),
                   ("Chef d'équipe caristes", "Cheffe d'équipe caristes")),
    "commerce": (("Chef de dépôt", "Cheffe de dépôt"),
                 ("Chef d'équipe réception", "Cheffe d'équipe réception")),
    "btp": (("Chef de dépôt", "Cheffe de dépôt"),
            ("Mécanicien d'atelier", "Mécanicienne d'atelier")),
}


@dataclass(frozen=True)
class Post:
    """A position to fill in a company: gendered titles and buying role."""

    titles: Titles
    role: str


@dataclass(frozen=True)
class Person:
    female: bool
    first: str
    last: str

    @property
    def civilite(self) -> str:
        return "Mme" if self.female else "M."


def job_titles(rng: random.Random, role: str, famille: str, effectif: int,
               forme: str) -> Titles:
    """Titles of a `role` in a company of this family, size and legal form."""
    if role == "barrage":
        return rng.choice(SMALL_GATEKEEPERS if effectif < 20 else GATEKEEPERS)
    if role == "decideur":
        return LEADERS[forme] if effectif < SMALL_FIRM else rng.choice(BIG_DECIDERS[famille])
    if role == "prescripteur":
        return rng.choice(PRESCRIBERS[famille])
    return rng.choice(USERS[famille])


def staffing(rng: random.Random, famille: str, effectif: int, forme: str) -> list[Post]:
    """Gatekeeper + decision maker always, then distinct prescribers/users depending on size."""
    posts = [Post(job_titles(rng, "barrage", famille, effectif, forme), "barrage"),
             Post(job_titles(rng, "decideur", famille, effectif, forme), "decideur")]
    extra = 0 if effectif < 10 else 1 if effectif < SMALL_FIRM else 2
    extra += rng.random() < 0.4
    prescribers = list(PRESCRIBERS[famille])
    rng.shuffle(prescribers)
    for i in range(extra):
        if i < len(prescribers) - 1 and (i == 0 or rng.random() < 0.6):
            posts.append(Post(prescribers[i], "prescripteur"))
        else:
            posts.append(Post(job_titles(rng, "utilisateur", famille, effectif, forme),
                              "utilisateur"))
    return posts


def person(rng: random.Random, p: Pools, female_share: float) -> Person:
    """Gender first, then a first name of that gender and a last name (Faker fr_FR lists)."""
    female = rng.random() < female_share
    first = rng.choice(p.first_female if female else p.first_male)
    return Person(female, first, rng.choice(p.last))


def contact_fields(rng: random.Random, p: Pools, post: Post, switchboard: str, pattern: str,
                   domain: str) -> Record:
    """One contact's identity, title, phones and e-mail (without ids)."""
    who = person(rng, p, FEMALE_SHARE[post.role])
    email = person_email(pattern, who.first, who.last, domain)
    direct = switchboard if post.role == "barrage" else line_extension(rng, switchboard)
    has_mobile = post.role in MOBILE_ROLES and rng.random() < 0.7
    return {
        "civilite": who.civilite, "prenom": who.first, "nom": who.last,
        "fonction": post.titles[1] if who.female else post.titles[0], "role": post.role,
        "telephone": direct, "mobile": mobile(rng) if has_mobile else None,
        "email": email, "actif": True, "note": None,
    }


def company_contacts(rng: random.Random, p: Pools, company: Record) -> list[Record]:
    """All contacts of a company record (needs effectif, forme_juridique, famille, domaine,
    telephone, id); e-mails follow one scheme and are unique within the company."""
    domain = str(company["domaine"])
    pattern = email_pattern(rng)
    posts = staffing(rng, str(company["famille"]), int(company["effectif"]),
                     str(company["forme_juridique"]))
    switchboard = str(company["telephone"])
    records: list[Record] = []
    emails: set[str] = set()
    for offset, post in enumerate(posts, start=1):
        fields = contact_fields(rng, p, post, switchboard, pattern, domain)
        email = str(fields["email"])
        while email in emails:
            email = email.replace("@", f"{len(emails)}@", 1)
        emails.add(email)
        fields["email"] = email
        records.append({"id": f"{company['id']}-C{offset}", "entreprise_id": company["id"],
                        **fields})
    return records
