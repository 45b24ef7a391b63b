-- Central sequences every complaint's history (issue 11). An event this workstation
-- recorded while another place (a lead's reassignment) took the same place in the chain
-- is re-chained by central after its head: same id, kind, actor, time and payload; a new
-- seq, prev_hash and hash. On the next pull this workstation replaces its own copy with
-- central's. The register stays append-only: a row may leave it only when its rebase,
-- exactly as central made it, is recorded here first, and that record itself can never
-- change or go.

CREATE TABLE complaint_event_rebases (
    event_id     TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL,
    old_seq      INTEGER NOT NULL,
    old_hash     TEXT NOT NULL,
    new_seq      INTEGER NOT NULL,
    new_hash     TEXT NOT NULL,
    -- When central re-chained it (central's clock).
    at           TEXT NOT NULL
);

CREATE TRIGGER complaint_event_rebases_no_update BEFORE UPDATE ON complaint_event_rebases
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaint_event_rebases_no_delete BEFORE DELETE ON complaint_event_rebases
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;
CREATE TRIGGER complaint_event_rebases_no_replace BEFORE INSERT ON complaint_event_rebases
WHEN EXISTS (SELECT 1 FROM complaint_event_rebases WHERE event_id = NEW.event_id)
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;

-- Only the copy central re-chained may go, and only while it is still the copy the
-- rebase names (its old seq and hash): central's copy that replaces it never may.
DROP TRIGGER complaint_events_no_delete;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
WHEN NOT EXISTS (SELECT 1 FROM complaint_event_rebases r
                 WHERE r.event_id = OLD.id AND r.old_seq = OLD.seq AND r.old_hash = OLD.hash)
BEGIN
    SELECT RAISE(ABORT, 'complaint register is append-only');
END;

-- The cached state (0006) follows appends only; a rebased copy leaving the register
-- rebuilds its complaint's rows from the events that remain, exactly as 0006's backfill
-- does, and central's copies inserted after it are then applied by 0006's triggers.
CREATE TRIGGER complaint_state_rebased AFTER DELETE ON complaint_events
BEGIN
    DELETE FROM complaint_state WHERE complaint_id = OLD.complaint_id;
    DELETE FROM complaint_followups_due WHERE complaint_id = OLD.complaint_id;
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
    WHERE o.complaint_id = OLD.complaint_id AND o.seq = 1 AND o.kind = 'opened';
    INSERT INTO complaint_followups_due
    SELECT s.id, s.complaint_id, json_extract(s.payload, '$.due_at')
    FROM complaint_events s
    WHERE s.complaint_id = OLD.complaint_id AND s.seq > 1 AND s.kind = 'followup_scheduled'
      AND NOT EXISTS (SELECT 1 FROM complaint_events d
                      WHERE d.complaint_id = s.complaint_id AND d.seq > 1
                        AND d.kind = 'followup_done'
                        AND json_extract(d.payload, '$.followup') = s.id);
END;
