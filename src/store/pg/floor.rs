//! For `loket bench --store postgres://…`: a scratch schema so a benchmark never touches a
//! team's cases, and the floor a save is compared with — one raw INSERT of the same row
//! (case record, list row, event), committed on its own, on the same server.

use super::{connect, db, redact};
use crate::store::{Result, StoreError};
use postgres::{Client, Statement};

/// The URL of `url` with `search_path` set to `schema`: everything loket creates and reads
/// through it lives in that schema.
pub fn url_in_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A schema made for one benchmark run and dropped with everything in it at the end.
pub struct ScratchSchema {
    url: String,
    pub name: String,
}

impl ScratchSchema {
    pub fn create(url: &str, name: &str) -> Result<ScratchSchema> {
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(StoreError::Io(format!("ongeldige schemanaam {name}")));
        }
        let mut client = connect(url)?;
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .map_err(db)?;
        Ok(ScratchSchema {
            url: url.to_string(),
            name: name.to_string(),
        })
    }

    /// The URL to open the store in this schema.
    pub fn url(&self) -> String {
        url_in_schema(&self.url, &self.name)
    }
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        if let Ok(mut client) = connect(&self.url)
            && let Err(e) = client.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name))
        {
            eprintln!(
                "loket: meetschema {} in {} kon niet worden opgeruimd: {e}",
                self.name,
                redact(&self.url)
            );
        }
    }
}

/// The raw insert a save is measured against.
pub struct PgFloor {
    client: Client,
    insert: Statement,
}

impl PgFloor {
    pub fn open(url: &str) -> Result<PgFloor> {
        let mut client = connect(url)?;
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS loket_floor \
                 (k bigserial PRIMARY KEY, record jsonb, summary text, event jsonb)",
            )
            .map_err(db)?;
        let insert = client
            .prepare(
                "INSERT INTO loket_floor (record, summary, event) \
                 VALUES ($1::text::jsonb, $2, $3::text::jsonb)",
            )
            .map_err(db)?;
        Ok(PgFloor { client, insert })
    }

    /// One row, committed (autocommit: the statement is its own transaction).
    pub fn insert(&mut self, record: &str, summary: &str, event: &str) -> Result<()> {
        self.client
            .execute(&self.insert, &[&record, &summary, &event])
            .map_err(db)?;
        Ok(())
    }
}
