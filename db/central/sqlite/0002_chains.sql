-- The complaint register across places: central sequences every complaint's history.
-- `complaint_events` (0001) holds the one chain per complaint; these tables say where
-- each chain ends, what each station was last known to hold, and every event central
-- refused or re-chained, so a rewritten history on a workstation is caught at its next
-- push and what central did about it can be read back later.

-- Each complaint's head: the last seq central assigned, its hash and its event.
CREATE TABLE complaint_heads (
    complaint_id TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    event_id     TEXT NOT NULL
);

-- Who a complaint belongs to now and where it stands, as `derive` reads the chain
-- (owner: the last reassignment's `to`, else who opened it). Kept beside the heads so a
-- pull can find the open complaints of the agents working on a station without
-- replaying every chain.
CREATE TABLE complaint_owners (
    complaint_id TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    status       TEXT NOT NULL
);
CREATE INDEX complaint_owners_owner ON complaint_owners (owner, status);

-- The last event of each complaint central knows each station holds, as that station
-- holds it (its own seq and hash, before any rebase). A later push must still hold it:
-- a chain that no longer does was rewritten, cut short or deleted on the workstation.
CREATE TABLE station_heads (
    station      TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    PRIMARY KEY (station, complaint_id)
);

-- A complaint whose push central refused, naming the station, the complaint, the event
-- and the problem (altered, resealed, truncated, deleted, forked). The same finding
-- found again by a later push is the same row.
CREATE TABLE quarantine (
    station      TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    problem      TEXT NOT NULL,
    detail       TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (station, complaint_id, event_id, problem)
);

-- An event central re-chained after its head because its place was taken by an event
-- accepted from elsewhere first: the station's copy (old) and central's (new).
CREATE TABLE event_rebases (
    event_id     TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL,
    station      TEXT NOT NULL,
    old_seq      INTEGER NOT NULL,
    old_hash     TEXT NOT NULL,
    new_seq      INTEGER NOT NULL,
    new_hash     TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX event_rebases_station ON event_rebases (station, complaint_id);

-- Findings and re-chainings are records: never changed, never removed.
CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
BEGIN SELECT RAISE(ABORT, 'central quarantine is append-only'); END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
BEGIN SELECT RAISE(ABORT, 'central quarantine is append-only'); END;
CREATE TRIGGER event_rebases_no_update BEFORE UPDATE ON event_rebases
BEGIN SELECT RAISE(ABORT, 'central event_rebases is append-only'); END;
CREATE TRIGGER event_rebases_no_delete BEFORE DELETE ON event_rebases
BEGIN SELECT RAISE(ABORT, 'central event_rebases is append-only'); END;
