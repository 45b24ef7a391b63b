-- Reference revisions: each `agentdesk publish` of reasons, phrases, forbidden phrases,
-- deadline rules and break policy, whole, numbered in order. Never changed or removed:
-- a workstation may apply any revision it has not seen, and a promise names the rules
-- it was made under.
CREATE TABLE reference_revisions (
    revision       BIGINT PRIMARY KEY,
    published_at   TEXT NOT NULL,
    published_by   TEXT,
    -- sha256 over the five files, each framed by its name and length
    -- (tui.domain.reference_set.digest_of): a publish equal to the newest is no revision.
    digest         TEXT NOT NULL,
    reasons_toml   TEXT NOT NULL,
    phrases_toml   TEXT NOT NULL,
    forbidden_toml TEXT NOT NULL,
    deadlines_toml TEXT NOT NULL,
    breaks_toml    TEXT NOT NULL,
    CHECK (revision > 0)
);

CREATE FUNCTION reference_revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reference_revisions is append-only';
END;
$$;
CREATE TRIGGER reference_revisions_append_only BEFORE UPDATE OR DELETE ON reference_revisions
    FOR EACH ROW EXECUTE FUNCTION reference_revisions_append_only();
CREATE TRIGGER reference_revisions_no_truncate BEFORE TRUNCATE ON reference_revisions
    FOR EACH STATEMENT EXECUTE FUNCTION reference_revisions_append_only();
