"""Identifiers and contact formats: SIREN/SIRET (Luhn), French phone numbers, domains and
e-mail addresses, slugs. Draw functions take the caller's `random.Random` (the world's Faker
providers pass `self.generator.random`), so there is one implementation of each format."""

from __future__ import annotations

import functools
import random
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn check (SIREN: 9 digits, SIRET: 14)."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """Append the check digit that makes `prefix` Luhn-valid."""
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch)
        if i % 2 == 0:  # these digits are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return f"{prefix}{(10 - total % 10) % 10}"


def siren(rng: random.Random) -> str:
    """A random Luhn-valid SIREN (9 digits, no spaces, first digit 3-9 as most are)."""
    return luhn_complete(str(rng.randint(30_000_000, 99_999_999)))


def siret(siren_number: str, establishment: int = 1) -> str:
    """SIRET = SIREN + NIC (4 digits of the establishment + a Luhn digit over all 14)."""
    return luhn_complete(f"{siren_number}{establishment:04d}")


def landline(rng: random.Random, zone: str) -> str:
    """`04 72 12 34 56` style number in a geographic zone (02..05)."""
    r = rng.randrange
    return f"{zone} {r(20, 100):02d} {r(100):02d} {r(100):02d} {r(100):02d}"


def mobile(rng: random.Random) -> str:
    """`06 12 34 56 78` or `07 ...`."""
    head = "06" if rng.random() < 0.7 else "07"
    second = rng.randint(10, 99) if head == "06" else rng.randint(50, 89)
    r = rng.randrange
    return f"{head} {second:02d} {r(100):02d} {r(100):02d} {r(100):02d}"


def line_extension(rng: random.Random, switchboard: str) -> str:
    """A direct line next to the switchboard number: same number, last pair 10-99."""
    return f"{switchboard[:-2]}{rng.randint(10, 99)}"


# Local parts of a company's e-mail addresses: {p} first name, {n} last name, {i} initial.
EMAIL_PATTERNS: tuple[str, ...] = ("{p}.{n}", "{i}{n}", "{i}.{n}", "{n}.{p}", "{p}.{n}")
GENERIC_MAILBOXES: tuple[str, ...] = ("contact", "accueil", "info", "contact", "secretariat")


def domain_name(rng: random.Random, company_name: str) -> str:
    """`salaisons-berard.fr` (80 %) or `.com`, derived from the trade name."""
    return f"{slug(company_name)}.{'fr' if rng.random() < 0.8 else 'com'}"


def mailbox(rng: random.Random, domain: str) -> str:
    """The company's generic address: `contact@domain`, `accueil@domain`..."""
    return f"{rng.choice(GENERIC_MAILBOXES)}@{domain}"


def email_pattern(rng: random.Random) -> str:
    """The address scheme a company uses for all its staff."""
    return rng.choice(EMAIL_PATTERNS)


def person_email(pattern: str, first: str, last: str, domain: str) -> str:
    """`marie.dupont@domain`, `mdupont@domain`... following the company's scheme."""
    local = pattern.format(p=slug(first), n=slug(last, sep=""), i=slug(first)[:1])
    return f"{local}@{domain}"


PHONE_RE = re.compile(r"^0[1-9]( \d\d){4}$")
EMAIL_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")


def valid_phone(value: object) -> bool:
    """True for a well-formed French number written in pairs."""
    return isinstance(value, str) and bool(PHONE_RE.match(value))


def valid_email(value: object) -> bool:
    return isinstance(value, str) and bool(EMAIL_RE.match(value))


@functools.lru_cache(maxsize=4096)
def ascii_fold(text: str) -> str:
    """Remove accents (é -> e, œ -> oe)."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4096)
def slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII slug: `Salaisons Bérard & Fils` -> `salaisons-berard-fils`."""
    return _NON_ALNUM.sub(sep, ascii_fold(text).lower()).strip(sep)
