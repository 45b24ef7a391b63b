-- The central store: every workstation's records, side by side, each row naming the
-- station that sent it. Columns and values are the workstation's own (UTC ISO-8601 text,
-- UUIDv7 ids), so a row reads the same in every place. No foreign keys: rows arrive
-- stream by stream, from many stations, in batches; the register proves itself by its
-- hash chains instead.

-- One row per workstation. `install_id` is the workstation database's own random id:
-- a station name claimed by a second machine is refused, not merged.
CREATE TABLE stations (
    station       TEXT PRIMARY KEY,
    install_id    TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_push_at  TEXT,
    last_pull_at  TEXT
);

-- The resume point: how far central has taken each stream of each station. Written in
-- the same transaction as the rows it counts, so a kill can never leave it ahead of them.
CREATE TABLE sync_cursors (
    station TEXT NOT NULL,
    stream  TEXT NOT NULL,
    last_rowid BIGINT NOT NULL,
    PRIMARY KEY (station, stream)
);

CREATE TABLE call_starts (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    agent      TEXT NOT NULL,
    started_at TEXT NOT NULL
);

CREATE TABLE calls (
    id           TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    agent        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT NOT NULL,
    caller       TEXT NOT NULL,
    reason_code  TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    mood         TEXT NOT NULL,
    satisfaction INTEGER,
    note         TEXT NOT NULL
);
CREATE INDEX calls_agent_started ON calls (agent, started_at);

CREATE TABLE call_reason_corrections (
    id           TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    call_id      TEXT NOT NULL,
    from_code    TEXT NOT NULL,
    to_code      TEXT NOT NULL,
    agent        TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);

CREATE TABLE call_discards (
    call_id      TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    agent        TEXT NOT NULL,
    discarded_at TEXT NOT NULL,
    reason       TEXT NOT NULL
);

CREATE TABLE complaints (
    id               TEXT PRIMARY KEY,
    station          TEXT NOT NULL,
    call_id          TEXT,
    opened_at        TEXT NOT NULL,
    opened_by        TEXT NOT NULL,
    customer_name    TEXT NOT NULL,
    contact          TEXT NOT NULL,
    reference        TEXT NOT NULL,
    class_code       TEXT NOT NULL,
    department       TEXT NOT NULL,
    what_happened    TEXT NOT NULL,
    remedy_requested TEXT NOT NULL
);

-- The register: exactly the workstation's columns, so every copy of a chain is the same
-- bytes. One place per (complaint, seq): a fork is refused by the key itself.
CREATE TABLE complaint_events (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    payload      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (complaint_id, seq)
);

CREATE TABLE reminders (
    id             TEXT PRIMARY KEY,
    station        TEXT NOT NULL,
    agent          TEXT NOT NULL,
    trigger        TEXT NOT NULL,
    state          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    shown_at       TEXT,
    updated_at     TEXT NOT NULL,
    snoozes_used   INTEGER NOT NULL,
    snooze_until   TEXT,
    dismiss_reason TEXT
);

CREATE TABLE reminder_events (
    id             TEXT PRIMARY KEY,
    station        TEXT NOT NULL,
    reminder_id    TEXT NOT NULL,
    state          TEXT NOT NULL,
    at             TEXT NOT NULL,
    snoozes_used   INTEGER NOT NULL,
    dismiss_reason TEXT
);

CREATE TABLE breaks (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    agent       TEXT NOT NULL,
    code        TEXT NOT NULL,
    trigger     TEXT,
    reminder_id TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    mood_before INTEGER,
    mood_after  INTEGER
);
CREATE INDEX breaks_agent_started ON breaks (agent, started_at);

CREATE TABLE lead_flags (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    agent      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    call_id    TEXT,
    created_at TEXT NOT NULL
);

-- Where each agent is now, as their desk last said (pushed at least every minute).
CREATE TABLE agent_states (
    agent       TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('ready', 'on_call', 'after_call', 'on_break', 'signed_out')),
    since       TEXT NOT NULL,
    break_code  TEXT,
    reported_at TEXT NOT NULL
);

-- Records are only ever added: what a workstation sent is what happened.
CREATE FUNCTION central_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'central % is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER call_starts_append_only BEFORE UPDATE OR DELETE ON call_starts
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER calls_append_only BEFORE UPDATE OR DELETE ON calls
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER call_reason_corrections_append_only BEFORE UPDATE OR DELETE ON call_reason_corrections
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER call_discards_append_only BEFORE UPDATE OR DELETE ON call_discards
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER complaints_append_only BEFORE UPDATE OR DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
    FOR EACH ROW EXECUTE FUNCTION central_append_only();
CREATE TRIGGER reminder_events_append_only BEFORE UPDATE OR DELETE ON reminder_events
    FOR EACH ROW EXECUTE FUNCTION central_append_only();

-- TRUNCATE skips row triggers: refused by a statement trigger of its own.
CREATE TRIGGER call_starts_no_truncate BEFORE TRUNCATE ON call_starts
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER calls_no_truncate BEFORE TRUNCATE ON calls
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER call_reason_corrections_no_truncate BEFORE TRUNCATE ON call_reason_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER call_discards_no_truncate BEFORE TRUNCATE ON call_discards
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER complaints_no_truncate BEFORE TRUNCATE ON complaints
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER complaint_events_no_truncate BEFORE TRUNCATE ON complaint_events
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
CREATE TRIGGER reminder_events_no_truncate BEFORE TRUNCATE ON reminder_events
    FOR EACH STATEMENT EXECUTE FUNCTION central_append_only();
