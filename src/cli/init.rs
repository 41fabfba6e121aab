//! `handbook init [DIR] [--minimal]`: writes a new handbook, ready to edit — the example
//! handbook (the default), or a small skeleton.
//!
//! Either way the handbook is the user's, not the example team's: no repository URL (edit
//! links would point at someone else's repository), no `reviewed:` dates (they would turn into
//! `stale-page` warnings a few months later), and a `.gitignore` for the built site.

use std::borrow::Cow;
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
    /// Write a small skeleton (2 values, 2 roles, a one-track ladder, 2 hiring stages,
    /// leaving guidelines and a home page) instead of the full example handbook.
    #[arg(long)]
    minimal: bool,
}

/// Ignores the built site.
const GITIGNORE: &str = "# The built site (`handbook build`).\n/public/\n";

pub(super) fn run(args: &InitArgs, g: Global) -> anyhow::Result<Status> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = ensure_empty(&dir) {
        err(&format!("error: {e:#}\n"));
        return Ok(Status::Error);
    }
    let files = scaffold(args.minimal);
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !g.quiet {
        let what = if args.minimal {
            "a minimal handbook"
        } else {
            "a handbook from the example"
        };
        let shown = dir.display();
        err(&format!(
            "Created {what} in {shown} ({} files).\nNext: `handbook serve {shown}` to preview it, or `handbook build {shown}`.\n",
            files.len()
        ));
    }
    Ok(Status::Success)
}

/// The files `init` writes: the example or the skeleton, made the user's own, with the
/// example's CI workflow and editor schemas and a `.gitignore`.
pub(crate) fn scaffold(minimal: bool) -> Vec<(&'static str, Cow<'static, [u8]>)> {
    let shared = |rel: &str| rel.starts_with(".github/") || rel.starts_with("schemas/");
    let mut files: Vec<(&'static str, Cow<'static, [u8]>)> = if minimal {
        MINIMAL
            .iter()
            .chain(EXAMPLE.iter().filter(|(rel, _)| shared(rel)))
            .map(|&(rel, bytes)| (rel, Cow::Borrowed(bytes)))
            .collect()
    } else {
        EXAMPLE
            .iter()
            .map(|&(rel, bytes)| (rel, make_own(rel, bytes)))
            .collect()
    };
    files.push((".gitignore", Cow::Borrowed(GITIGNORE.as_bytes())));
    files.sort_by_key(|(rel, _)| *rel);
    files
}

/// An example file without what belongs to the example's team: the repository URL of
/// `handbook.yaml` (commented out), the `reviewed:` dates of pages.
fn make_own(rel: &str, bytes: &'static [u8]) -> Cow<'static, [u8]> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let own = if rel == "handbook.yaml" {
        text.lines()
            .map(|l| match l.strip_prefix("repository:") {
                Some(_) => {
                    "# repository: https://github.com/OWNER/REPO   # enables \"Edit this page\" links"
                        .to_string()
                }
                None => l.to_string(),
            })
            .map(|l| l + "\n")
            .collect::<String>()
    } else if rel.starts_with("pages/") && rel.ends_with(".md") {
        without_reviewed(text)
    } else {
        return Cow::Borrowed(bytes);
    };
    Cow::Owned(own.into_bytes())
}

/// A page without the `reviewed:` line of its front matter.
fn without_reviewed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            fences += 1;
        }
        if fences == 1 && line.starts_with("reviewed:") {
            continue;
        }
        out.push_str(line);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_front_matter_loses_its_reviewed_line() {
        let page = "---\ntitle: T\nreviewed: 2026-01-01\n---\nreviewed: stays in the body\n";
        assert_eq!(
            without_reviewed(page),
            "---\ntitle: T\n---\nreviewed: stays in the body\n"
        );
    }
}
