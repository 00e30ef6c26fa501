//! For the tests that run the `migc` binary (`cli.rs`, `files.rs`): a temporary
//! project directory (each test file adds helpers of its own to `Project`), and a
//! run with a time limit.
#![allow(dead_code, reason = "each test crate uses part of these helpers")]

use serde_json::Value;
use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A temporary project directory, removed when dropped.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> io::Result<Project> {
        Ok(Project { dir: tempfile::Builder::new().prefix("migc-test-").tempdir()? })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (creating its directories) and return the project.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> io::Result<&Project> {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, contents)?;
        Ok(self)
    }

    pub fn mkdir(&self, rel: &str) -> io::Result<&Project> {
        std::fs::create_dir_all(self.path().join(rel))?;
        Ok(self)
    }

    /// Create a symbolic link at `rel` pointing to `target` (taken as written).
    pub fn symlink(&self, target: &str, rel: &str) -> io::Result<&Project> {
        std::os::unix::fs::symlink(target, self.path().join(rel))?;
        Ok(self)
    }
}

/// The outcome of one run.
pub struct Run {
    /// `None` when the process was ended by a signal (a stack overflow, a kill).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    pub timed_out: bool,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn json(&self) -> serde_json::Result<Value> {
        serde_json::from_slice(&self.stdout)
    }

    /// Exit code and both streams, for a snapshot.
    pub fn transcript(&self) -> String {
        let code = self.code.map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
        format!("exit: {code}\n--- stdout\n{}--- stderr\n{}", self.out(), self.err())
    }
}

fn read_in_thread<R: Read + Send + 'static>(reader: Option<R>) -> JoinHandle<io::Result<Vec<u8>>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = reader {
            r.read_to_end(&mut buf)?;
        }
        Ok(buf)
    })
}

fn join(handle: JoinHandle<io::Result<Vec<u8>>>) -> io::Result<Vec<u8>> {
    handle.join().map_err(|_| io::Error::other("a reader thread panicked"))?
}

/// Run with stdin from /dev/null and both outputs piped; kill the run after `limit`.
pub fn run_for(cmd: &mut Command, limit: Duration) -> io::Result<Run> {
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let out = read_in_thread(child.stdout.take());
    let err = read_in_thread(child.stderr.take());
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > limit {
            timed_out = true;
            child.kill()?;
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    Ok(Run { code: status.code(), stdout: join(out)?, stderr: join(err)?, elapsed, timed_out })
}
