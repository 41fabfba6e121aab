//! `handbook init [DIR]`: writes the example handbook, ready to edit.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::common::{Global, Status, err};

include!(concat!(env!("OUT_DIR"), "/example_files.rs"));

/// Arguments of `handbook init`.
#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// Where to create the handbook (default: the current folder). Must be empty (a `.git`
    /// folder is fine).
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &InitArgs, g: Global) -> anyhow::Result<Status> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = ensure_empty(&dir) {
        err(&format!("error: {e:#}\n"));
        return Ok(Status::Error);
    }
    let written = write_example(&dir)?;
    if !g.quiet {
        err(&format!(
            "Created a handbook in {} ({written} files).\nNext: `handbook serve {}` to preview it, or `handbook build {}`.\n",
            dir.display(),
            dir.display(),
            dir.display()
        ));
    }
    Ok(Status::Success)
}

/// Fails unless `dir` is missing, empty, or holds only `.git`.
fn ensure_empty(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("{} exists and is not a folder", dir.display());
    }
    let others: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".git")
        .collect();
    if !others.is_empty() {
        bail!(
            "{} is not empty ({} entries, e.g. `{}`); `handbook init` only writes into an empty folder",
            dir.display(),
            others.len(),
            others[0]
        );
    }
    Ok(())
}

/// Writes the embedded example into `dir`; returns how many files.
pub(crate) fn write_example(dir: &Path) -> anyhow::Result<usize> {
    for (rel, bytes) in EXAMPLE {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(EXAMPLE.len())
}
