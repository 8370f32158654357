"""Normalising what a trainee types before the act model and the patterns read it.

Trainees type fast: no accents, SMS abbreviations, doubled letters, curly apostrophes. The
training examples and the typed text go through the same `normalise`, so the model learns
and answers on one spelling. It is also what act patterns (`motifs`) are matched against:
lower case, no accents.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000          # an utterance longer than this is cut (a 10,000-char paste stays fast)

# SMS and chat spellings a trainee may type, mapped to the words the examples use.
_SMS = {
    "bjr": "bonjour", "bsr": "bonsoir", "slt": "salut", "cc": "coucou", "svp": "s'il vous plait",
    "stp": "s'il te plait", "pr": "pour", "ds": "dans", "qd": "quand", "qq": "quelques",
    "qqn": "quelqu'un", "qqch": "quelque chose", "pk": "pourquoi", "pq": "pourquoi",
    "pcq": "parce que", "pck": "parce que", "tt": "tout", "ts": "tous", "bcp": "beaucoup",
    "dsl": "desole", "mrc": "merci", "mci": "merci", "jpp": "je peux pas", "jsp": "je sais pas",
    "auj": "aujourd'hui", "ajd": "aujourd'hui", "rdv": "rendez-vous", "rv": "rendez-vous",
    "tjs": "toujours", "tjrs": "toujours", "vs": "vous", "ns": "nous", "c": "c'est",
    "cad": "c'est-a-dire", "ok": "ok", "dacc": "d'accord", "dac": "d'accord", "daccord": "d'accord",
    "oki": "ok", "bye": "au revoir", "a+": "a plus", "jv": "je vais", "chui": "je suis",
    "chuis": "je suis", "jsuis": "je suis", "mr": "monsieur", "mme": "madame", "m.": "monsieur",
    "pb": "probleme", "pbs": "problemes", "qlq": "quelque", "msg": "message", "tel": "telephone",
    "kel": "quel", "kelle": "quelle", "koi": "quoi", "ki": "qui", "ke": "que",
    "keske": "qu'est-ce que", "kan": "quand", "komen": "comment", "cmt": "comment",
    "dispo": "disponible", "dispos": "disponibles", "exp": "exemple", "ex": "exemple",
}
# Punctuation that carries no act: replaced by a space (« ? » is kept, as its own token).
_PUNCT = re.compile(r"(?<!\d)[.,]+|[.,]+(?!\d)|[;:!()\[\]{}\"«»“”…/\\*_=<>|~^]+")
_QUESTION = re.compile(r"\s*\?+")
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
                              "«": '"', "»": '"', "“": '"', "”": '"',
                              "œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae",
                              "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def strip_accents(text: str) -> str:
    """« Épreuve à côté » → « Epreuve a cote » (combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case, no accents, SMS words spelled out, one space between words."""
    text = text[:MAX_CHARS].translate(_APOSTROPHES)
    text = strip_accents(text).lower()
    text = _REPEATS.sub(r"\1\1", text)
    text = _PUNCT.sub(" ", text)
    text = _QUESTION.sub(" ?", text)
    words = [_SMS.get(token, token) for token in text.split()]
    return _SPACES.sub(" ", " ".join(words)).strip()
