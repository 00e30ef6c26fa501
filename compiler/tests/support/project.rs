//! A temporary project directory for the tests that run the `migc` binary
//! (`cli.rs`, `files.rs`): each adds the helpers of its own to `Project`.

use std::io;
use std::path::Path;

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
