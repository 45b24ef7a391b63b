-- Emotion-reset reminders, breaks, and the flags an agent's hard calls raise for the lead.
-- Times are UTC ISO-8601 text; ids are UUIDv7 text. Moods are 1 (low) to 5 (good).

CREATE TABLE reminders (
    id             TEXT PRIMARY KEY,
    agent          TEXT NOT NULL,
    trigger        TEXT NOT NULL CHECK (trigger IN ('abusive_call', 'upset_streak', 'long_talk')),
    state          TEXT NOT NULL CHECK (state IN ('pending', 'shown', 'snoozed', 'dismissed', 'taken')),
    created_at     TEXT NOT NULL,
    shown_at       TEXT,
    updated_at     TEXT NOT NULL,
    snoozes_used   INTEGER NOT NULL DEFAULT 0 CHECK (snoozes_used >= 0),
    snooze_until   TEXT,
    dismiss_reason TEXT CHECK (dismiss_reason IN ('fine', 'busy', 'later')),
    CHECK ((state = 'dismissed') = (dismiss_reason IS NOT NULL)),
    CHECK ((state = 'snoozed') = (snooze_until IS NOT NULL))
);
CREATE INDEX reminders_agent_created ON reminders (agent, created_at);

-- Every state a reminder passed through, in order; rows are only ever added.
CREATE TABLE reminder_events (
    id            TEXT PRIMARY KEY,
    reminder_id   TEXT NOT NULL REFERENCES reminders (id),
    state         TEXT NOT NULL CHECK (state IN ('pending', 'shown', 'snoozed', 'dismissed', 'taken')),
    at            TEXT NOT NULL,
    snoozes_used  INTEGER NOT NULL,
    dismiss_reason TEXT
);
CREATE INDEX reminder_events_reminder ON reminder_events (reminder_id, at);
CREATE TRIGGER reminder_events_no_update BEFORE UPDATE ON reminder_events
BEGIN
    SELECT RAISE(ABORT, 'reminder_events is append-only');
END;
CREATE TRIGGER reminder_events_no_delete BEFORE DELETE ON reminder_events
BEGIN
    SELECT RAISE(ABORT, 'reminder_events is append-only');
END;

CREATE TABLE breaks (
    id          TEXT PRIMARY KEY,
    agent       TEXT NOT NULL,
    code        TEXT NOT NULL CHECK (code IN ('rest', 'meal', 'training', 'coaching', 'technical', 'reset')),
    trigger     TEXT CHECK (trigger IN ('abusive_call', 'upset_streak', 'long_talk')),
    reminder_id TEXT REFERENCES reminders (id),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 5),
    mood_after  INTEGER CHECK (mood_after BETWEEN 1 AND 5),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX breaks_agent_started ON breaks (agent, started_at);
-- An agent is on at most one break at a time.
CREATE UNIQUE INDEX breaks_one_open ON breaks (agent) WHERE ended_at IS NULL;

-- Raised on the workstation, picked up by the nightly sync for the shift lead's board.
CREATE TABLE lead_flags (
    id         TEXT PRIMARY KEY,
    agent      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind <> ''),
    call_id    TEXT REFERENCES calls (id),
    created_at TEXT NOT NULL,
    synced_at  TEXT,
    UNIQUE (kind, call_id)
);
CREATE INDEX lead_flags_unsynced ON lead_flags (created_at) WHERE synced_at IS NULL;
