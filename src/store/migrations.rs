//! Append-only schema migrations.
//!
//! Never edit or reorder an entry of [`MIGRATIONS`] once it has shipped: add a
//! new one at the end. `rusqlite_migration` records the number applied in
//! `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};

/// The trigger that indexes a new entry for search, as V1 made it. Bulk
/// imports drop it, index their entries in one pass, and put it back.
macro_rules! journal_insert_trigger {
    () => {
        "CREATE TRIGGER journal_entry_ai AFTER INSERT ON journal_entry BEGIN
    INSERT INTO journal_fts (rowid, body, prompt) VALUES (new.id, new.body, new.prompt);
END;"
    };
}

/// [`journal_insert_trigger!`] as a constant, for the importer.
pub(crate) const JOURNAL_INSERT_TRIGGER: &str = journal_insert_trigger!();

/// Version 1: the whole schema of DESIGN.md §2.
const V1: &str = concat!(
    r#"
CREATE TABLE journal_entry (
    id          INTEGER PRIMARY KEY,
    day         TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body        TEXT    NOT NULL,
    mood        INTEGER CHECK (mood BETWEEN 1 AND 5),
    craving     INTEGER CHECK (craving BETWEEN 0 AND 10),
    prompt      TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
-- Keyset pagination walks (day, id) newest first.
CREATE INDEX journal_entry_day_id ON journal_entry (day DESC, id DESC);

CREATE TABLE tag (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE journal_tag (
    entry_id    INTEGER NOT NULL REFERENCES journal_entry (id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (entry_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX journal_tag_tag ON journal_tag (tag_id, entry_id);

-- Full-text search over entries, external content kept in sync by triggers.
CREATE VIRTUAL TABLE journal_fts USING fts5 (
    body,
    prompt,
    content = 'journal_entry',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"#,
    journal_insert_trigger!(),
    r#"
CREATE TRIGGER journal_entry_ad AFTER DELETE ON journal_entry BEGIN
    INSERT INTO journal_fts (journal_fts, rowid, body, prompt) VALUES ('delete', old.id, old.body, old.prompt);
END;
CREATE TRIGGER journal_entry_au AFTER UPDATE OF body, prompt ON journal_entry BEGIN
    INSERT INTO journal_fts (journal_fts, rowid, body, prompt) VALUES ('delete', old.id, old.body, old.prompt);
    INSERT INTO journal_fts (rowid, body, prompt) VALUES (new.id, new.body, new.prompt);
END;

-- Unsaved editor text, written while typing. `entry_id` is set when the
-- draft edits an existing entry.
CREATE TABLE draft (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER REFERENCES journal_entry (id) ON DELETE CASCADE,
    day         TEXT,
    body        TEXT    NOT NULL,
    mood        INTEGER,
    craving     INTEGER,
    tags        TEXT    NOT NULL DEFAULT '',
    prompt      TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE clock (
    id                  INTEGER PRIMARY KEY,
    label               TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(label)) > 0),
    since               TEXT    NOT NULL,
    cost_per_day_cents  INTEGER CHECK (cost_per_day_cents >= 0),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);

CREATE TABLE clock_reset (
    id          INTEGER PRIMARY KEY,
    clock_id    INTEGER NOT NULL REFERENCES clock (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    note        TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX clock_reset_clock_day ON clock_reset (clock_id, day);

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role            TEXT    NOT NULL CHECK (role IN ('sponsor', 'mentor', 'counselor', 'family', 'friend', 'peer', 'helpline', 'other')),
    phone           TEXT,
    email           TEXT,
    notes           TEXT,
    emergency       INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
    cadence_days    INTEGER CHECK (cadence_days > 0),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX contact_name ON contact (name COLLATE NOCASE);

CREATE TABLE contact_log (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    note        TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX contact_log_contact_day ON contact_log (contact_id, day);

CREATE TABLE amend (
    id          INTEGER PRIMARY KEY,
    person      TEXT    NOT NULL CHECK (length(trim(person)) > 0),
    contact_id  INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    harm        TEXT    NOT NULL DEFAULT '',
    kind        TEXT    NOT NULL DEFAULT 'direct' CHECK (kind IN ('direct', 'indirect', 'living')),
    plan        TEXT,
    status      TEXT    NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'willing', 'planned', 'made', 'ongoing', 'deferred', 'not_advisable')),
    made_on     TEXT,
    notes       TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX amend_contact ON amend (contact_id);

CREATE TABLE amend_log (
    id          INTEGER PRIMARY KEY,
    amend_id    INTEGER NOT NULL REFERENCES amend (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    trust       INTEGER CHECK (trust BETWEEN 1 AND 5),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX amend_log_amend_day ON amend_log (amend_id, day);

-- Small key/value facts the app keeps about itself (last automatic backup...).
CREATE TABLE setting (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
"#
);

/// Every migration, oldest first. Append only.
pub const MIGRATIONS_SLICE: &[M<'static>] = &[
    M::up(V1),
    M::up(V2),
    M::up(CHECKINS),
    M::up(V_PLAN_URGE),
    M::up(V_STEPS),
    M::up(JOURNAL_COUNT),
    M::up(V_SYNC),
    M::up(V_TERMS),
];

/// V2: FTS5 removes a deleted entry's words from the index at once, instead
/// of leaving them in old segments until a merge (so a deleted entry's
/// words are gone from the file), and the index is rebuilt once so words of
/// entries deleted before this version go too.
const V2: &str = r#"
INSERT INTO journal_fts (journal_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO journal_fts (journal_fts) VALUES ('rebuild');
"#;

/// Check-ins (DESIGN.md §8.2): one row per kind per period, where the
/// period is the day, or the ISO week (`2026-W53`) for the weekly one.
/// Gratitudes are a JSON array, weekly answers a JSON object item → 0–4.
const CHECKINS: &str = r#"
CREATE TABLE checkin (
    id          INTEGER PRIMARY KEY,
    day         TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT    NOT NULL CHECK (kind IN ('morning', 'evening', 'weekly')),
    period      TEXT    NOT NULL,
    intention   TEXT,
    difficulty  INTEGER CHECK (difficulty BETWEEN 1 AND 5),
    gratitude   TEXT    NOT NULL DEFAULT '[]',
    note        TEXT,
    answers     TEXT    NOT NULL DEFAULT '{}',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (kind, period)
);
CREATE INDEX checkin_day ON checkin (day, kind);
"#;

/// How many journal entries there are, kept by triggers, so the journal's
/// first frame does not count a million rows (`count(*)` walks an index).
const JOURNAL_COUNT: &str = r#"
CREATE TABLE journal_count (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO journal_count (id, n) SELECT 1, count(*) FROM journal_entry;
CREATE TRIGGER journal_count_ai AFTER INSERT ON journal_entry BEGIN
    UPDATE journal_count SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER journal_count_ad AFTER DELETE ON journal_entry BEGIN
    UPDATE journal_count SET n = n - 1 WHERE id = 1;
END;
"#;

/// The relapse-prevention plan and the urge log (DESIGN.md §8.1).
const V_PLAN_URGE: &str = r#"
CREATE TABLE plan_item (
    id          INTEGER PRIMARY KEY,
    section     TEXT    NOT NULL CHECK (section IN ('reasons', 'warning_signs', 'triggers', 'coping', 'after_a_slip')),
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX plan_item_section_position ON plan_item (section, position);

CREATE TABLE urge (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    intensity   INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
    halt        TEXT    NOT NULL DEFAULT '',
    trigger     TEXT,
    did         TEXT,
    outcome     TEXT    CHECK (outcome IN ('passed', 'reached_out', 'used')),
    note        TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX urge_at ON urge (at);
"#;

/// Step work (DESIGN.md §8.3): worksheet rows (fields as a JSON object,
/// a harm row linked to the amend it became; deleting the amend unlinks the
/// row) and relationship checks on a contact (gone with the contact).
const V_STEPS: &str = r#"
CREATE TABLE worksheet_row (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (length(trim(kind)) > 0),
    fields      TEXT    NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    amend_id    INTEGER REFERENCES amend (id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX worksheet_row_kind ON worksheet_row (kind, id);
CREATE UNIQUE INDEX worksheet_row_amend ON worksheet_row (amend_id) WHERE amend_id IS NOT NULL;

CREATE TABLE relationship_check (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    respect     INTEGER NOT NULL CHECK (respect BETWEEN 1 AND 5),
    safety      INTEGER NOT NULL CHECK (safety BETWEEN 1 AND 5),
    affection   INTEGER NOT NULL CHECK (affection BETWEEN 1 AND 5),
    boundaries  INTEGER NOT NULL CHECK (boundaries BETWEEN 1 AND 5),
    honesty     INTEGER NOT NULL CHECK (honesty BETWEEN 1 AND 5),
    signs       TEXT    NOT NULL DEFAULT '',
    note        TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX relationship_check_contact_day ON relationship_check (contact_id, day);
"#;

/// Sync triggers for one table (DESIGN.md §8.5): a new row gets a UUID (v7)
/// and a clock stamp, an update a new stamp (the old one joins its
/// ancestors), a delete a tombstone. They stay quiet while a sync applies
/// another device's changes (`sync_self.applying`).
macro_rules! sync_triggers {
    ($t:literal) => {
        concat!(
            "CREATE TRIGGER sync_", $t, "_ai AFTER INSERT ON ", $t,
            " WHEN (SELECT applying FROM sync_self) = 0 BEGIN ",
            sync_tick!(),
            "INSERT INTO sync_meta (uuid, tbl, rid, hlc, anc, deleted, dirty) SELECT ",
            "substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-' || ",
            "substr('89ab', 1 + abs(random() % 4), 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12), '",
            $t, "', new.rowid, hlc, '', 0, 1 FROM (SELECT printf('%012x', ms) AS h, ",
            "lower(hex(randomblob(9))) AS r, hlc FROM sync_now); END;\n",
            "CREATE TRIGGER sync_", $t, "_au AFTER UPDATE ON ", $t,
            " WHEN (SELECT applying FROM sync_self) = 0 BEGIN ",
            sync_tick!(),
            "UPDATE sync_meta SET anc = trim(anc || ' ' || hlc), hlc = (SELECT hlc FROM sync_now), dirty = 1 ",
            "WHERE tbl = '", $t, "' AND rid = new.rowid; END;\n",
            "CREATE TRIGGER sync_", $t, "_ad AFTER DELETE ON ", $t,
            " WHEN (SELECT applying FROM sync_self) = 0 BEGIN ",
            sync_tick!(),
            "UPDATE sync_meta SET anc = trim(anc || ' ' || hlc), hlc = (SELECT hlc FROM sync_now), ",
            "deleted = 1, rid = NULL, dirty = 1 WHERE tbl = '", $t, "' AND rid = old.rowid; END;\n",
            "INSERT INTO sync_meta (uuid, tbl, rid, hlc, anc, deleted, dirty) SELECT ",
            "substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-' || ",
            "substr('89ab', 1 + abs(random() % 4), 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12), '",
            $t, "', id, hlc, '', 0, 1 FROM (SELECT t.id AS id, printf('%012x', s.ms) AS h, ",
            "lower(hex(randomblob(9))) AS r, s.hlc AS hlc FROM ", $t, " AS t, sync_now AS s);\n"
        )
    };
}

/// Advances the hybrid logical clock: wall-clock milliseconds, or the last
/// stamp's plus a counter when the wall clock has not moved past it.
macro_rules! sync_tick {
    () => {
        "UPDATE sync_self SET \
         ms = CASE WHEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) > ms \
              THEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) \
              WHEN ctr >= 999999 THEN ms + 1 ELSE ms END, \
         ctr = CASE WHEN CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) > ms \
              OR ctr >= 999999 THEN 0 ELSE ctr + 1 END; "
    };
}

/// Sync across devices (DESIGN.md §8.5): every record gets a UUID and a
/// hybrid-logical-clock stamp in `sync_meta`; deletes leave tombstones there
/// (the row itself is gone, so are its words). `sync_self` is this device:
/// its id, its clock, its folder and how many segments it wrote;
/// `sync_peer` is how far each other device's segments were applied;
/// `sync_pending` holds records whose parent has not arrived yet.
const V_SYNC: &str = concat!(
    r#"
CREATE TABLE sync_self (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device      TEXT    NOT NULL,
    ms          INTEGER NOT NULL,
    ctr         INTEGER NOT NULL DEFAULT 0,
    applying    INTEGER NOT NULL DEFAULT 0,
    folder      TEXT,
    name        TEXT,
    seq         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_self (id, device, ms) VALUES
    (1, lower(hex(randomblob(8))), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
CREATE VIEW sync_now AS
    SELECT printf('%013d-%06d-%s', ms, ctr, device) AS hlc, ms FROM sync_self;
CREATE TABLE sync_meta (
    uuid        TEXT    PRIMARY KEY,
    tbl         TEXT    NOT NULL,
    rid         INTEGER,
    hlc         TEXT    NOT NULL,
    anc         TEXT    NOT NULL DEFAULT '',
    deleted     INTEGER NOT NULL DEFAULT 0,
    dirty       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX sync_meta_row ON sync_meta (tbl, rid);
CREATE INDEX sync_meta_dirty ON sync_meta (dirty) WHERE dirty = 1;
CREATE TABLE sync_alias (
    uuid        TEXT    PRIMARY KEY,
    target      TEXT    NOT NULL
);
CREATE TABLE sync_peer (
    device      TEXT    PRIMARY KEY,
    name        TEXT,
    applied     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sync_pending (
    uuid        TEXT    PRIMARY KEY,
    hlc         TEXT    NOT NULL,
    record      TEXT    NOT NULL
);
-- A tag added to or taken from an entry is a change of the entry.
CREATE TRIGGER sync_journal_tag_ai AFTER INSERT ON journal_tag
WHEN (SELECT applying FROM sync_self) = 0 BEGIN
"#,
    sync_tick!(),
    r#"
    UPDATE sync_meta SET anc = trim(anc || ' ' || hlc), hlc = (SELECT hlc FROM sync_now), dirty = 1
    WHERE tbl = 'journal_entry' AND rid = new.entry_id AND deleted = 0;
END;
CREATE TRIGGER sync_journal_tag_ad AFTER DELETE ON journal_tag
WHEN (SELECT applying FROM sync_self) = 0 BEGIN
"#,
    sync_tick!(),
    r#"
    UPDATE sync_meta SET anc = trim(anc || ' ' || hlc), hlc = (SELECT hlc FROM sync_now), dirty = 1
    WHERE tbl = 'journal_entry' AND rid = old.entry_id AND deleted = 0;
END;
"#,
    sync_triggers!("clock"),
    sync_triggers!("clock_reset"),
    sync_triggers!("contact"),
    sync_triggers!("contact_log"),
    sync_triggers!("amend"),
    sync_triggers!("amend_log"),
    sync_triggers!("journal_entry"),
    sync_triggers!("checkin"),
    sync_triggers!("plan_item"),
    sync_triggers!("urge"),
    sync_triggers!("worksheet_row"),
    sync_triggers!("relationship_check"),
);

/// The migration list as `rusqlite_migration` wants it.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS_SLICE)
}

/// The words of the search index, so that a typed prefix (`spons*`) can be
/// answered from the few words it covers instead of FTS5 merging every
/// posting of them (see `terms.rs`). `journal_term_state.writes` counts
/// changes to entries' text; `seen` is where the word list was last brought
/// up to date. They differ until the list is built, right after the
/// migration (`Store::init`); while they differ, searches use FTS5's own
/// prefix matching.
const V_TERMS: &str = r#"
CREATE TABLE journal_term (
    term    TEXT    PRIMARY KEY,
    exact   INTEGER NOT NULL CHECK (exact IN (0, 1))
) WITHOUT ROWID;
CREATE TABLE journal_term_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    writes  INTEGER NOT NULL,
    seen    INTEGER NOT NULL
);
INSERT INTO journal_term_state (id, writes, seen) VALUES (1, 1, 0);
CREATE TRIGGER journal_term_ai AFTER INSERT ON journal_entry BEGIN
    UPDATE journal_term_state SET writes = writes + 1 WHERE id = 1;
END;
CREATE TRIGGER journal_term_au AFTER UPDATE OF body, prompt ON journal_entry BEGIN
    UPDATE journal_term_state SET writes = writes + 1 WHERE id = 1;
END;
CREATE TRIGGER journal_term_ad AFTER DELETE ON journal_entry BEGIN
    UPDATE journal_term_state SET writes = writes + 1 WHERE id = 1;
END;
"#;

/// The schema version this binary knows (the number of migrations).
pub fn latest_version() -> i64 {
    MIGRATIONS_SLICE.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        migrations().validate().expect("migrations are valid");
    }
}
