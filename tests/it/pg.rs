//! A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, `pg_ctl` on a
//! free local port with the unix socket in that directory, stopped when the last test that uses
//! it is done (Drop, so also when a test panics).
//!
//! Tests never connect to anything but a server started here. Every test gets its own database
//! in the shared cluster (`TestDb`), so tests run in parallel without seeing each other.
//!
//! initdb refuses to run as root. As root, the cluster runs as the `postgres` account (created by
//! Debian's `postgresql` package) via `runuser`; the data directory is handed to that account.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// The superuser initdb creates; trust authentication on the loopback only.
const SUPERUSER: &str = "loket";

pub struct PgCluster {
    dir: tempfile::TempDir,
    port: u16,
    run_as: Option<String>,
    bin: PathBuf,
}

static CLUSTER: Mutex<Weak<PgCluster>> = Mutex::new(Weak::new());
static DB_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The shared cluster, started when no running test holds one.
pub fn cluster() -> Arc<PgCluster> {
    let mut slot = CLUSTER.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = slot.upgrade() {
        return c;
    }
    let c = Arc::new(PgCluster::start());
    *slot = Arc::downgrade(&c);
    c
}

/// One fresh, empty database in the shared cluster; dropped with the test.
pub struct TestDb {
    pub url: String,
    pub name: String,
    cluster: Arc<PgCluster>,
}

impl TestDb {
    pub fn new() -> TestDb {
        let cluster = cluster();
        let name = format!(
            "t{}_{}",
            std::process::id(),
            DB_COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        cluster.psql("postgres", &format!("CREATE DATABASE {name}"));
        TestDb {
            url: cluster.url(&name),
            name,
            cluster,
        }
    }

    pub fn cluster(&self) -> &PgCluster {
        &self.cluster
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

/// Where initdb, pg_ctl and postgres live: PATH first, else Debian's versioned directory.
fn pg_bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("sh")
        .args(["-c", "command -v pg_ctl"])
        .output()
        && out.status.success()
    {
        let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        // A symlink in /usr/local/bin: postgres must be found beside the real pg_ctl.
        let real = std::fs::canonicalize(&p).unwrap_or(p);
        if let Some(dir) = real.parent() {
            return dir.to_path_buf();
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("pg_ctl").exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.pop().unwrap_or_else(|| {
        panic!(
            "initdb/pg_ctl not found (PATH or /usr/lib/postgresql/*/bin): the PostgreSQL store tests \
             need a local server; install the Debian package `postgresql`"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

impl PgCluster {
    fn start() -> PgCluster {
        let bin = pg_bin_dir();
        let run_as = if is_root() {
            let ok = Command::new("id")
                .arg("postgres")
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            assert!(
                ok,
                "running as root and there is no `postgres` account to run initdb as; \
                 install the Debian package `postgresql` (it creates the account)"
            );
            Some("postgres".to_string())
        } else {
            None
        };
        // As root the server runs as `postgres`, which must reach the directory: /tmp, not a
        // TMPDIR that may sit under root's home.
        let mut builder = tempfile::Builder::new();
        builder.prefix("loket-pg-");
        let dir = match run_as {
            Some(_) => builder.tempdir_in("/tmp"),
            None => builder.tempdir(),
        }
        .expect("tempdir");
        if let Some(user) = &run_as {
            let st = Command::new("chown")
                .args([&format!("{user}:"), &dir.path().display().to_string()])
                .status()
                .expect("chown");
            assert!(st.success(), "chown of the cluster directory failed");
        }
        let mut cluster = PgCluster {
            dir,
            port: 0,
            run_as,
            bin,
        };
        let data = cluster.data_dir();
        cluster.run_checked(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        // A free port can be taken between asking and binding: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            cluster.port = free_port();
            let opts = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
                cluster.port,
                cluster.dir.path().display()
            );
            let log = cluster.dir.path().join("server.log");
            let out = cluster.run(
                "pg_ctl",
                &[
                    "-D",
                    &data.display().to_string(),
                    "-o",
                    &opts,
                    "-l",
                    &log.display().to_string(),
                    "-w",
                    "-t",
                    "30",
                    "start",
                ],
            );
            if out.status.success() {
                return cluster;
            }
            last = format!(
                "{}{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        panic!("pg_ctl start failed five times: {last}");
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{db}", self.port)
    }

    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(exe);
                // The account cannot read root's working directory.
                c.current_dir(self.dir.path());
                c
            }
            None => Command::new(exe),
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> std::process::Output {
        self.command(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} could not start: {e}"))
    }

    fn run_checked(&self, tool: &str, args: &[&str]) {
        let out = self.run(tool, args);
        assert!(
            out.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs one SQL statement as the superuser through the store's own client library.
    pub fn psql(&self, db: &str, sql: &str) {
        let mut client = postgres::Client::connect(&self.url(db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test cluster: {e}"));
        client
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data_dir().display().to_string();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}
