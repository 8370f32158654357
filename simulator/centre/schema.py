"""Versioned schema of the centre records (SQLite `PRAGMA user_version`).

Each migration takes the database from version i to i + 1 and is never edited once
released: a centre's file written by an older build is upgraded in place, in one
transaction, when a newer build opens it. Add a migration at the end to change the schema.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # v1: trainees, sessions as registered live, evaluator overrides, decisions.
    """
    CREATE TABLE trainees (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,          -- casefolded, accent-free: one trainee per person
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,               -- the log's session_id
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        scenario_id TEXT NOT NULL,
        scenario_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed INTEGER,
        started_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,              -- running | ended | interrupted
        resumes INTEGER NOT NULL DEFAULT 0,
        log_path TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX sessions_by_trainee ON sessions(trainee_id, started_at);
    CREATE TABLE overrides (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,              -- event number in the evaluator's sidecar
        criterion TEXT NOT NULL,
        decision TEXT NOT NULL,
        justification TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    CREATE TABLE decisions (
        trainee_id INTEGER NOT NULL REFERENCES trainees(id),
        item TEXT NOT NULL,                -- CCP1, C3…
        kind TEXT NOT NULL,                -- ccp | competence
        status TEXT NOT NULL,              -- acquis | non acquis | non évalué | en cours
        decided_on TEXT,                   -- ISO date of the acquisition
        sessions TEXT NOT NULL DEFAULT '[]',   -- JSON list of deciding session ids
        PRIMARY KEY (trainee_id, item)
    );
    """,
    # v2: what scoring decided in each session, and the livret's dates per trainee.
    """
    ALTER TABLE sessions ADD COLUMN scenario_version TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN referential TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN ended_at TEXT;
    ALTER TABLE sessions ADD COLUMN outcome TEXT;
    ALTER TABLE sessions ADD COLUMN last_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN scored INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE decisions ADD COLUMN referential TEXT NOT NULL DEFAULT 'TP-00338';
    ALTER TABLE decisions ADD COLUMN detail TEXT NOT NULL DEFAULT '';
    CREATE TABLE session_scores (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        kind TEXT NOT NULL,                -- ccp | competence
        decision TEXT NOT NULL,
        PRIMARY KEY (session_id, item)
    );
    CREATE TABLE livrets (
        trainee_id INTEGER PRIMARY KEY REFERENCES trainees(id),
        referential TEXT NOT NULL,
        first_ccp_on TEXT,                 -- start of the five-year capitalisation window
        deadline TEXT,
        title_on TEXT,                     -- both CCPs acquired within the window
        updated_at TEXT NOT NULL
    );
    """,
    # v3: the xAPI outbox (statements queued until an LRS acknowledges them).
    """
    CREATE TABLE xapi_outbox (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,           -- statement id (uuid5): re-queueing is a no-op
        session_id TEXT NOT NULL,
        statement TEXT NOT NULL,           -- JSON
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX xapi_outbox_pending ON xapi_outbox(sent_at, rowid);
    """,
    # v4: a resume that started behind what the records had seen (log cut, then resumed).
    """
    ALTER TABLE sessions ADD COLUMN rewound_seq INTEGER;   -- first event absent or modified
    """,
)

VERSION = len(MIGRATIONS)
