-- Where each complaint stands, kept beside the register so the queue can read its first
-- screenful in order without replaying every event of every open complaint.
--
-- This is a cache of `tui.domain.register.derive`, never a record: nothing writes it but
-- the triggers below, which apply each appended event exactly as `apply` does, and the
-- backfill at the end, which rebuilds it from the events alone. The register itself stays
-- append-only; a test replays random event sequences and checks these rows against
-- `derive`. Instants are the stored UTC ISO text, which sorts in time order. Columns read
-- from a payload may be NULL: a damaged register must still open (and `verify` says why).
-- Free text (the department) is not kept: json_extract ends text at a U+0000, and the queue
-- reads every shown field from the events anyway.

CREATE TABLE complaint_state (
    complaint_id         TEXT PRIMARY KEY,
    status               TEXT NOT NULL,
    owner                TEXT NOT NULL,
    opened_at            TEXT NOT NULL,
    class_code           TEXT,
    escalated            INTEGER NOT NULL,
    original_promised_at TEXT,
    promised_at          TEXT,
    promise_made_at      TEXT NOT NULL,
    remaining_s          INTEGER,
    extensions           INTEGER NOT NULL,
    last_event_at        TEXT NOT NULL,
    events               INTEGER NOT NULL
);
-- The queue's order within one agent's running clocks: soonest promise first.
CREATE INDEX complaint_state_queue ON complaint_state (owner, status, promised_at, opened_at);

-- Follow-up calls (回访) scheduled and not yet done.
CREATE TABLE complaint_followups_due (
    event_id     TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL,
    due_at       TEXT
);
CREATE INDEX complaint_followups_due_complaint ON complaint_followups_due (complaint_id);

CREATE TRIGGER complaint_state_opened AFTER INSERT ON complaint_events
WHEN NEW.seq = 1 AND NEW.kind = 'opened'
BEGIN
    INSERT INTO complaint_state VALUES (
        NEW.complaint_id,
        'open',
        NEW.actor,
        NEW.at,
        json_extract(NEW.payload, '$.class_code'),
        0,
        json_extract(NEW.payload, '$.promised_at'),
        json_extract(NEW.payload, '$.promised_at'),
        NEW.at,
        NULL,
        0,
        NEW.at,
        1
    );
END;

-- Every later event, as `apply` reads it: each column from the state before the event.
CREATE TRIGGER complaint_state_event AFTER INSERT ON complaint_events
WHEN NEW.seq > 1
BEGIN
    UPDATE complaint_state SET
        status = CASE NEW.kind
            WHEN 'paused' THEN 'paused'
            WHEN 'resumed' THEN 'open'
            WHEN 'replied' THEN 'replied'
            WHEN 'closed' THEN 'closed'
            ELSE status END,
        owner = CASE NEW.kind
            WHEN 'reassigned' THEN json_extract(NEW.payload, '$.to') ELSE owner END,
        escalated = CASE NEW.kind WHEN 'escalated' THEN 1 ELSE escalated END,
        promised_at = CASE NEW.kind
            WHEN 'extended' THEN json_extract(NEW.payload, '$.promised_at')
            WHEN 'resumed' THEN json_extract(NEW.payload, '$.promised_at')
            WHEN 'paused' THEN NULL
            ELSE promised_at END,
        promise_made_at = CASE NEW.kind WHEN 'extended' THEN NEW.at ELSE promise_made_at END,
        remaining_s = CASE NEW.kind
            WHEN 'paused' THEN json_extract(NEW.payload, '$.remaining_s')
            WHEN 'resumed' THEN NULL
            ELSE remaining_s END,
        extensions = extensions + (NEW.kind = 'extended'),
        last_event_at = NEW.at,
        events = events + 1
    WHERE complaint_id = NEW.complaint_id;
END;

CREATE TRIGGER complaint_followup_scheduled AFTER INSERT ON complaint_events
WHEN NEW.seq > 1 AND NEW.kind = 'followup_scheduled'
BEGIN
    INSERT INTO complaint_followups_due VALUES (
        NEW.id, NEW.complaint_id, json_extract(NEW.payload, '$.due_at')
    );
END;

CREATE TRIGGER complaint_followup_done AFTER INSERT ON complaint_events
WHEN NEW.seq > 1 AND NEW.kind = 'followup_done'
BEGIN
    DELETE FROM complaint_followups_due
    WHERE complaint_id = NEW.complaint_id AND event_id = json_extract(NEW.payload, '$.followup');
END;

-- Backfill: the same state, rebuilt from the events already recorded. Each column is the
-- latest event that sets it (by seq), or the opening's value when none has.
INSERT INTO complaint_state
SELECT
    o.complaint_id,
    COALESCE(
        (SELECT CASE e.kind WHEN 'paused' THEN 'paused' WHEN 'resumed' THEN 'open'
                            WHEN 'replied' THEN 'replied' ELSE 'closed' END
         FROM complaint_events e
         WHERE e.complaint_id = o.complaint_id AND e.seq > 1
           AND e.kind IN ('paused', 'resumed', 'replied', 'closed')
         ORDER BY e.seq DESC LIMIT 1),
        'open'),
    COALESCE(
        (SELECT json_extract(e.payload, '$.to') FROM complaint_events e
         WHERE e.complaint_id = o.complaint_id AND e.seq > 1 AND e.kind = 'reassigned'
         ORDER BY e.seq DESC LIMIT 1),
        o.actor),
    o.at,
    json_extract(o.payload, '$.class_code'),
    EXISTS (SELECT 1 FROM complaint_events e
            WHERE e.complaint_id = o.complaint_id AND e.seq > 1 AND e.kind = 'escalated'),
    json_extract(o.payload, '$.promised_at'),
    CASE WHEN EXISTS (SELECT 1 FROM complaint_events e
                      WHERE e.complaint_id = o.complaint_id AND e.seq > 1
                        AND e.kind IN ('extended', 'resumed', 'paused'))
        THEN (SELECT CASE e.kind WHEN 'paused' THEN NULL
                                 ELSE json_extract(e.payload, '$.promised_at') END
              FROM complaint_events e
              WHERE e.complaint_id = o.complaint_id AND e.seq > 1
                AND e.kind IN ('extended', 'resumed', 'paused')
              ORDER BY e.seq DESC LIMIT 1)
        ELSE json_extract(o.payload, '$.promised_at') END,
    COALESCE(
        (SELECT e.at FROM complaint_events e
         WHERE e.complaint_id = o.complaint_id AND e.seq > 1 AND e.kind = 'extended'
         ORDER BY e.seq DESC LIMIT 1),
        o.at),
    (SELECT CASE e.kind WHEN 'paused' THEN json_extract(e.payload, '$.remaining_s') END
     FROM complaint_events e
     WHERE e.complaint_id = o.complaint_id AND e.seq > 1 AND e.kind IN ('paused', 'resumed')
     ORDER BY e.seq DESC LIMIT 1),
    (SELECT COUNT(*) FROM complaint_events e
     WHERE e.complaint_id = o.complaint_id AND e.seq > 1 AND e.kind = 'extended'),
    (SELECT e.at FROM complaint_events e
     WHERE e.complaint_id = o.complaint_id ORDER BY e.seq DESC LIMIT 1),
    (SELECT COUNT(*) FROM complaint_events e WHERE e.complaint_id = o.complaint_id)
FROM complaint_events o
WHERE o.seq = 1 AND o.kind = 'opened';

INSERT INTO complaint_followups_due
SELECT s.id, s.complaint_id, json_extract(s.payload, '$.due_at')
FROM complaint_events s
WHERE s.seq > 1 AND s.kind = 'followup_scheduled'
  AND NOT EXISTS (SELECT 1 FROM complaint_events d
                  WHERE d.complaint_id = s.complaint_id AND d.seq > 1
                    AND d.kind = 'followup_done'
                    AND json_extract(d.payload, '$.followup') = s.id);
