//! The PostgreSQL store: a team's shared case base.
//!
//! Tables (see `schema`): `loket_cases` (the case record with its version), `loket_summaries`
//! (the list row), `loket_events` (history), `loket_meta`, `loket_case_numbers`, `loket_users`
//! (roles), `loket_access_log`, `loket_assignments`, `loket_verklaringen` (verklaringen van
//! vernietiging: `case_key` is the destroyed case's key, or [`KEPT_KEY`] for one taken in from a
//! backup or another store, whose key meant nothing here). Every save is one transaction (the case
//! row, its summary and its history events) committed before it returns. A save based on an
//! old version is merged per answer or refused with a conflict (see `merge`); it never
//! overwrites. Writers notify the channel `loket_cases` with the case key.
//!
//! The client is the synchronous `postgres` crate; one connection per store, behind a mutex so
//! the store can be shared like the sled one.

pub mod floor;
mod listen;
pub mod schema;
mod trait_impl;

pub use listen::Listener;

use super::{
    AccessContext, AccessEntry, AccessPurpose, CaseKey, NewCase, Result, SaveRequest, StoreError,
};
use crate::domain::case::Case;
use crate::domain::history::{Change, Event};
use crate::domain::retention::Verklaring;
use crate::domain::role::{Action, Role, change_what};
use crate::domain::summary::Summary;
use chrono::{DateTime, Datelike, Utc};
use postgres::{Client, NoTls, Transaction};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The notification channel for "a case changed"; the payload is the case key.
pub const CHANNEL: &str = "loket_cases";

/// The version of case records and events in the JSON columns (as in the sled store).
const EVENT_SCHEMA: u32 = 1;

/// How long a desk waits before trying again to listen after the listener failed.
const LISTEN_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// Cases per round trip when walking every case (export, re-segmentation).
const PAGE: i64 = 1000;

/// The `case_key` of a verklaring taken in from a backup or another store: no case of this
/// database has it (keys start at 1), so it never hides a case from the list and never tells
/// other desks that a case left.
pub const KEPT_KEY: i64 = 0;

/// Serialises the taking in of verklaringen (any number no other program on the database uses).
const VERKLARINGEN_LOCK: i64 = 0x6c6f_6b65_7402;

/// Whether `store` names a PostgreSQL database rather than a directory.
pub fn is_url(store: &str) -> bool {
    store.starts_with("postgres://") || store.starts_with("postgresql://")
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.split_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    match auth {
        Some(a) => match a.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{a}@{host}"),
        },
        None => url.to_string(),
    }
}

fn db(e: postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        return StoreError::Io(format!("database: {}", db.message()));
    }
    StoreError::Io(format!("database: {e}"))
}

fn encode<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn decode<'a, T: Deserialize<'a>>(s: &'a str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn key_of(k: i64) -> CaseKey {
    CaseKey(k as u64)
}

fn sql_key(k: CaseKey) -> i64 {
    k.0 as i64
}

/// The row a query with the case key as its one parameter returns; `NotFound` when none.
fn row_of_key(
    client: &mut impl postgres::GenericClient,
    sql: &str,
    key: CaseKey,
) -> Result<postgres::Row> {
    client
        .query_opt(sql, &[&sql_key(key)])
        .map_err(db)?
        .ok_or(StoreError::NotFound)
}

#[derive(Serialize, Deserialize)]
struct EventRecord {
    schema: u32,
    event: Event,
}

/// The summaries written since a cursor, how many could not be read, and the next cursor.
pub type SummariesSince = (Vec<(CaseKey, Summary)>, usize, u64);

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The version the case has now.
    pub version: u64,
}

/// The access log's word for a purpose (the serde id, as the sled store keeps it too).
fn purpose_id(p: AccessPurpose) -> &'static str {
    match p {
        AccessPurpose::View => "view",
        AccessPurpose::Export => "export",
        AccessPurpose::Report => "report",
        AccessPurpose::Inzage => "inzage",
        AccessPurpose::BsnShown => "bsn_shown",
        AccessPurpose::BsnExport => "bsn_export",
        AccessPurpose::Ddas => "ddas",
    }
}

fn purpose_of(id: &str) -> Result<AccessPurpose> {
    [
        AccessPurpose::View,
        AccessPurpose::Export,
        AccessPurpose::Report,
        AccessPurpose::Inzage,
        AccessPurpose::BsnShown,
        AccessPurpose::BsnExport,
        AccessPurpose::Ddas,
    ]
    .into_iter()
    .find(|p| purpose_id(*p) == id)
    .ok_or_else(|| StoreError::Corrupt(format!("toegangsdoel {id}")))
}

/// A user as the team database keeps them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
}

pub struct PgStore {
    client: Mutex<Conn>,
    url: String,
    user: String,
    role: Role,
    /// This handle's id in `changed_by` and notifications, so its own saves are not news.
    session: String,
    /// Started on the first `changed_elsewhere` (commands that do not poll never listen).
    listener: Mutex<Option<Listener>>,
    /// When starting the listener was last tried.
    listener_tried: Mutex<Option<std::time::Instant>>,
    /// The cursor up to which this handle's caller has every list row (from `listing` and the
    /// polls since): a list snapshot written at close is valid as of it.
    list_cursor: AtomicU64,
    /// Rows the last listing could not read: no snapshot is written then (it would hide them).
    list_unreadable: AtomicU64,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &redact(&self.url))
            .field("user", &self.user)
            .field("role", &self.role)
            .finish()
    }
}

/// The connection and the prepared save statement (prepared once per connection).
struct Conn {
    client: Client,
    save: Option<postgres::Statement>,
}

impl std::ops::Deref for Conn {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// A save in one statement (so one round trip, committed on its own): the case row only when it
/// is still at the base version, then its list row, its events (in order) and the notification.
/// No row back: the version had moved on (or the case is gone).
const SAVE_SQL: &str = "
WITH c AS (
    UPDATE loket_cases SET version = version + 1, record = $3::text::jsonb, updated_at = $4,
           updated_by = $5
    WHERE key = $1 AND version = $2 AND (NOT (coalesce(record->'case', record) ? 'beperkt') OR $10)
    RETURNING key, version
), s AS (
    UPDATE loket_summaries SET summary = $6,
           changed_xid = pg_current_xact_id()::text::bigint, changed_by = $7
    WHERE case_key = (SELECT key FROM c)
    RETURNING 1
), e AS (
    INSERT INTO loket_events (case_key, case_version, at, by_user, event)
    SELECT c.key, c.version, $8, $5, x.ev::jsonb
    FROM c, unnest($9::text[]) WITH ORDINALITY AS x (ev, n)
    ORDER BY x.n
    RETURNING 1
), n AS (
    SELECT pg_notify('loket_cases', c.key::text || ' ' || $7) FROM c
)
SELECT c.version, (SELECT count(*) FROM s), (SELECT count(*) FROM e), (SELECT count(*) FROM n)
FROM c";

pub(super) fn connect(url: &str) -> Result<Client> {
    Client::connect(url, NoTls).map_err(|e| StoreError::Connect {
        url: redact(url),
        detail: e.to_string(),
    })
}

impl PgStore {
    /// Connects, applies the schema migrations and identifies `user`: the first user of an
    /// empty database becomes teamleider; anyone else must be in the users table.
    pub fn open(url: &str, user: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        schema::migrate(&mut client).map_err(|detail| StoreError::Connect {
            url: redact(url),
            detail,
        })?;
        let role = ensure_user(&mut client, user)?;
        Ok(PgStore {
            client: Mutex::new(Conn { client, save: None }),
            url: url.to_string(),
            user: user.to_string(),
            role,
            session: uuid::Uuid::now_v7().simple().to_string(),
            listener: Mutex::new(None),
            listener_tried: Mutex::new(None),
            list_cursor: AtomicU64::new(0),
            list_unreadable: AtomicU64::new(0),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn role(&self) -> Role {
        self.role
    }

    fn client(&self) -> MutexGuard<'_, Conn> {
        self.client.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refuses what this user's role does not allow.
    pub fn authorize(&self, action: Action) -> Result<()> {
        if self.role.may(action) {
            Ok(())
        } else {
            Err(self.forbidden(action.what().to_string()))
        }
    }

    fn forbidden(&self, what: String) -> StoreError {
        StoreError::Forbidden {
            user: self.user.clone(),
            role: self.role,
            what,
        }
    }

    fn authorize_changes(&self, changes: &[Change]) -> Result<()> {
        match changes.iter().find(|c| !self.role.may_change(c)) {
            Some(c) => Err(self.forbidden(change_what(c))),
            None => Ok(()),
        }
    }

    fn case_count(&self) -> Result<usize> {
        let n: i64 = self
            .client()
            .query_one("SELECT count(*) FROM loket_cases", &[])
            .map_err(db)?
            .get(0);
        Ok(n as usize)
    }

    /// Stores a new case with its first events, as version 1. The case number is
    /// `case.case_id` when that is non-empty and free, else a new "JJJJ-NNNNN" number.
    pub fn create_case(
        &self,
        new: NewCase,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(CaseKey, String)> {
        self.authorize(Action::CreateCase)?;
        self.authorize_changes(&new.changes)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let events: Vec<Event> = new
            .changes
            .iter()
            .map(|c| Event {
                at,
                by: by.to_string(),
                change: c.clone(),
            })
            .collect();
        let created = insert_case(
            &mut tx,
            &self.session,
            new.case,
            new.summary,
            &events,
            1,
            &self.user,
            at,
        )?;
        tx.commit().map_err(db)?;
        Ok(created)
    }

    /// Stores many new cases in one transaction (import, gen). Each keeps its history as given.
    pub fn create_many(&self, cases: Vec<(NewCase, Vec<Event>)>) -> Result<Vec<(CaseKey, String)>> {
        self.authorize(Action::CreateCase)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let mut out = Vec::with_capacity(cases.len());
        for (new, events) in cases {
            let at = new.case.updated_at;
            out.push(insert_case(
                &mut tx,
                &self.session,
                new.case,
                new.summary,
                &events,
                1,
                &self.user,
                at,
            )?);
        }
        tx.commit().map_err(db)?;
        Ok(out)
    }

    /// Saves `case`, its summary and the events that describe the change in one transaction,
    /// when the case is still at `base_version` (the version it was loaded at). Else
    /// `StoreError::Conflict` and nothing is written: a save never overwrites another desk's
    /// work (see `merge` for what the desk does next).
    pub fn save_case(
        &self,
        key: CaseKey,
        base_version: u64,
        request: SaveRequest<'_>,
    ) -> Result<Saved> {
        let SaveRequest {
            case,
            summary,
            changes,
            by,
            at,
        } = request;
        self.authorize_changes(changes)?;
        let record = encode(&super::sled_store::migrate::CaseRecordOut::new(case))?;
        let summary = encode(summary)?;
        let events = changes
            .iter()
            .map(|c| {
                encode(&EventRecord {
                    schema: EVENT_SCHEMA,
                    event: Event {
                        at,
                        by: by.to_string(),
                        change: c.clone(),
                    },
                })
            })
            .collect::<Result<Vec<String>>>()?;
        let mut conn = self.client();
        let stmt = match &conn.save {
            Some(s) => s.clone(),
            None => {
                let s = conn.client.prepare(SAVE_SQL).map_err(db)?;
                conn.save = Some(s.clone());
                s
            }
        };
        let row = conn
            .client
            .query_opt(
                &stmt,
                &[
                    &sql_key(key),
                    &(base_version as i64),
                    &record,
                    &case.updated_at,
                    &self.user,
                    &summary,
                    &self.session,
                    &at,
                    &events,
                    &crate::domain::beperking::allows(true, changes),
                ],
            )
            .map_err(db)?;
        if let Some(row) = row {
            return Ok(Saved {
                version: row.get::<_, i64>(0) as u64,
            });
        }
        let current = row_of_key(
            &mut conn.client,
            "SELECT version, case_id, coalesce(record->'case', record) ? 'beperkt' FROM loket_cases WHERE key = $1",
            key,
        )?;
        if current.get::<_, i64>(0) as u64 == base_version && current.get::<_, bool>(2) {
            return Err(StoreError::Beperkt(current.get(1)));
        }
        Err(StoreError::Conflict {
            case_id: current.get(1),
            loaded: super::Version(base_version),
            current: super::Version(current.get::<_, i64>(0) as u64),
        })
    }

    /// Loads a case and its version; the access log records who opened it, in the same
    /// transaction (no read without a log entry).
    pub fn load_logged(&self, key: CaseKey, access: &AccessContext) -> Result<(Case, u64)> {
        if access.purpose == AccessPurpose::Report {
            self.authorize(Action::Report)?;
        }
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let row = row_of_key(
            &mut tx,
            "SELECT version, record::text, case_id FROM loket_cases WHERE key = $1",
            key,
        )?;
        let case = super::sled_store::migrate::decode_case(row.get::<_, &str>(1).as_bytes())?;
        let case_id: &str = row.get(2);
        // A restricted case (art. 18 AVG) is viewed by the teamleider only.
        if case.beperkt.is_some() && !self.role.may(Action::BeperktInzien) {
            return Err(self.forbidden(Action::BeperktInzien.what().to_string()));
        }
        log(&mut tx, access, case_id, self.role)?;
        tx.commit().map_err(db)?;
        Ok((case, row.get::<_, i64>(0) as u64))
    }

    /// The case's version (no access logged: the case itself is not read).
    pub fn version_of(&self, key: CaseKey) -> Result<Option<u64>> {
        Ok(self
            .client()
            .query_opt(
                "SELECT version FROM loket_cases WHERE key = $1",
                &[&sql_key(key)],
            )
            .map_err(db)?
            .map(|r| r.get::<_, i64>(0) as u64))
    }

    pub fn key_of(&self, case_id: &str) -> Result<Option<CaseKey>> {
        Ok(self
            .client()
            .query_opt(
                "SELECT key FROM loket_cases WHERE case_id = $1",
                &[&case_id],
            )
            .map_err(db)?
            .map(|r| key_of(r.get(0))))
    }

    /// Every summary in creation order, and the cursor for `changed_elsewhere`.
    pub fn summaries(&self) -> Result<(Vec<(CaseKey, Summary)>, u64)> {
        let (rows, _, cursor) = self.summaries_since(0)?;
        Ok((rows, cursor))
    }

    /// The summaries written since `cursor` (0: all) in creation order, how many could not be
    /// read (left out, never a reason to fail the list), and the next cursor.
    ///
    /// The cursor is the oldest transaction still running when the rows were read: every
    /// transaction before it has ended, so its rows were visible to this read. Rows of later
    /// transactions come again next time, so nothing committed in between is ever missed.
    pub fn summaries_since(&self, cursor: u64) -> Result<SummariesSince> {
        let mut client = self.client();
        let (mut tx, next) = begin_snapshot(&mut client)?;
        let rows = tx
            .query(
                "SELECT case_key, summary FROM loket_summaries WHERE changed_xid >= $1 \
                 ORDER BY case_key",
                &[&(cursor as i64)],
            )
            .map_err(db)?;
        tx.commit().map_err(db)?;
        drop(client);
        // Decoding is most of a large list's cost: two threads share it.
        let decode_rows = |chunk: &[postgres::Row]| {
            let mut out = Vec::with_capacity(chunk.len());
            let mut unreadable = 0;
            for r in chunk {
                match decode::<Summary>(r.get::<_, &str>(1)) {
                    Ok(s) => out.push((key_of(r.get(0)), s)),
                    Err(_) => unreadable += 1,
                }
            }
            (out, unreadable)
        };
        let (a, b) = rows.split_at(if rows.len() > 4096 {
            rows.len() / 2
        } else {
            rows.len()
        });
        let ((mut out, bad_a), (rest, bad_b)) = std::thread::scope(|scope| {
            let second = scope.spawn(|| decode_rows(b));
            let first = decode_rows(a);
            (
                first,
                second.join().unwrap_or_else(|_| (Vec::new(), b.len())),
            )
        });
        out.extend(rest);
        Ok((out, bad_a + bad_b, next as u64))
    }

    /// The summaries of these cases, in creation order (unreadable ones left out).
    pub fn summaries_of(&self, keys: &[CaseKey]) -> Result<Vec<(CaseKey, Summary)>> {
        let keys: Vec<i64> = keys.iter().map(|k| sql_key(*k)).collect();
        let rows = self
            .client()
            .query(
                "SELECT case_key, summary FROM loket_summaries \
                 WHERE case_key = ANY($1) ORDER BY case_key",
                &[&keys],
            )
            .map_err(db)?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((key_of(r.get(0)), decode(r.get::<_, &str>(1)).ok()?)))
            .collect())
    }

    /// The history of a case, oldest first.
    pub fn history(&self, key: CaseKey) -> Result<Vec<Event>> {
        let rows = self
            .client()
            .query(
                "SELECT event::text FROM loket_events WHERE case_key = $1 ORDER BY seq",
                &[&sql_key(key)],
            )
            .map_err(db)?;
        rows.iter()
            .map(|r| decode::<EventRecord>(r.get(0)).map(|e| e.event))
            .collect()
    }

    /// Every case key in creation order.
    pub fn keys(&self) -> Result<Vec<CaseKey>> {
        let rows = self
            .client()
            .query("SELECT key FROM loket_cases ORDER BY key", &[])
            .map_err(db)?;
        Ok(rows.iter().map(|r| key_of(r.get(0))).collect())
    }

    /// Calls `each` with every case in creation order, a page at a time; each page's reads are
    /// in the access log, written in the transaction that reads the page. The connection is
    /// free while `each` runs, so it may use the store.
    pub fn export_each(
        &self,
        access: &AccessContext,
        each: &mut dyn FnMut(CaseKey, Case) -> Result<()>,
    ) -> Result<usize> {
        self.authorize(Action::Export)?;
        let mut after: i64 = 0;
        let mut n = 0;
        loop {
            let page = {
                let mut client = self.client();
                let mut tx = client.transaction().map_err(db)?;
                let rows = tx
                    .query(
                        "SELECT key, record::text, case_id FROM loket_cases WHERE key > $1 \
                         ORDER BY key LIMIT $2",
                        &[&after, &PAGE],
                    )
                    .map_err(db)?;
                let ids: Vec<&str> = rows.iter().map(|r| r.get(2)).collect();
                tx.execute(
                    "INSERT INTO loket_access_log (by_user, action, at, case_id, role) \
                     SELECT $1, $2, $3, unnest($4::text[]), $5",
                    &[
                        &access.by,
                        &purpose_id(access.purpose),
                        &access.at,
                        &ids,
                        &self.role.id(),
                    ],
                )
                .map_err(db)?;
                tx.commit().map_err(db)?;
                rows
            };
            if page.is_empty() {
                return Ok(n);
            }
            for r in &page {
                after = r.get(0);
                let case = super::sled_store::migrate::decode_case(r.get::<_, &str>(1).as_bytes())?;
                each(key_of(after), case)?;
                n += 1;
            }
        }
    }

    /// Recomputes every summary with `summarize` and writes those that changed, a page per
    /// transaction; `progress(done, total)` after each page. Returns the number of cases.
    pub fn resegment(
        &self,
        summarize: &(dyn Fn(&Case) -> Summary + Sync),
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        let total = self.case_count()?;
        let mut after: i64 = 0;
        let mut done = 0;
        loop {
            let rows = self
                .client()
                .query(
                    "SELECT c.key, c.record::text, s.summary FROM loket_cases c \
                     JOIN loket_summaries s ON s.case_key = c.key WHERE c.key > $1 \
                     ORDER BY c.key LIMIT $2",
                    &[&after, &PAGE],
                )
                .map_err(db)?;
            let Some(last) = rows.last() else {
                progress(done, total);
                return Ok(done);
            };
            after = last.get(0);
            // Decoding and the engine are the work: two threads share each page.
            let half = rows.len().div_ceil(2);
            let work = |chunk: &[postgres::Row]| -> Vec<(i64, String)> {
                chunk
                    .iter()
                    .filter_map(|r| {
                        let case =
                            super::sled_store::migrate::decode_case(r.get::<_, &str>(1).as_bytes())
                                .ok()?;
                        let new = encode(&summarize(&case)).ok()?;
                        let old: Summary = decode(r.get::<_, &str>(2)).ok()?;
                        let fresh: Summary = decode(&new).ok()?;
                        (old != fresh).then(|| (r.get::<_, i64>(0), new))
                    })
                    .collect()
            };
            let (a, b) = rows.split_at(half);
            let changed: Vec<(i64, String)> = std::thread::scope(|scope| {
                let second = scope.spawn(|| work(b));
                let mut out = work(a);
                out.extend(second.join().unwrap_or_default());
                out
            });
            if !changed.is_empty() {
                let (keys, summaries): (Vec<i64>, Vec<String>) = changed.into_iter().unzip();
                let mut client = self.client();
                let mut tx = client.transaction().map_err(db)?;
                tx.execute(
                    "UPDATE loket_summaries s SET summary = v.summary, \
                     changed_xid = pg_current_xact_id()::text::bigint, changed_by = $3 \
                     FROM unnest($1::bigint[], $2::text[]) AS v(k, summary) \
                     WHERE s.case_key = v.k",
                    &[&keys, &summaries, &self.session],
                )
                .map_err(db)?;
                tx.commit().map_err(db)?;
            }
            done += rows.len();
            progress(done, total);
        }
    }

    /// Stores cases with their full history exactly as given (who, when), keeping their case
    /// numbers: for moving a case base over. One transaction for the whole batch.
    pub fn import_with_history(&self, cases: Vec<(Case, Summary, Vec<Event>)>) -> Result<usize> {
        self.authorize(Action::Migrate)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let n = cases.len();
        for (case, summary, history) in cases {
            let wanted = case.case_id.clone();
            let at = case.updated_at;
            let (_, id) = insert_case(
                &mut tx,
                &self.session,
                case,
                summary,
                &history,
                1,
                &self.user,
                at,
            )?;
            if id != wanted {
                return Err(StoreError::Duplicate(wanted));
            }
        }
        tx.commit().map_err(db)?;
        Ok(n)
    }

    pub fn meta_get(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .client()
            .query_opt("SELECT value FROM loket_meta WHERE name = $1", &[&name])
            .map_err(db)?
            .map(|r| r.get(0)))
    }

    pub fn meta_set(&self, name: &str, value: &str) -> Result<()> {
        self.client()
            .execute(
                "INSERT INTO loket_meta (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                &[&name, &value],
            )
            .map_err(db)?;
        Ok(())
    }

    // ---- access log ----

    /// Records a read of a case that did not go through `load` (a report over summaries).
    pub fn record_access_of(&self, key: CaseKey, access: &AccessContext) -> Result<()> {
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let case_id: String = row_of_key(
            &mut tx,
            "SELECT case_id FROM loket_cases WHERE key = $1",
            key,
        )?
        .get(0);
        log(&mut tx, access, &case_id, self.role)?;
        tx.commit().map_err(db)
    }

    /// Who read a case, oldest first. Teamleider only.
    pub fn access_log_of(&self, key: CaseKey) -> Result<Vec<AccessEntry>> {
        self.authorize(Action::ReadAccessLog)?;
        let rows = self
            .client()
            .query(
                "SELECT l.at, l.by_user, l.action, l.role FROM loket_access_log l \
                 JOIN loket_cases c ON c.case_id = l.case_id WHERE c.key = $1 ORDER BY l.seq",
                &[&sql_key(key)],
            )
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AccessEntry {
                    at: r.get(0),
                    by: r.get(1),
                    purpose: purpose_of(r.get(2))?,
                    role: r.get::<_, Option<&str>>(3).and_then(Role::from_id),
                })
            })
            .collect()
    }

    // ---- users and assignment ----

    pub fn users(&self) -> Result<Vec<User>> {
        self.authorize(Action::ManageUsers)?;
        let rows = self
            .client()
            .query("SELECT name, role FROM loket_users ORDER BY name", &[])
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                let role: &str = r.get(1);
                Ok(User {
                    name: r.get(0),
                    role: Role::from_id(role)
                        .ok_or_else(|| StoreError::Corrupt(format!("rol {role}")))?,
                })
            })
            .collect()
    }

    /// Adds a user; false when the name was already there (nothing changes then).
    pub fn add_user(&self, name: &str, role: Role) -> Result<bool> {
        self.authorize(Action::ManageUsers)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Io("een gebruiker heeft een naam nodig".into()));
        }
        let n = self
            .client()
            .execute(
                "INSERT INTO loket_users (name, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&name, &role.id()],
            )
            .map_err(db)?;
        Ok(n == 1)
    }

    /// Gives a user another role. The last teamleider keeps the role (someone must manage).
    pub fn set_role(&self, name: &str, role: Role) -> Result<()> {
        self.authorize(Action::ManageUsers)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        tx.batch_execute("LOCK TABLE loket_users IN SHARE ROW EXCLUSIVE MODE")
            .map_err(db)?;
        let current: Option<String> = tx
            .query_opt("SELECT role FROM loket_users WHERE name = $1", &[&name])
            .map_err(db)?
            .map(|r| r.get(0));
        let Some(current) = current else {
            return Err(StoreError::UnknownUser(name.to_string()));
        };
        if current == Role::Teamleider.id() && role != Role::Teamleider {
            let leads: i64 = tx
                .query_one(
                    "SELECT count(*) FROM loket_users WHERE role = 'teamleider'",
                    &[],
                )
                .map_err(db)?
                .get(0);
            if leads <= 1 {
                return Err(StoreError::Io(format!(
                    "{name} is de laatste teamleider; maak eerst iemand anders teamleider"
                )));
            }
        }
        tx.execute(
            "UPDATE loket_users SET role = $2 WHERE name = $1",
            &[&name, &role.id()],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }

    /// Assigns a case to a user (None: unassigned). Teamleider only.
    pub fn assign(&self, key: CaseKey, to: Option<&str>) -> Result<()> {
        self.authorize(Action::Assign)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        match to {
            Some(user) => {
                let known = tx
                    .query_opt("SELECT 1 FROM loket_users WHERE name = $1", &[&user])
                    .map_err(db)?
                    .is_some();
                if !known {
                    return Err(StoreError::UnknownUser(user.to_string()));
                }
                tx.execute(
                    "INSERT INTO loket_assignments (case_key, user_name, assigned_by) \
                     VALUES ($1, $2, $3) ON CONFLICT (case_key) DO UPDATE \
                     SET user_name = excluded.user_name, assigned_at = now(), \
                     assigned_by = excluded.assigned_by",
                    &[&sql_key(key), &user, &self.user],
                )
                .map_err(db)?;
            }
            None => {
                tx.execute(
                    "DELETE FROM loket_assignments WHERE case_key = $1",
                    &[&sql_key(key)],
                )
                .map_err(db)?;
            }
        }
        notify(&mut tx, &self.session, key)?;
        tx.commit().map_err(db)
    }

    /// The cases assigned to this user ("mijn zaken").
    pub fn my_cases(&self) -> Result<Vec<CaseKey>> {
        let rows = self
            .client()
            .query(
                "SELECT case_key FROM loket_assignments WHERE user_name = $1 ORDER BY case_key",
                &[&self.user],
            )
            .map_err(db)?;
        Ok(rows.iter().map(|r| key_of(r.get(0))).collect())
    }

    /// A second connection that receives "case changed" notifications (also this handle's own).
    pub fn listen(&self) -> Result<Listener> {
        Listener::start(&self.url, None)
    }

    /// The cases another desk changed since `cursor` (from `summaries` or the last call), and
    /// the next cursor. Asks the database only when a notification came in (or the listener
    /// is not running), so a desk can call this every tick.
    pub fn changed_elsewhere(&self, cursor: u64) -> Result<(Vec<CaseKey>, u64)> {
        let mut listener = self.listener.lock().unwrap_or_else(|p| p.into_inner());
        let must_query = match listener.as_ref() {
            Some(l) if l.is_alive() => !l.changed().is_empty(),
            _ => {
                // (Re)start, at most every few seconds (a server that refuses connections is
                // not asked four times a second); until then every poll asks the database.
                // Changes before the listener ran are found by the query below.
                let mut last = self
                    .listener_tried
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                if last.is_none_or(|t| t.elapsed() >= LISTEN_RETRY) {
                    *last = Some(std::time::Instant::now());
                    *listener = Listener::start(&self.url, Some(self.session.clone())).ok();
                }
                true
            }
        };
        drop(listener);
        if !must_query {
            return Ok((Vec::new(), cursor));
        }
        let mut client = self.client();
        let (mut tx, next) = begin_snapshot(&mut client)?;
        // A destroyed case has no list row any more: its verklaring says it left.
        let rows = tx
            .query(
                "SELECT case_key FROM loket_summaries WHERE changed_xid >= $1 \
                 AND changed_by <> $2 UNION SELECT case_key FROM loket_verklaringen \
                 WHERE changed_xid >= $1 AND changed_by <> $2 AND case_key <> $3 ORDER BY case_key",
                &[&(cursor as i64), &self.session, &KEPT_KEY],
            )
            .map_err(db)?;
        tx.commit().map_err(db)?;
        self.list_cursor.store(next as u64, Ordering::SeqCst);
        Ok((rows.iter().map(|r| key_of(r.get(0))).collect(), next as u64))
    }

    /// Every list row, in creation order: from the list snapshot plus the rows written since it
    /// (one value and a small query), or by reading every row when there is no usable snapshot.
    /// Returns the rows, how many could not be read, and the cursor for `changed_elsewhere`.
    pub fn listing(&self) -> Result<SummariesSince> {
        let snapshot = self
            .client()
            .query_opt(
                "SELECT cursor, data FROM loket_list_snapshot WHERE id = 1",
                &[],
            )
            .map_err(db)?;
        let base = snapshot.and_then(|row| {
            let cursor = row.get::<_, i64>(0) as u64;
            let rows = super::sled_store::listcache::decode(row.get::<_, &[u8]>(1), cursor)?;
            Some((cursor, rows))
        });
        let (mut rows, unreadable, next) = match &base {
            Some((cursor, _)) => self.summaries_since(*cursor)?,
            None => self.summaries_since(0)?,
        };
        if let Some((_, mut all)) = base {
            // The rows written since the snapshot replace or join its rows.
            let fresh: std::collections::HashMap<CaseKey, Summary> = rows.drain(..).collect();
            for (key, summary) in all.iter_mut() {
                if let Some(s) = fresh.get(key) {
                    *summary = s.clone();
                }
            }
            let known: std::collections::HashSet<CaseKey> = all.iter().map(|(k, _)| *k).collect();
            let mut added: Vec<(CaseKey, Summary)> = fresh
                .into_iter()
                .filter(|(k, _)| !known.contains(k))
                .collect();
            all.append(&mut added);
            // A snapshot written by a desk that had not yet heard of a destruction still holds
            // that case: destroyed keys never come back (keys are not reused).
            let destroyed: std::collections::HashSet<CaseKey> = self
                .client()
                .query(
                    "SELECT case_key FROM loket_verklaringen WHERE case_key <> $1",
                    &[&KEPT_KEY],
                )
                .map_err(db)?
                .iter()
                .map(|r| key_of(r.get(0)))
                .collect();
            if !destroyed.is_empty() {
                all.retain(|(k, _)| !destroyed.contains(k));
            }
            all.sort_unstable_by_key(|(k, _)| *k);
            rows = all;
        }
        self.list_cursor.store(next, Ordering::SeqCst);
        self.list_unreadable
            .store(unreadable as u64, Ordering::SeqCst);
        Ok((rows, unreadable, next))
    }

    /// Destroys a case (retention): the case row with everything that cascades from it (list
    /// row, history, assignment), its access-log entries and the list snapshot (which holds its
    /// row), and keeps the verklaring; one transaction, with a notification to other desks.
    pub fn destroy_case(&self, key: CaseKey, verklaring: &Verklaring) -> Result<()> {
        self.authorize(Action::Vernietigen)?;
        let record = encode(verklaring)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        let case_id: String = row_of_key(
            &mut tx,
            "DELETE FROM loket_cases WHERE key = $1 RETURNING case_id",
            key,
        )?
        .get(0);
        if case_id != verklaring.zaaknummer {
            return Err(StoreError::Corrupt(format!(
                "zaaknummer {} hoort niet bij deze zaak",
                verklaring.zaaknummer
            )));
        }
        tx.execute(
            "DELETE FROM loket_access_log WHERE case_id = $1",
            &[&case_id],
        )
        .map_err(db)?;
        tx.execute("DELETE FROM loket_list_snapshot", &[])
            .map_err(db)?;
        tx.execute(
            "INSERT INTO loket_verklaringen (case_key, verklaring, changed_by) \
             VALUES ($1, $2, $3)",
            &[&sql_key(key), &record, &self.session],
        )
        .map_err(db)?;
        notify(&mut tx, &self.session, key)?;
        tx.commit().map_err(db)?;
        Ok(())
    }

    /// Takes in verklaringen from a backup or another store (see
    /// [`crate::store::CaseStore::keep_verklaringen`]): those whose identity the table does not
    /// hold yet, under [`KEPT_KEY`], in one transaction that holds an advisory lock (two runs at
    /// once cannot both add the same one). Returns how many were new.
    pub fn keep_verklaringen_new(&self, verklaringen: &[Verklaring]) -> Result<usize> {
        if verklaringen.is_empty() {
            return Ok(0);
        }
        self.authorize(Action::Vernietigen)?;
        let mut client = self.client();
        let mut tx = client.transaction().map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&VERKLARINGEN_LOCK])
            .map_err(db)?;
        let present: Vec<Verklaring> = tx
            .query("SELECT verklaring FROM loket_verklaringen", &[])
            .map_err(db)?
            .iter()
            .map(|r| decode(r.get::<_, &str>(0)))
            .collect::<Result<_>>()?;
        let mut known: std::collections::HashSet<(&str, DateTime<Utc>)> =
            present.iter().map(Verklaring::identity).collect();
        let mut n = 0;
        for v in verklaringen {
            if !known.insert(v.identity()) {
                continue;
            }
            tx.execute(
                "INSERT INTO loket_verklaringen (case_key, verklaring, changed_by) \
                 VALUES ($1, $2, $3)",
                &[&KEPT_KEY, &encode(v)?, &self.session],
            )
            .map_err(db)?;
            n += 1;
        }
        tx.commit().map_err(db)?;
        Ok(n)
    }

    /// Every verklaring van vernietiging, oldest first.
    pub fn verklaringen_list(&self) -> Result<Vec<Verklaring>> {
        let rows = self
            .client()
            .query(
                "SELECT verklaring FROM loket_verklaringen ORDER BY seq",
                &[],
            )
            .map_err(db)?;
        rows.iter().map(|r| decode(r.get::<_, &str>(0))).collect()
    }

    /// Keeps `rows` (every list row, as the caller holds them up to the last cursor handed
    /// out) as the list snapshot for the next start.
    pub fn write_list_snapshot<'a>(
        &self,
        rows: impl Iterator<Item = (CaseKey, &'a Summary)>,
    ) -> Result<()> {
        if self.list_unreadable.load(Ordering::SeqCst) > 0 {
            return Ok(());
        }
        let mut rows: Vec<(CaseKey, &Summary)> = rows.collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        let cursor = self.list_cursor.load(Ordering::SeqCst);
        let data = super::sled_store::listcache::encode(cursor, rows.into_iter());
        self.client()
            .execute(
                "INSERT INTO loket_list_snapshot (id, cursor, data) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, data = excluded.data",
                &[&(cursor as i64), &data],
            )
            .map_err(db)?;
        Ok(())
    }
}

/// Identifies `user`; the first user of an empty database becomes teamleider.
fn ensure_user(client: &mut Client, user: &str) -> Result<Role> {
    let user = user.trim();
    if user.is_empty() {
        return Err(StoreError::UnknownUser(String::new()));
    }
    let mut tx = client.transaction().map_err(db)?;
    // Two first desks at once: one of them is first.
    tx.batch_execute("LOCK TABLE loket_users IN SHARE ROW EXCLUSIVE MODE")
        .map_err(db)?;
    if let Some(row) = tx
        .query_opt("SELECT role FROM loket_users WHERE name = $1", &[&user])
        .map_err(db)?
    {
        let role: &str = row.get(0);
        let role = Role::from_id(role).ok_or_else(|| StoreError::Corrupt(format!("rol {role}")))?;
        tx.commit().map_err(db)?;
        return Ok(role);
    }
    let any = tx
        .query_opt("SELECT 1 FROM loket_users LIMIT 1", &[])
        .map_err(db)?
        .is_some();
    if any {
        return Err(StoreError::UnknownUser(user.to_string()));
    }
    tx.execute(
        "INSERT INTO loket_users (name, role) VALUES ($1, 'teamleider')",
        &[&user],
    )
    .map_err(db)?;
    tx.commit().map_err(db)?;
    Ok(Role::Teamleider)
}

/// A read-only snapshot and the change cursor that goes with it: the oldest transaction still
/// running when the snapshot was taken (rows of later transactions are read again next time).
fn begin_snapshot(client: &mut postgres::Client) -> Result<(Transaction<'_>, i64)> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(db)?;
    let next: i64 = tx
        .query_one(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            &[],
        )
        .map_err(db)?
        .get(0);
    Ok((tx, next))
}

/// Inserts the case row under `id` unless that case number is taken (then None).
fn insert_case_row(
    tx: &mut Transaction<'_>,
    case: &mut Case,
    id: &str,
    version: u64,
    by: &str,
) -> Result<Option<i64>> {
    case.case_id = id.to_string();
    let record = encode(&super::sled_store::migrate::CaseRecordOut::new(case))?;
    Ok(tx
        .query_opt(
            "INSERT INTO loket_cases (case_id, version, record, created_at, updated_at, \
             updated_by) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6) \
             ON CONFLICT (case_id) DO NOTHING RETURNING key",
            &[
                &id,
                &(version as i64),
                &record,
                &case.created_at,
                &case.updated_at,
                &by,
            ],
        )
        .map_err(db)?
        .map(|r| r.get(0)))
}

#[allow(clippy::too_many_arguments)]
fn insert_case(
    tx: &mut Transaction<'_>,
    session: &str,
    mut case: Case,
    mut summary: Summary,
    events: &[Event],
    version: u64,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(CaseKey, String)> {
    let wanted = case.case_id.trim().to_string();
    let mut key: Option<i64> = None;
    let mut id = wanted.clone();
    if !wanted.is_empty() {
        key = insert_case_row(tx, &mut case, &wanted, version, by)?;
    }
    while key.is_none() {
        let n: i32 = tx
            .query_one(
                "INSERT INTO loket_case_numbers (year, last) VALUES ($1, 1) \
                 ON CONFLICT (year) DO UPDATE SET last = loket_case_numbers.last + 1 \
                 RETURNING last",
                &[&at.year()],
            )
            .map_err(db)?
            .get(0);
        id = format!("{}-{n:05}", at.year());
        key = insert_case_row(tx, &mut case, &id, version, by)?;
    }
    let key = key.map(key_of).ok_or(StoreError::NotFound)?;
    summary.case_id = id.clone();
    write_summary(tx, session, key, &summary)?;
    write_events(tx, key, version, events)?;
    Ok((key, id))
}

fn write_summary(
    tx: &mut Transaction<'_>,
    session: &str,
    key: CaseKey,
    summary: &Summary,
) -> Result<()> {
    tx.execute(
        "INSERT INTO loket_summaries (case_key, summary, changed_by) \
         VALUES ($1, $2, $3) \
         ON CONFLICT (case_key) DO UPDATE SET summary = excluded.summary, \
         changed_xid = pg_current_xact_id()::text::bigint, changed_by = excluded.changed_by",
        &[&sql_key(key), &encode(summary)?, &session],
    )
    .map_err(db)?;
    notify(tx, session, key)
}

fn write_events(
    tx: &mut Transaction<'_>,
    key: CaseKey,
    version: u64,
    events: &[Event],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let stmt = tx
        .prepare(
            "INSERT INTO loket_events (case_key, case_version, at, by_user, event) \
             VALUES ($1, $2, $3, $4, $5::text::jsonb)",
        )
        .map_err(db)?;
    for event in events {
        let rec = encode(&EventRecord {
            schema: EVENT_SCHEMA,
            event: event.clone(),
        })?;
        tx.execute(
            &stmt,
            &[&sql_key(key), &(version as i64), &event.at, &event.by, &rec],
        )
        .map_err(db)?;
    }
    Ok(())
}

/// Tells listening desks that a case changed: "KEY SESSION" (a desk ignores its own session).
fn notify(tx: &mut Transaction<'_>, session: &str, key: CaseKey) -> Result<()> {
    tx.execute(
        "SELECT pg_notify($1, $2)",
        &[&CHANNEL, &format!("{} {session}", key.0)],
    )
    .map_err(db)?;
    Ok(())
}

/// One access-log row, with the reader's role (`role`, this desk's) as it is now.
fn log(tx: &mut Transaction<'_>, access: &AccessContext, case_id: &str, role: Role) -> Result<()> {
    tx.execute(
        "INSERT INTO loket_access_log (by_user, action, case_id, at, role) \
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &access.by,
            &purpose_id(access.purpose),
            &case_id,
            &access.at,
            &role.id(),
        ],
    )
    .map_err(db)?;
    Ok(())
}
