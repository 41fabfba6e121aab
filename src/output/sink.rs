//! The [`Sink`] rendered files go into, and the checks every sink makes.

use std::fs::File;
use std::io::Write;
use std::path::{Component, Path};

use anyhow::{Context, bail};

use crate::confined::{self, Inside};

/// Receives output files; shared by the rendering threads.
pub(crate) trait Sink: Sync {
    /// Stores `bytes` at `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()>;
    /// Stores a copy of the file `from` at `path`. The file is opened with
    /// [`confined::open`], so a link swapped in for it is never followed out of its folder.
    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()>;
    /// Stores at `path` what `fill` writes, about `size` bytes. Sinks that can should write it
    /// through rather than hold it in memory whole.
    fn put_with(
        &self,
        path: &str,
        size: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let mut bytes = Vec::with_capacity(size);
        fill(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Refuses paths that could leave the output folder. Every path is built from validated ids,
/// so this never fires on valid input; it is the last line of defence.
pub(crate) fn safe_relative(path: &str) -> anyhow::Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("refusing to write outside the output folder: {path:?}");
    }
    Ok(p)
}

/// Opens a file to copy, naming it in the error.
pub(crate) fn open_source(from: Inside<'_>) -> anyhow::Result<File> {
    confined::open(from).with_context(|| format!("cannot copy {}", from.rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "./x"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("roles/sre/index.html").is_ok());
    }
}
