//! The PostgreSQL schema, as numbered migrations applied on start.
//!
//! A migration is never changed once released: a new one is appended. Each runs in its own
//! transaction under an advisory lock, so two desks starting at once migrate exactly once.

use postgres::Client;

/// Each migration: its number and the SQL that brings the schema from the previous number.
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        r#"
CREATE TABLE loket_users (
    name        text PRIMARY KEY,
    role        text NOT NULL
                CHECK (role IN ('baliemedewerker', 'schuldhulpverlener', 'teamleider')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE loket_cases (
    key         bigserial PRIMARY KEY,
    case_id     text NOT NULL UNIQUE,
    version     bigint NOT NULL,
    record      jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);

-- The list's row per case (JSON kept as text: derived data, read whole at every start, and
-- text spares the server converting 100,000 jsonb values). changed_xid is the writing
-- transaction's id: a desk polls "changed since" with it (see PgStore::changed_since);
-- changed_by is the writing desk's session, so a desk is not told about its own saves.
CREATE TABLE loket_summaries (
    case_key    bigint PRIMARY KEY REFERENCES loket_cases (key) ON DELETE CASCADE,
    summary     text NOT NULL,
    changed_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    changed_by  text NOT NULL DEFAULT ''
);
CREATE INDEX loket_summaries_changed ON loket_summaries (changed_xid);

-- The append-only history; case_version is the version the case got with this event.
CREATE TABLE loket_events (
    seq          bigserial PRIMARY KEY,
    case_key     bigint NOT NULL REFERENCES loket_cases (key) ON DELETE CASCADE,
    case_version bigint NOT NULL,
    at           timestamptz NOT NULL,
    by_user      text NOT NULL,
    event        jsonb NOT NULL
);
CREATE INDEX loket_events_case ON loket_events (case_key, seq);

-- Every list row in one compact value, written when a desk closes: a desk starts from it and
-- reads only the rows written since `cursor` (see PgStore::listing). A cache; never the truth.
CREATE TABLE loket_list_snapshot (
    id      integer PRIMARY KEY CHECK (id = 1),
    cursor  bigint NOT NULL,
    data    bytea NOT NULL
);

CREATE TABLE loket_meta (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE loket_case_numbers (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

-- Who opened, searched, exported, printed or reported which case (NEN 7513), apart from the
-- case history.
CREATE TABLE loket_access_log (
    seq      bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    by_user  text NOT NULL,
    action   text NOT NULL,
    case_id  text,
    detail   text NOT NULL DEFAULT ''
);
CREATE INDEX loket_access_log_case ON loket_access_log (case_id, seq);

CREATE TABLE loket_assignments (
    case_key    bigint PRIMARY KEY REFERENCES loket_cases (key) ON DELETE CASCADE,
    user_name   text NOT NULL REFERENCES loket_users (name) ON UPDATE CASCADE,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    assigned_by text NOT NULL
);
CREATE INDEX loket_assignments_user ON loket_assignments (user_name);
"#,
    ),
    (
        2,
        r#"
-- Verklaringen van vernietiging (retention, `loket bewaren --vernietig`): what was destroyed,
-- on which ground, when and by whom; no personal data. changed_xid/changed_by as in
-- loket_summaries, so other desks learn that the case left the store.
CREATE TABLE loket_verklaringen (
    seq         bigserial PRIMARY KEY,
    case_key    bigint NOT NULL,
    verklaring  text NOT NULL,
    changed_xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    changed_by  text NOT NULL DEFAULT ''
);
CREATE INDEX loket_verklaringen_changed ON loket_verklaringen (changed_xid);
"#,
    ),
    (
        3,
        r#"
-- The reader's role at the moment of access (a role can change later); NULL for entries
-- written before loket kept it.
ALTER TABLE loket_access_log ADD COLUMN role text;
"#,
    ),
];

/// The schema version this build expects.
pub fn latest() -> i32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// Any number, as long as no other program on the same database uses it.
const MIGRATION_LOCK: i64 = 0x6c6f_6b65_7401;

/// Applies every migration the database does not have yet; returns how many were applied.
/// A database of a newer schema than this build refuses (an older loket must not write it).
pub fn migrate(client: &mut Client) -> Result<usize, String> {
    let mut tx = client.transaction().map_err(|e| e.to_string())?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(|e| e.to_string())?;
    // Created only when missing: a desk whose database login may not create tables still
    // starts on a database that is up to date.
    let exists: bool = tx
        .query_one("SELECT to_regclass('loket_schema') IS NOT NULL", &[])
        .map_err(|e| e.to_string())?
        .get(0);
    if !exists {
        tx.batch_execute(
            "CREATE TABLE loket_schema (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .map_err(|e| e.to_string())?;
    }
    let current: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM loket_schema", &[])
        .map_err(|e| e.to_string())?
        .get(0);
    if current > latest() {
        return Err(format!(
            "de database heeft schemaversie {current}, deze versie van loket kent er {}; \
             werk loket bij",
            latest()
        ));
    }
    let mut applied = 0;
    for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tx.batch_execute(sql)
            .map_err(|e| format!("schemaversie {version}: {e}"))?;
        tx.execute("INSERT INTO loket_schema (version) VALUES ($1)", &[version])
            .map_err(|e| e.to_string())?;
        applied += 1;
    }
    tx.commit().map_err(|e| e.to_string())?;
    Ok(applied)
}
