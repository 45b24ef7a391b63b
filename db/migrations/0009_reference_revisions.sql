-- The reference revisions this workstation has applied (from the central store, by the
-- sync), newest last. The reasons, phrases and forbidden phrases of a revision are
-- written into their own tables in the same transaction as its row here, so the newest
-- row always names what those tables hold. The deadline rules and the break policy are
-- kept here as text: the desk reads them from the newest row instead of the shipped
-- files. Every applied revision is kept: `deadlines_revision` (the rules' own short
-- sha256, which each promise records as `rule_revision`) finds the rules any promise
-- was made under.
CREATE TABLE reference_revisions (
    revision           INTEGER PRIMARY KEY CHECK (revision > 0),
    digest             TEXT NOT NULL,
    published_at       TEXT NOT NULL,
    published_by       TEXT,
    applied_at         TEXT NOT NULL,
    deadlines_revision TEXT NOT NULL,
    deadlines_toml     TEXT NOT NULL,
    breaks_toml        TEXT NOT NULL
);
CREATE INDEX reference_revisions_rules ON reference_revisions (deadlines_revision);

CREATE TRIGGER reference_revisions_no_update BEFORE UPDATE ON reference_revisions
BEGIN
    SELECT RAISE(ABORT, 'reference_revisions is append-only');
END;
CREATE TRIGGER reference_revisions_no_delete BEFORE DELETE ON reference_revisions
BEGIN
    SELECT RAISE(ABORT, 'reference_revisions is append-only');
END;
