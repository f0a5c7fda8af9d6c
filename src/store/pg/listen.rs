//! "A case changed": a second connection LISTENs on the channel and hands each changed case key
//! to whoever polls the listener (the event loop, once per tick). The thread stops when the
//! listener is dropped.

use super::{CHANNEL, connect};
use crate::store::{CaseKey, Result, StoreError};
use postgres::fallible_iterator::FallibleIterator;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the listening thread checks whether it should stop.
const STOP_CHECK: Duration = Duration::from_millis(200);

pub struct Listener {
    rx: Receiver<CaseKey>,
    stop: Arc<AtomicBool>,
    alive: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Listens on `url`; notifications from `ignore_session` (this desk's own saves) are dropped.
    pub(super) fn start(url: &str, ignore_session: Option<String>) -> Result<Listener> {
        let mut client = connect(url)?;
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .map_err(|e| StoreError::Io(format!("database: {e}")))?;
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let alive = Arc::new(AtomicBool::new(true));
        let alive_flag = alive.clone();
        let thread = std::thread::Builder::new()
            .name("loket-listen".into())
            .spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    let mut notes = client.notifications();
                    let mut it = notes.timeout_iter(STOP_CHECK);
                    loop {
                        match it.next() {
                            Ok(Some(n)) => {
                                let mut parts = n.payload().split(' ');
                                let key = parts.next().and_then(|k| k.parse::<u64>().ok());
                                let session = parts.next();
                                if let Some(k) = key
                                    && (session.is_none() || session != ignore_session.as_deref())
                                    && tx.send(CaseKey(k)).is_err()
                                {
                                    return;
                                }
                            }
                            Ok(None) => break,
                            // The connection is gone: the desk keeps working; `is_alive` tells.
                            Err(_) => {
                                alive.store(false, Ordering::SeqCst);
                                return;
                            }
                        }
                    }
                }
            })
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(Listener {
            rx,
            stop,
            alive: alive_flag,
            thread: Some(thread),
        })
    }

    /// Every case key notified since the last call (deduplicated, in order of arrival).
    pub fn changed(&self) -> Vec<CaseKey> {
        let mut out: Vec<CaseKey> = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(k) => {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return out,
            }
        }
    }

    /// Whether the listening connection still runs.
    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// Waits up to `timeout` for the next notification (for tools and tests).
    pub fn wait(&self, timeout: Duration) -> Option<CaseKey> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
