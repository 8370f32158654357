"""Read and verify a hash-chained JSON Lines file without ever raising on its content.

Used for session logs (`read_log`) and evaluator sidecars (`simulator.log.sidecar`). Every
fault becomes a French `Issue`; the good prefix (the records before the first faulty line)
stays usable. A faulty *last* line that is not even valid JSON is what a crash leaves
behind (`truncated`): the log can be resumed. Anything else is an alteration.

Speed matters (scoring a cohort, `replay --verify`): the hash of each record is computed
over the bytes stored before its `,"hash":…}` tail, which for a conforming writer is the
canonical text, so events are parsed once and never re-serialised (`strict=True` also
checks that the stored text is canonical).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from simulator.log.bounded import MIB, NotReadable, megabytes, read_regular
from simulator.log.canon import (
    EVAL_FORMAT,
    LOG_FORMAT,
    ZERO_HASH,
    Signer,
    canonical,
    strip_chain,
)
from simulator.log.errors import LogError
from simulator.log.header import split_world
from simulator.log.lines import (
    BAD_JSON,
    BAD_UTF8,
    TOO_LONG,
    Line,
    chain_hint,
    parse_line,
    split_lines,
    with_last,
)
from simulator.log.result import Issue, ReadResult
from simulator.log.worlds import WORLD_KEY

MAX_LINE_ISSUES = 20
MAX_FILE_BYTES = 200 * MIB      # a long exam session is a few MB; beyond, not a log
MAX_LINE_BYTES = 32 * MIB       # the header (world snapshot) is the longest line: < 1 MB
_EMPTY = "fichier vide : aucun en-tête ni événement (écriture jamais commencée ?)"
_HASH_KEY = b',"hash":"'
_MAC_KEY = b'","mac":"'
# One line: text (None when not UTF-8), bytes (None: encode the text), terminated, last.
_EVENT_FIELDS: tuple[tuple[str, type], ...] = (
    ("seq", int), ("t_ms", int), ("time", str), ("type", str), ("data", dict),
)


def read_log(
    path: str | Path, key: bytes | None = None, *, strict: bool = False, world: bool = True
) -> ReadResult:
    """Read and verify a session log (see `ReadResult`); never raises on bad content.

    `world=True` (the default) puts the world snapshot in `header["world"]`, loading a
    by-hash one from `mondes/` (missing or altered: a fatal issue); `world=False` leaves it
    out, unparsed, for `ReadResult.world()` to load only when needed (scoring, listings).
    """
    result = ReadResult(path=Path(path))
    raw = _read_bytes(result, LOG_FORMAT)
    if raw is None:
        return result
    return _complete_read(result, raw, key, strict, world)


def read_log_bytes(
    data: bytes, key: bytes | None = None, *, strict: bool = False, name: str = "<mémoire>",
    world: bool = True, world_dir: str | Path | None = None,
) -> ReadResult:
    """Like `read_log` on content already in memory (uploads, previews, tests).

    A by-hash world is looked for in `world_dir/mondes/` only when `world_dir` is given.
    """
    result = ReadResult(path=Path(name), world_dir=None if world_dir is None else Path(world_dir))
    if not data.strip():
        _global(result, _EMPTY)
        return result
    return _complete_read(result, data, key, strict, world and world_dir is not None,
                          inline=world)


def _complete_read(result: ReadResult, raw: bytes, key: bytes | None, strict: bool,
                   world: bool, *, inline: bool | None = None) -> ReadResult:
    scanner = _Scanner(result, key, LOG_FORMAT, strict,
                       lazy_world=not (world if inline is None else inline))
    result.events.extend(scanner.records(_undo_editor(result, raw)))
    if world and result.header is not None and WORLD_KEY not in result.header:
        attach_world(result)
    return result


def attach_world(result: ReadResult) -> None:
    """Load a by-hash world into `result.header`; a fault becomes a fatal issue."""
    try:
        result.with_world()
    except LogError as exc:
        result.issues.append(Issue(str(exc)))
        result.verified = result.signature_checked = False


def scan(
    path: str | Path, key: bytes | None, expected_format: str, *, strict: bool = False
) -> ReadResult:
    """Read a chained file of the given format (`ntc-log/1` or `ntc-eval/1`), whole."""
    result = ReadResult(path=Path(path))
    raw = _read_bytes(result, expected_format)
    if raw is None:
        return result
    scanner = _Scanner(result, key, expected_format, strict)
    result.events.extend(scanner.records(_undo_editor(result, raw)))
    return result


def _undo_editor(result: ReadResult, raw: bytes) -> bytes:
    """Undo what a text editor adds when it re-saves a file (BOM, CRLF), saying so.

    The content can then still be checked, but the file counts as modified and a writer
    must not continue it (byte offsets no longer match).
    """
    changes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        changes.append("marque BOM ajoutée en tête")
    if b"\r\n" in raw:
        raw = raw.replace(b"\r\n", b"\n")
        changes.append("fins de ligne Windows (CRLF)")
    if changes:
        result.rewritten = True
        result.issues.append(Issue(
            "fichier réenregistré par un éditeur de texte (" + ", ".join(changes) + ") : "
            "le fichier a été modifié ; le contenu est vérifié après correction"))
    return raw


def _read_bytes(result: ReadResult, expected_format: str = LOG_FORMAT) -> bytes | None:
    what = "un journal" if expected_format == LOG_FORMAT else "un fichier d'évaluation"
    try:
        raw = read_regular(result.path, MAX_FILE_BYTES, what)
    except NotReadable as exc:
        _global(result, str(exc))
        return None
    if not raw.strip():
        _global(result, _EMPTY)
        return None
    return raw


def _global(result: ReadResult, message: str) -> None:
    result.issues.append(Issue(message))


class _Scanner:
    """One pass over the lines; fills a ReadResult."""

    def __init__(
        self, result: ReadResult, key: bytes | None, expected_format: str, strict: bool,
        *, lazy_world: bool = False,
    ) -> None:
        self.result = result
        self.lazy_world = lazy_world and not strict   # strict re-serialises the whole header
        self.ended = False
        self.key = key
        self.signer = Signer(key) if key is not None else None
        self.expected_format = expected_format
        self.strict = strict
        self.good = True  # still inside the good prefix
        self.line_issues = 0
        self.dropped = 0
        self.wrong_key = False  # header MAC failed: every later MAC would fail too

    def fault(self, line: int, message: str) -> None:
        """Record a line fault; the first one ends the good prefix."""
        result = self.result
        if self.good:
            self.good = False
            result.first_bad_line = line
        if self.line_issues >= MAX_LINE_ISSUES:
            self.dropped += 1
            return
        self.line_issues += 1
        result.issues.append(Issue(f"ligne {line} : {message}", line))

    def records(self, raw: bytes) -> Iterator[dict[str, Any]]:
        """Check every line of `raw`; yield the events of the good prefix one at a time."""
        return self.scan_lines(with_last(split_lines(raw)))

    def scan_lines(self, lines: Iterable[Line]) -> Iterator[dict[str, Any]]:
        """Check every `(text, bytes, terminated, last)` line; yield the good events.

        The header is checked before the first event is yielded (`result.header` is set
        once the generator has started); `finish()` runs when the last line is done. The
        lines may come from a file being read (`LogStream`): nothing is kept but the chain.
        """
        result = self.result
        prev = ZERO_HASH
        offset = 0
        expected_seq = 1
        for index, (text, encoded, terminated, last) in enumerate(lines):
            number = index + 1
            data = text.encode("utf-8") if encoded is None and text is not None else encoded
            assert data is not None
            accepted: dict[str, Any] | None = None
            if number == 1:
                obj = TOO_LONG if len(data) > MAX_LINE_BYTES else self.parse_header(text)
                if not self.header(obj, data, terminated, last):
                    return
                stored = result.header.get("hash") if result.header else None
                prev = stored if isinstance(stored, str) else prev
            else:
                obj = TOO_LONG if len(data) > MAX_LINE_BYTES else parse_line(text)
                prev, expected_seq, accepted = self.event(
                    obj, data, number, last, terminated, prev, expected_seq
                )
            offset += len(data) + terminated
            if self.good:
                result.good_size = offset
                result.last_hash = prev
                result.needs_newline = not terminated
            if accepted is not None:
                result.event_count += 1
                if accepted["type"] == "session_ended":
                    self.ended = True
                yield accepted
        self.finish()

    def parse_header(self, text: str | None) -> Any:
        """Line 1 parsed; with `lazy_world`, an inline world is split off, not parsed."""
        if self.lazy_world and text is not None:
            split = split_world(text)
            if split is not None:
                head, world_text = split
                self.result.world_text = world_text
                self.result.header_text = text
                return head
        return parse_line(text)

    # -- header ---------------------------------------------------------------------------

    def header(self, obj: Any, data: bytes, terminated: bool, only: bool) -> bool:
        """Check line 1; False when the file cannot be an ntc file of the expected kind."""
        result = self.result
        is_log = self.expected_format == LOG_FORMAT
        kind = "journal de session" if is_log else "fichier d'évaluation"
        if obj is TOO_LONG:
            self.fault(1, f"ce fichier n'est pas un {kind} NTC (première ligne trop longue : "
                          f"{megabytes(len(data))} ; limite : {megabytes(MAX_LINE_BYTES)})")
            return False
        if obj is BAD_JSON or obj is BAD_UTF8:
            if only and not terminated and data.lstrip().startswith(b"{"):
                self.fault(1, "en-tête incomplet : écriture interrompue avant la fin de l'en-tête")
            else:
                self.fault(1, f"ce fichier n'est pas un {kind} NTC (première ligne illisible)")
            return False
        fmt = obj.get("format") if isinstance(obj, dict) else None
        if not isinstance(obj, dict) or obj.get("type") != "header" or not isinstance(fmt, str):
            self.fault(1, f"ce fichier n'est pas un {kind} NTC (pas d'en-tête reconnu)")
            return False
        family = self.expected_format.split("/")[0] + "/"
        if fmt != self.expected_format:
            if fmt.startswith(family):
                self.fault(1, f"format « {fmt} » non pris en charge par cette version "
                              f"(attendu : {self.expected_format})")
            elif fmt == EVAL_FORMAT:
                self.fault(1, "ceci est un fichier d'évaluation, pas un journal de session")
            elif fmt == LOG_FORMAT:
                self.fault(1, "ceci est un journal de session, pas un fichier d'évaluation")
            else:
                self.fault(1, f"ce fichier n'est pas un {kind} NTC (format « {fmt} »)")
            return False
        result.header = obj
        result.signed = obj.get("signed") is True
        if self.record_ok(obj, data, 1, ZERO_HASH) is None:
            self.fault(1, "en-tête modifié (empreinte incorrecte) : scénario, monde, stagiaire "
                          "ou réglages ne sont plus ceux d'origine")
            return True
        if result.signed and self.key is None:
            result.issues.append(Issue(
                "journal signé mais aucune clé fournie : signature non vérifiée", fatal=False))
        elif not result.signed and self.key is not None:
            result.issues.append(Issue(
                "journal non signé alors qu'une clé de vérification est fournie : "
                "son authenticité ne peut pas être garantie"))
        self.mac_ok(obj, 1, header=True)
        return True

    # -- events ---------------------------------------------------------------------------

    def event(
        self, obj: Any, data: bytes, number: int, last: bool, terminated: bool, prev: str,
        expected_seq: int,
    ) -> tuple[str, int, dict[str, Any] | None]:
        """Check one event line: `(prev_hash, expected_seq)` for the next line and the event
        when it joins the good prefix."""
        if obj is TOO_LONG:
            self.fault(number, f"ligne trop longue ({megabytes(len(data))} ; limite : "
                               f"{megabytes(MAX_LINE_BYTES)}) : ligne ajoutée ou fichier abîmé")
            return prev, expected_seq + 1, None
        if obj is BAD_JSON or obj is BAD_UTF8:
            if not data.strip():
                self.fault(number, "ligne vide (ligne ajoutée ou contenu effacé)")
            elif last and not terminated:  # what a crash leaves: a prefix of the line
                if self.good:
                    self.result.truncated = True
                    self.fault(number, "dernière ligne incomplète : écriture interrompue "
                                       "(arrêt brutal ?) ; les événements précédents sont intacts")
                else:
                    self.fault(number, "dernière ligne incomplète")
            elif obj is BAD_UTF8:
                self.fault(number, "texte non UTF-8 (ligne modifiée ou fichier abîmé)")
            else:
                self.fault(number, "JSON invalide (ligne modifiée ou fichier abîmé)")
            return prev, expected_seq + 1, None
        if not isinstance(obj, dict):
            self.fault(number, "ce n'est pas un objet JSON (ligne modifiée)")
            return prev, expected_seq + 1, None
        seq = obj.get("seq")
        record_hash = self.record_ok(obj, data, number, prev)
        if record_hash is None:
            hint = chain_hint(number, seq, expected_seq)
            self.fault(number, f"chaîne de hachage rompue : {hint}")
            stored = obj.get("hash")
            next_seq = seq + 1 if type(seq) is int else expected_seq + 1
            return (stored if isinstance(stored, str) else prev), next_seq, None
        if (type(seq) is not int or type(obj.get("t_ms")) is not int
                or type(obj.get("time")) is not str or type(obj.get("type")) is not str
                or type(obj.get("data")) is not dict):
            name = next(n for n, kind in _EVENT_FIELDS if type(obj.get(n)) is not kind)
            self.fault(number, f"événement mal formé (champ « {name} » absent ou invalide)")
            return record_hash, expected_seq + 1, None
        if obj["type"] == "header":
            self.fault(number, "en-tête en double")
        elif seq != expected_seq:
            self.fault(number, f"événement n° {seq} trouvé, n° {expected_seq} attendu "
                               "(événement supprimé, ajouté ou renuméroté)")
        elif self.mac_ok(obj, number, header=False) and self.good:
            return record_hash, int(obj["seq"]) + 1, obj
        return record_hash, int(obj["seq"]) + 1, None

    # -- chain and signature --------------------------------------------------------------

    def record_ok(self, obj: dict[str, Any], data: bytes, number: int, prev: str) -> str | None:
        """Return the record's hash when it chains after `prev`, else None."""
        stored = obj.get("hash")
        mac = obj.get("mac")
        if not isinstance(stored, str) or not (mac is None or isinstance(mac, str)):
            return None
        try:
            tail = _HASH_KEY + stored.encode("ascii") + (
                b'"}' if mac is None else _MAC_KEY + mac.encode("ascii") + b'"}')
        except UnicodeEncodeError:
            return None
        if not data.endswith(tail):
            return None
        digest = hashlib.sha256(prev.encode("utf-8"))
        digest.update(memoryview(data)[: len(data) - len(tail)])
        digest.update(b"}")
        if digest.hexdigest() != stored:
            return None
        if self.strict and data[: len(data) - len(tail)] + b"}" != canonical(
            strip_chain(obj)
        ).encode("utf-8"):
            self.fault(number, "texte non canonique (ligne réécrite par un autre outil)")
        return stored

    def mac_ok(self, obj: dict[str, Any], number: int, *, header: bool) -> bool:
        """Check the HMAC of a record of a signed file (True when fine or not applicable)."""
        if not self.result.signed:
            return True
        mac = obj.get("mac")
        if not isinstance(mac, str):
            self.fault(number, "signature manquante dans un journal signé (ligne réécrite)")
            return False
        if self.signer is None or self.wrong_key:
            return True
        if hmac.compare_digest(mac, self.signer.mac(obj["hash"])):
            return True
        if header:
            self.wrong_key = True
            self.fault(number, "signature de l'en-tête invalide : clé différente de celle du "
                               "centre qui a signé, ou en-tête réécrit")
        else:
            self.fault(number, "signature invalide : ligne modifiée puis empreintes "
                               "recalculées sans la clé")
        return False

    def finish(self) -> None:
        result = self.result
        if self.dropped:
            more = ("1 autre problème non détaillé" if self.dropped == 1
                    else f"{self.dropped} autres problèmes non détaillés")
            result.issues.append(Issue(f"… et {more}"))
        result.complete = self.ended
        result.verified = result.header is not None and not any(i.fatal for i in result.issues)
        result.signature_checked = result.verified and result.signed and self.key is not None
        if result.truncated and len([i for i in result.issues if i.fatal and i.line]) > 1:
            result.truncated = False
