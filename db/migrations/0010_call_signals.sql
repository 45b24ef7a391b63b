-- What the softphone said about each call (issue 13): when it rang, when it was picked up,
-- when it was put down, and when the agent finished its wrap-up. Talk time, ring time and
-- after-call work are measured from these, not guessed from key presses.
--
-- Append-only, one row per signal. `call_id` is NULL for a ring the agent never took (the
-- caller hung up while it waited): a missed call is a fact too. `ended_break` names the
-- break a ring ended, when F2 took it from a break or a reset.

CREATE TABLE call_signals (
    id          TEXT PRIMARY KEY,
    call_id     TEXT REFERENCES call_starts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('ring', 'answer', 'hangup', 'wrapped_up')),
    at          TEXT NOT NULL,
    call_ref    TEXT NOT NULL DEFAULT '',
    queue       TEXT NOT NULL DEFAULT '',
    number      TEXT NOT NULL DEFAULT '',
    ended_break TEXT REFERENCES breaks (id),
    CHECK (call_id IS NOT NULL OR kind IN ('ring', 'hangup'))
);
CREATE INDEX call_signals_call ON call_signals (call_id, at);

CREATE TRIGGER call_signals_no_replace BEFORE INSERT ON call_signals
WHEN EXISTS (SELECT 1 FROM call_signals WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'call_signals is append-only');
END;
CREATE TRIGGER call_signals_no_update BEFORE UPDATE ON call_signals
BEGIN
    SELECT RAISE(ABORT, 'call_signals is append-only');
END;
CREATE TRIGGER call_signals_no_delete BEFORE DELETE ON call_signals
BEGIN
    SELECT RAISE(ABORT, 'call_signals is append-only');
END;

-- A ringing phone looks its caller up: the last calls from the number.
CREATE INDEX calls_caller ON calls (caller, started_at);

-- Per call, the measured times in seconds (NULL where the phone did not say). The first
-- ring and answer, the last hangup and wrap-up count: a repeated signal changes nothing.
CREATE VIEW call_timings AS
SELECT
    call_id,
    MIN(CASE WHEN kind = 'ring' THEN at END) AS rang_at,
    MIN(CASE WHEN kind = 'answer' THEN at END) AS answered_at,
    MAX(CASE WHEN kind = 'hangup' THEN at END) AS hung_up_at,
    MAX(CASE WHEN kind = 'wrapped_up' THEN at END) AS wrapped_up_at,
    (julianday(MIN(CASE WHEN kind = 'answer' THEN at END))
        - julianday(MIN(CASE WHEN kind = 'ring' THEN at END))) * 86400.0 AS ring_s,
    (julianday(MAX(CASE WHEN kind = 'hangup' THEN at END))
        - julianday(MIN(CASE WHEN kind = 'answer' THEN at END))) * 86400.0 AS talk_s,
    (julianday(MAX(CASE WHEN kind = 'wrapped_up' THEN at END))
        - julianday(MAX(CASE WHEN kind = 'hangup' THEN at END))) * 86400.0 AS after_call_s
FROM call_signals
WHERE call_id IS NOT NULL
GROUP BY call_id;
