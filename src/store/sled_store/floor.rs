//! The floors `loket bench` measures the store against: what raw sled does in the same place.

use super::{Result, SledStore};
use std::path::Path;

impl SledStore {
    /// The floor of the start-up: a raw `sled::open` of `dir` and a scan of every summary's
    /// bytes. Returns the number of bytes read.
    pub fn floor_open_scan(dir: &Path) -> Result<usize> {
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(super::CACHE_BYTES)
            .open()?;
        let tree = db.open_tree("summaries")?;
        let mut bytes = 0usize;
        for kv in tree.iter() {
            let (_, v) = kv?;
            bytes += v.len();
        }
        Ok(bytes)
    }

    /// The floor of a re-segmentation: read and decode every case record, on the same threads
    /// as the real one, and do nothing with them. Returns the number of records decoded.
    pub fn floor_decode_all(&self) -> Result<usize> {
        super::resegment::floor_decode_all(self)
    }

    /// A scratch tree for the floor of a save: raw inserts and flushes beside the real path.
    pub fn floor_tree(&self) -> Result<FloorTree<'_>> {
        Ok(FloorTree {
            store: self,
            tree: self.db.open_tree(FLOOR_TREE)?,
        })
    }
}

/// See [`SledStore::floor_tree`]. Cleared when dropped.
pub struct FloorTree<'a> {
    store: &'a SledStore,
    tree: sled::Tree,
}

impl FloorTree<'_> {
    /// The floor of a save: one raw insert of `value`, then a flush of the database.
    pub fn insert_flush(&self, n: u64, value: &[u8]) -> Result<()> {
        self.tree.insert(n.to_be_bytes(), value)?;
        self.store.flush()
    }

    /// What raw sled does for the writes of one save: `values` (the case record, its list row,
    /// its version, its history event) inserted under their own keys in one batch, then a flush.
    /// No encoding, no version check, no history: the floor under the floor.
    pub fn batch_flush(&self, n: u64, values: &[&[u8]]) -> Result<()> {
        let mut batch = sled::Batch::default();
        for (i, v) in values.iter().enumerate() {
            let mut key = n.to_be_bytes().to_vec();
            key.push(i as u8);
            batch.insert(key, *v);
        }
        self.tree.apply_batch(batch)?;
        self.store.flush()
    }
}

impl Drop for FloorTree<'_> {
    fn drop(&mut self) {
        let _ = self.tree.clear();
        let _ = self.store.flush();
    }
}

const FLOOR_TREE: &str = "bench_floor";
