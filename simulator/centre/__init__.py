"""Centre records: trainees, sessions, livret de certification, cohort, xAPI and LRS.

Imports scoring and log (never the engine, never Textual); the CLI and the TUI use it.

    from simulator.centre import CentreRecords, SessionRecorder, CentreError
    recorder = SessionRecorder(log_path=path); recorder.attach(session)
    with CentreRecords() as records:                 # <data dir>/centre.sqlite3
        ingest_log(records, path)                    # import / end of session
        load_livret(records, "Camille Martin"); load_cohort(records)
        push(records, load_config())                 # queued xAPI statements → LRS
    rebuild()                                        # records recreated from the logs
"""

from simulator.centre.errors import CentreError
from simulator.centre.records import CentreRecords, SessionInfo
from simulator.centre.registry import SessionRecorder

__all__ = ["CentreError", "CentreRecords", "SessionInfo", "SessionRecorder"]
