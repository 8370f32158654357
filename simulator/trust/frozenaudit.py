"""An accepted audit as plain JSON, before its centre-records check (session result cache).

What `audit_log(..., registry=False)` established about a log is a function of the log's
bytes, its sidecar, its world, its scenario and the code — what the cache key names. The
centre-records check is not: it is run again on the restored audit by the same
`check_registry` (from its last event and resume count). Any shape other than the
expected one raises ValueError.
"""

from __future__ import annotations

from typing import Any

from scoring.frozen import head_of
from simulator.trust.audit import Audit, Flag
from simulator.trust.provenance import Provenance
from simulator.trust.resumes import Resume


def freeze_audit(audit: Audit) -> dict[str, Any]:
    """The JSON of an accepted audit (refused audits are never stored)."""
    assert audit.header is not None and audit.refused is None and audit.provenance is not None
    prov = audit.provenance
    return {
        "head": head_of(audit.header), "signed": audit.signed,
        "signature_checked": audit.signature_checked, "chain_ok": audit.chain_ok,
        "reexecuted": audit.reexecuted, "complete": audit.complete, "ended": audit.ended,
        "node": audit.node, "event_count": audit.event_count, "last_seq": audit.last_seq,
        "provenance": [prov.kind, prov.message, prov.blocking],
        "resumes": [[r.after_seq, r.node, r.time, r.authorized_by] for r in audit.resumes],
        "flags": [[f.message, f.blocking] for f in audit.flags],
        "limits": list(audit.limits),
        "last_hash": audit.last_hash, "resumed": audit.resumed}


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("boolean expected")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("integer expected")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text expected")
    return value


def _rows(value: Any, size: int) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(r, list) and len(r) == size
                                              for r in value):
        raise ValueError("rows expected")
    return value


def thaw_audit(path: str, data: Any) -> Audit:
    """The audit `freeze_audit` stored, for the log at `path` (its name now)."""
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        raise ValueError("audit expected")
    kind, message, blocking = _rows([data.get("provenance")], 3)[0]
    audit = Audit(path, header=data["head"], event_count=_int(data.get("event_count")),
                  last_seq=_int(data.get("last_seq")), ended=_bool(data.get("ended")),
                  chain_ok=_bool(data.get("chain_ok")), signed=_bool(data.get("signed")),
                  signature_checked=_bool(data.get("signature_checked")),
                  reexecuted=_bool(data.get("reexecuted")), cached=True,
                  complete=_bool(data.get("complete")), node=_str(data.get("node")),
                  provenance=Provenance(_str(kind), _str(message), _bool(blocking)))
    if not audit.chain_ok or not audit.reexecuted:
        raise ValueError("only accepted audits are stored")
    audit.resumes = [Resume(_int(a), _str(n), _str(t), _str(w))
                     for a, n, t, w in _rows(data.get("resumes"), 4)]
    audit.flags = [Flag(_str(m), _bool(b)) for m, b in _rows(data.get("flags"), 2)]
    limits = data.get("limits")
    if not isinstance(limits, list):
        raise ValueError("limits expected")
    audit.limits = [_str(text) for text in limits]
    audit.last_hash, audit.resumed = _str(data.get("last_hash")), _int(data.get("resumed"))
    return audit
