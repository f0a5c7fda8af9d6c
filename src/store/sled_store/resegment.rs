//! Re-segmentation of every case in the sled store: decode, summarise (on every core) and write
//! the summaries that changed. Also the batched, multi-core read that the scan of the summaries
//! shares with it.

use super::{CaseKey, Result, SledStore, encode, migrate};
use crate::domain::summary::Summary;
use crate::store::case_store::{POLICY_FINGERPRINT_KEY, RESEGMENT_BUSY, Resegment};

const BATCH: usize = 2048;

pub(super) fn run(
    store: &SledStore,
    job: &Resegment<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let threads = threads();
    let total = store.cases.len();
    let mut done = 0usize;
    store.meta.insert(POLICY_FINGERPRINT_KEY, RESEGMENT_BUSY)?;
    store.flush()?;
    let mut records = store.cases.iter();
    loop {
        let batch = next_batch(&mut records)?;
        if batch.is_empty() {
            break;
        }
        let summaries = summarize_batch(&batch, job, threads);
        for ((key, _), summary) in batch.iter().zip(summaries) {
            // A record that cannot be read keeps its old summary; it is reported, not fatal.
            if let Some(summary) = summary {
                put_summary_if_changed(store, CaseKey::from_bytes(key)?, &summary)?;
            }
        }
        done += batch.len();
        // Bounded unflushed writes: see FLUSH_EVERY (sled#1412).
        store.flush()?;
        progress(done, total);
    }
    store
        .meta
        .insert(POLICY_FINGERPRINT_KEY, job.fingerprint.as_bytes())?;
    store.flush()?;
    progress(done, total);
    Ok(done)
}

/// Replaces a summary only when it differs from the stored one; true when it was written.
/// Re-segmentation after a small policy change rewrites few summaries.
fn put_summary_if_changed(store: &SledStore, key: CaseKey, summary: &Summary) -> Result<bool> {
    let bytes = encode(summary)?;
    if store.summaries.get(key.bytes())?.as_deref() == Some(&bytes[..]) {
        return Ok(false);
    }
    store.invalidate_snapshot()?;
    store.summaries.insert(key.bytes(), bytes)?;
    Ok(true)
}

/// The floor of a re-segmentation (`loket bench`): every case record read and decoded, in the
/// same batches and on the same threads as [`run`], and nothing else. Returns the number read.
pub(super) fn floor_decode_all(store: &SledStore) -> Result<usize> {
    let threads = threads();
    let mut done = 0usize;
    let mut records = store.cases.iter();
    loop {
        let batch = next_batch(&mut records)?;
        if batch.is_empty() {
            return Ok(done);
        }
        let decoded = on_threads(&batch, threads, &|bytes| {
            migrate::decode_case(bytes).ok().map(|_| ())
        });
        done += decoded.iter().flatten().count();
    }
}

/// The threads a batch is split over: the cores, at most 8.
pub(super) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// The next batch of up to [`BATCH`] case records; empty at the end.
pub(super) fn next_batch(records: &mut sled::Iter) -> Result<Vec<(sled::IVec, sled::IVec)>> {
    Ok(records
        .by_ref()
        .take(BATCH)
        .collect::<std::result::Result<_, _>>()?)
}

/// Decodes, segments and summarises records, split over `threads` threads.
fn summarize_batch(
    batch: &[(sled::IVec, sled::IVec)],
    job: &Resegment<'_>,
    threads: usize,
) -> Vec<Option<Summary>> {
    let each = |bytes: &[u8]| {
        migrate::decode_case(bytes)
            .ok()
            .map(|case| (job.summarize)(&case))
    };
    on_threads(batch, threads, &each)
}

/// Applies `each` to every record's value, in order, split over `threads` threads; `None` for
/// a record it cannot read.
pub(super) fn on_threads<T: Send>(
    batch: &[(sled::IVec, sled::IVec)],
    threads: usize,
    each: &(dyn Fn(&[u8]) -> Option<T> + Sync),
) -> Vec<Option<T>> {
    let one = |part: &[(sled::IVec, sled::IVec)]| -> Vec<Option<T>> {
        part.iter().map(|(_, bytes)| each(bytes)).collect()
    };
    if threads <= 1 || batch.len() < 64 {
        return one(batch);
    }
    let size = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = batch.chunks(size);
        let first = parts.next().unwrap_or_default();
        // A part whose thread cannot be started (a process limit) is done here, in order.
        let handles: Vec<_> = parts
            .map(|p| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || one(p))
                    .map_err(|_| p)
            })
            .collect();
        let mut out = one(first);
        for h in handles {
            match h {
                Ok(h) => match h.join() {
                    Ok(part) => out.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(part) => out.extend(one(part)),
            }
        }
        out
    })
}
