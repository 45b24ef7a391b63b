-- The shift lead's board: one row per complaint, where it stands as `derive` reads its
-- chain, kept by the register's writers in the same transaction as the events they
-- append (tui.central.board_model), so a board refresh reads one narrow table instead
-- of replaying ten thousand chains. Never written by hand: a row is always what the
-- chain says. Complaints already at central are filled in when this migration runs.
CREATE TABLE board_complaints (
    complaint_id    TEXT PRIMARY KEY,
    station         TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    owner           TEXT NOT NULL,
    status          TEXT NOT NULL,
    class_code      TEXT NOT NULL,
    department      TEXT NOT NULL,
    promised_at     TEXT,
    promise_made_at TEXT NOT NULL,
    remaining_s     INTEGER,
    escalated       INTEGER NOT NULL,
    -- The follow-up calls scheduled and not yet done: [[event id, due at], ...].
    followups       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    last_event_at   TEXT NOT NULL
);
CREATE INDEX board_complaints_status ON board_complaints (status);

-- The floor's "today": every agent's calls and reset offers since the shift's day began.
CREATE INDEX calls_started ON calls (started_at);
CREATE INDEX reminders_created ON reminders (created_at);

-- Every view of the board with names and numbers shown (`agentdesk lead --unmask`):
-- who looked, from which machine, at what, and when. Never changed, never removed.
CREATE TABLE board_unmask_log (
    id   TEXT PRIMARY KEY,
    lead TEXT NOT NULL,
    host TEXT NOT NULL,
    view TEXT NOT NULL,
    at   TEXT NOT NULL
);
CREATE TRIGGER board_unmask_log_no_update BEFORE UPDATE ON board_unmask_log
BEGIN SELECT RAISE(ABORT, 'central board_unmask_log is append-only'); END;
CREATE TRIGGER board_unmask_log_no_delete BEFORE DELETE ON board_unmask_log
BEGIN SELECT RAISE(ABORT, 'central board_unmask_log is append-only'); END;
