-- Reference data (sent out by the nightly sync) and the calls an agent takes.
-- Times are UTC ISO-8601 text; ids are UUIDv7 text, so many workstations merge in order.

CREATE TABLE reasons (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES reasons (code),
    label_zh    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    label_ko    TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX reasons_parent ON reasons (parent_code);

CREATE TABLE phrases (
    code  TEXT NOT NULL,
    lang  TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'ko')),
    grp   TEXT NOT NULL CHECK (grp IN ('greeting', 'verification', 'hold', 'transfer',
                                       'apology', 'promise', 'closing')),
    text  TEXT NOT NULL,
    sort  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (code, lang)
);

CREATE TABLE forbidden_phrases (
    lang    TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'ko')),
    phrase  TEXT NOT NULL,
    rule    TEXT NOT NULL,
    instead TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (lang, phrase)
);

CREATE TABLE calls (
    id           TEXT PRIMARY KEY,
    agent        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT NOT NULL,
    caller       TEXT NOT NULL DEFAULT '',
    reason_code  TEXT NOT NULL REFERENCES reasons (code),
    outcome      TEXT NOT NULL CHECK (outcome IN ('answered', 'forwarded', 'handled', 'complaint')),
    mood         TEXT NOT NULL CHECK (mood IN ('calm', 'upset', 'abusive')),
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    note         TEXT NOT NULL DEFAULT '',
    CHECK (ended_at >= started_at)
);
CREATE INDEX calls_agent_started ON calls (agent, started_at);

-- A wrong tag is corrected, never overwritten: the original stays on the call row.
CREATE TABLE call_reason_corrections (
    id           TEXT PRIMARY KEY,
    call_id      TEXT NOT NULL REFERENCES calls (id),
    from_code    TEXT NOT NULL REFERENCES reasons (code),
    to_code      TEXT NOT NULL REFERENCES reasons (code),
    agent        TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);
CREATE INDEX call_reason_corrections_call ON call_reason_corrections (call_id, corrected_at);
