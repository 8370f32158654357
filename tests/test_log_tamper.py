"""Every alteration of a log is detected; a crash-cut tail is told apart and resumable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_log_support import lines_of, make_log, records_of, rehash, write_lines

from simulator.log import LogError, LogWriter, read_log, read_log_bytes

KEY = b"cle-du-centre"


def _assert_detected(path: Path, key: bytes | None = None) -> None:
    result = read_log(path, key)
    assert not result.verified, path.read_text(encoding="utf-8", errors="replace")
    assert result.errors


@pytest.mark.parametrize("key", [None, KEY])
def test_every_single_byte_change_is_detected(tmp_path: Path, key: bytes | None) -> None:
    original = make_log(tmp_path / "orig.jsonl", key, events=3).read_bytes()
    path = tmp_path / "s.jsonl"
    for position in range(len(original)):
        byte = original[position]
        for replacement in (byte ^ 0x01, ord("0") if byte != ord("0") else 0xC3):
            altered = bytearray(original)
            altered[position] = replacement
            result = read_log_bytes(bytes(altered), key)
            assert not result.verified, (position, replacement)
            # whatever happened, the events kept are a prefix of the original ones
            assert len(result.events) <= 3
            if position % 97 == 0:  # the file reader says the same
                path.write_bytes(bytes(altered))
                assert read_log(path, key).problems == result.problems


def test_changed_value_points_at_its_line(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    lines[3] = lines[3].replace('"n2"', '"n9"')
    write_lines(path, lines)
    result = read_log(path)
    assert result.first_bad_line == 4 and len(result.events) == 2
    assert result.problems[0].startswith("ligne 4 : chaîne de hachage rompue")
    assert "modifiée" in result.problems[0]
    assert not result.truncated and not result.resumable


def test_deleted_line(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    del lines[2]
    write_lines(path, lines)
    result = read_log(path)
    assert result.first_bad_line == 3 and len(result.events) == 1
    assert "n° 2 absent (ligne supprimée)" in result.problems[0]


def test_deleted_last_lines_leave_an_incomplete_log(tmp_path: Path) -> None:
    # A chain cannot tell a cut end from a crash; the missing session_ended shows it.
    path = make_log(tmp_path / "s.jsonl")
    write_lines(path, lines_of(path)[:-1])
    result = read_log(path)
    assert result.verified and not result.complete


@pytest.mark.parametrize(("first", "second"), [(1, 2), (2, 5), (5, 6)])
def test_swapped_lines(tmp_path: Path, first: int, second: int) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    lines[first], lines[second] = lines[second], lines[first]
    write_lines(path, lines)
    result = read_log(path)
    assert not result.verified and result.first_bad_line == first + 1
    assert len(result.events) == first - 1


@pytest.mark.parametrize("index", [0, 1, 3, 6])
def test_duplicated_line(tmp_path: Path, index: int) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    lines.insert(index, lines[index])
    write_lines(path, lines)
    result = read_log(path)
    assert not result.verified and result.first_bad_line == index + 2
    if index:
        assert "déplacée ou dupliquée" in result.problems[0]


def test_inserted_blank_line(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    lines.insert(3, "")
    write_lines(path, lines)
    result = read_log(path)
    assert result.first_bad_line == 4 and "ligne vide" in result.problems[0]
    assert not result.resumable


@pytest.mark.parametrize(
    ("field", "value"),
    [("scenario", {"id": "prospection", "version": "1.0", "sha256": "cd" * 32, "path": "p.yaml"}),
     ("world", {"client": {"raison_sociale": "Autre", "ca_annuel": 1}}),
     ("trainee", "Quelqu'un d'autre"),
     ("signed", True)],
)
def test_edited_header(tmp_path: Path, field: str, value: object) -> None:
    path = make_log(tmp_path / "s.jsonl")
    records = records_of(path)
    records[0][field] = value
    lines = lines_of(path)
    lines[0] = json.dumps(records[0], ensure_ascii=False)
    write_lines(path, lines)
    result = read_log(path)
    assert result.first_bad_line == 1 and "en-tête modifié" in result.problems[0]
    assert result.events == [] and not result.resumable
    # a forger who also recomputes the header hash breaks the link to event 1
    records[0]["hash"] = "0" * 64
    lines[0] = rehash(records[:1])[0]
    write_lines(path, lines)
    result = read_log(path)
    if field == "signed":  # now claims a signature it does not carry
        assert result.first_bad_line == 1 and "signature manquante" in result.errors[0]
    else:
        assert result.first_bad_line == 2 and "chaîne de hachage rompue" in result.problems[0]


def test_unsigned_full_rehash_is_undetectable_without_key(tmp_path: Path) -> None:
    # Documented limit: without a key the chain only proves internal consistency.
    path = make_log(tmp_path / "s.jsonl")
    records = records_of(path)
    records[0]["trainee"] = "Autre"
    write_lines(path, rehash(records))
    assert read_log(path).verified


@pytest.mark.parametrize("where", [0, 2, 6])
def test_signed_log_rehashed_without_key_is_detected(tmp_path: Path, where: int) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY)
    records = records_of(path)
    if where == 0:
        records[0]["trainee"] = "Autre"
    else:
        records[where]["data"]["text"] = "Réponse améliorée"
    write_lines(path, rehash(records))  # stale macs kept
    result = read_log(path, KEY)
    assert not result.verified and result.first_bad_line == where + 1
    assert "signature" in result.problems[0]
    assert len(result.events) == max(where - 1, 0)
    # without the key only the warning remains: the evaluator is told it was not checked
    unchecked = read_log(path)
    assert unchecked.verified and not unchecked.signature_checked
    assert unchecked.warnings == ["journal signé mais aucune clé fournie : signature non vérifiée"]


def test_signed_log_rehashed_with_a_wrong_key(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY)
    records = records_of(path)
    records[3]["data"]["choice"] = "b"
    write_lines(path, rehash(records, key=b"une-autre-cle"))
    result = read_log(path, KEY)
    assert result.first_bad_line == 1 and "signature de l'en-tête invalide" in result.problems[0]
    assert len(result.problems) == 1


def test_signature_stripped_is_detected_with_key(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY)
    records = records_of(path)
    records[0]["signed"] = False
    for record in records:
        record.pop("mac")
    records[2]["data"]["choice"] = "b"
    write_lines(path, rehash(records, keep_mac=False))
    result = read_log(path, KEY)
    assert not result.verified
    assert any("non signé alors qu'une clé" in p for p in result.problems)


def test_missing_mac_in_signed_log(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY)
    records = records_of(path)
    records[4].pop("mac")
    write_lines(path, rehash(records))
    for key in (KEY, None):
        result = read_log(path, key)
        assert result.first_bad_line == 5 and "signature manquante" in result.errors[0]


def test_non_canonical_rewrite_is_reported_in_strict_mode(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    records = records_of(path)
    from simulator.log.canon import ZERO_HASH, hash_text, strip_chain

    body = json.dumps(strip_chain(records[0]), sort_keys=True, ensure_ascii=True,
                      separators=(",", ":"))
    lines = lines_of(path)
    assert body != lines[0].split(',"hash"')[0] + "}"
    lines[0] = body[:-1] + f',"hash":"{hash_text(ZERO_HASH, body)}"}}'
    write_lines(path, lines)
    assert read_log(path, strict=True).first_bad_line == 1


def test_many_faults_are_capped(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", events=40)
    lines = lines_of(path)
    write_lines(path, [lines[0], *reversed(lines[1:])])
    result = read_log(path)
    assert len(result.problems) == 21 and "autres problèmes non détaillés" in result.problems[-1]


# -- truncation ------------------------------------------------------------------------


def test_every_cut_of_the_last_line_is_a_resumable_truncation(tmp_path: Path) -> None:
    full = make_log(tmp_path / "orig.jsonl", KEY, events=4, end=False).read_bytes()
    last_start = full.rstrip(b"\n").rfind(b"\n") + 1
    path = tmp_path / "s.jsonl"
    for cut in range(last_start + 1, len(full) - 1):
        result = read_log_bytes(full[:cut], KEY)
        if cut % 50 == 0:
            path.write_bytes(full[:cut])
            assert read_log(path, KEY).good_size == result.good_size == last_start
        assert result.truncated and result.resumable and not result.verified, cut
        assert result.first_bad_line == 5 and len(result.events) == 3
        assert result.problems == [
            "ligne 5 : dernière ligne incomplète : écriture interrompue (arrêt brutal ?) ; "
            "les événements précédents sont intacts"]


def test_cut_inside_a_multibyte_character(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with LogWriter.create(path, {"trainee": "x"}) as writer:
        writer.append("free_text", {"text": "é" * 50})
    data = path.read_bytes()
    cut = data.index("é".encode()) + 1
    path.write_bytes(data[:cut])
    result = read_log(path)
    assert result.truncated and result.first_bad_line == 2


def test_resume_after_truncation_sets_the_tail_aside(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY, events=4, end=False)
    full = path.read_bytes()
    good = full[: full.rstrip(b"\n").rfind(b"\n") + 1]
    path.write_bytes(full[:-20])
    writer, result = LogWriter.resume(path, KEY)
    with writer:
        assert result.truncated and len(result.events) == 3 and writer.next_seq == 4
        assert writer.aside == tmp_path / "s.jsonl.abime-1"
        assert writer.aside.read_bytes() == full[len(good):-20]
        assert path.read_bytes() == good
        assert writer.clock.ms() >= result.events[-1]["t_ms"]
        writer.append("session_resumed", {"after_seq": 3})
        writer.append("session_ended", {"node": "fin", "outcome": "abandon", "text": ""})
    final = read_log(path, KEY, strict=True)
    assert final.verified and final.complete and final.signature_checked
    assert [e["seq"] for e in final.events] == [1, 2, 3, 4, 5]
    # a finished session is never resumed, even with garbage after its end
    path.write_bytes(path.read_bytes() + b'{"seq":6,')
    with pytest.raises(LogError, match="déjà terminée"):
        LogWriter.resume(path, KEY)


def test_resume_adds_missing_final_newline(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", end=False)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    writer, result = LogWriter.resume(path)
    with writer:
        assert result.verified and writer.aside is None
        writer.append("session_resumed", {"after_seq": 5})
    assert read_log(path).verified and len(read_log(path).events) == 7


def test_resume_refuses_altered_logs_and_leaves_them_intact(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", end=False)
    lines = lines_of(path)
    lines[2] = lines[2].replace('"a"', '"b"')
    write_lines(path, [*lines, '{"seq":'])
    before = path.read_bytes()
    with pytest.raises(LogError, match=r"altéré \(ligne 3 : chaîne de hachage rompue"):
        LogWriter.resume(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.abime-*"))


def test_resume_needs_the_key_of_a_signed_log(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", KEY, end=False)
    with pytest.raises(LogError, match="aucune clé"):
        LogWriter.resume(path)
    with pytest.raises(LogError, match="signature de l'en-tête invalide"):
        LogWriter.resume(path, b"mauvaise")


def test_resume_of_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="introuvable"):
        LogWriter.resume(tmp_path / "absent.jsonl")
    (tmp_path / "vide.jsonl").touch()
    with pytest.raises(LogError, match="fichier vide"):
        LogWriter.resume(tmp_path / "vide.jsonl")


def test_resume_of_unsigned_log_with_key_stays_unsigned(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", end=False)
    writer, _ = LogWriter.resume(path, KEY)
    with writer:
        assert not writer.signed
        writer.append("timer", {})
    assert read_log(path).verified


def test_file_resaved_by_an_editor(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", end=False)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = read_log(path)
    assert not result.verified and len(result.events) == 6 and result.first_bad_line is None
    assert result.problems == [
        "fichier réenregistré par un éditeur de texte (marque BOM ajoutée en tête, fins de "
        "ligne Windows (CRLF)) : le fichier a été modifié ; le contenu est vérifié après "
        "correction"]
    with pytest.raises(LogError, match="Reprise impossible"):
        LogWriter.resume(path)


def test_disk_full_midway_keeps_the_log_resumable(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from simulator.log import chain

    path = make_log(tmp_path / "s.jsonl", KEY, end=False)
    writer, _ = LogWriter.resume(path, KEY)
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(chain.os, "write", half_then_full)
    with pytest.raises(LogError, match=r"Écriture du journal .* impossible : plus de place"):
        writer.append("free_text", {"text": "x" * 100})
    assert writer.closed
    monkeypatch.setattr(chain.os, "write", real_write)
    result = read_log(path, KEY)
    assert result.truncated and len(result.events) == 6
    writer, _ = LogWriter.resume(path, KEY)
    with writer:
        writer.append("session_resumed", {"after_seq": 6})
    assert read_log(path, KEY).verified
