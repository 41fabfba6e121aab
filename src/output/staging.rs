//! Writing a site to disk: into a staging folder beside the output, swapped in only when the
//! whole build succeeded, so a failed build leaves the previous site untouched.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

use super::guard::{KEPT, MARKER, MARKER_TEXT};
use super::sink::{Sink, open_source, safe_relative};
use crate::confined::Inside;

/// Writes into a staging folder, swapped in by [`Staging::commit`]; dropped uncommitted, it
/// removes itself.
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Folders created so far, relative (`roles/sre`): hashing the short string rather than
    /// the full path took a tenth of the per-file cost.
    made: Mutex<HashSet<String>>,
    committed: bool,
}

/// The new site is in place, but the previous one, moved aside, could not be removed.
#[derive(Debug)]
pub(crate) struct LeftBehind {
    /// Where the previous site (or what is left of it) is.
    pub(crate) path: PathBuf,
    /// Why it could not be removed.
    pub(crate) error: std::io::Error,
}

impl std::fmt::Display for LeftBehind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the new site is in place, but the previous one could not be removed from {}: {}; remove that folder by hand",
            self.path.display(),
            self.error
        )
    }
}

impl std::error::Error for LeftBehind {}

impl Staging {
    /// A staging folder for the output folder `target`, created beside it (same file system,
    /// so the swap is a rename). An output that is a symbolic link stands for the folder it
    /// points to: that folder is updated, the link stays. Staging folders that killed builds
    /// left beside the output are removed first.
    pub(crate) fn new(target: &Path) -> anyhow::Result<Staging> {
        let target = followed(target);
        let parent = parent_of(&target);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove stale {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let staging = Staging {
            dir,
            target,
            made: Mutex::new(HashSet::new()),
            committed: false,
        };
        // Dropped on failure, `staging` removes itself.
        refuse_read_only(&staging.target)?;
        staging.put(MARKER, MARKER_TEXT.into())?;
        Ok(staging)
    }

    fn prepare(&self, path: &str) -> anyhow::Result<PathBuf> {
        let full = self.dir.join(safe_relative(path)?);
        if let (Some((folder, _)), Some(parent)) = (path.rsplit_once('/'), full.parent()) {
            let made = || self.made.lock().unwrap_or_else(|e| e.into_inner());
            // `mkdir` runs outside the lock: most pages have a folder of their own, so threads
            // would queue behind each other for nothing; creating a folder twice is harmless.
            if !made().contains(folder) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                made().insert(folder.to_string());
            }
        }
        Ok(full)
    }

    /// Swaps the staging folder in for the target, atomically where the OS allows. A
    /// [`LeftBehind`] error means the new site is in place all the same.
    pub(crate) fn commit(mut self) -> anyhow::Result<()> {
        let result = swap_in(&self.dir, &self.target);
        self.committed = match &result {
            Ok(()) => true,
            Err(e) => e.downcast_ref::<LeftBehind>().is_some(),
        };
        result
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        let full = self.prepare(path)?;
        std::fs::write(&full, bytes).with_context(|| format!("cannot write {}", full.display()))
    }

    fn put_with(
        &self,
        path: &str,
        _size: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let full = self.prepare(path)?;
        let mut write = || {
            let mut file = BufWriter::with_capacity(1 << 16, File::create(&full)?);
            fill(&mut file)?;
            file.into_inner().map_err(|e| e.into_error()).map(drop)
        };
        write().with_context(|| format!("cannot write {}", full.display()))
    }

    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()> {
        let mut source = open_source(from)?;
        let full = self.prepare(path)?;
        let mut copy = || {
            let mut out = File::create(&full)?;
            // `io::copy` between two files lets the kernel copy (`copy_file_range`), as
            // `fs::copy` did; the permissions follow as they did with it.
            std::io::copy(&mut source, &mut out)?;
            out.set_permissions(source.metadata()?.permissions())
        };
        copy().with_context(|| format!("cannot copy {} to {}", from.rel, full.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The folder `target` stands for: itself, or where it leads when it is a symbolic link
/// (`-o site` with `site -> /srv/www/handbook`), even to a folder not made yet.
fn followed(target: &Path) -> PathBuf {
    let mut at = target.to_path_buf();
    // A bound, not a loop: links to links to... are followed as the kernel would, up to its
    // own limit of 40.
    for _ in 0..40 {
        match std::fs::read_link(&at) {
            Ok(to) => at = parent_of(&at).join(to),
            Err(_) => break,
        }
    }
    at
}

/// Refuses an output folder this user may not change: swapping it out would work, removing
/// the previous site afterwards would not (it was left behind as `.site.tmp-PID`).
fn refuse_read_only(target: &Path) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    if target.is_dir() {
        if let Err(e) = rustix::fs::access(target, rustix::fs::Access::WRITE_OK) {
            anyhow::bail!(
                "cannot replace {}: the folder is not writable ({}), so the previous site could not be removed",
                target.display(),
                std::io::Error::from(e)
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = target;
    Ok(())
}

/// Removes the staging folders of builds of `name` that were killed (their process is gone):
/// `.name.tmp-PID` and `.name.tmp-PID.old`. Best effort: what can't go stays.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .map(|rest| rest.strip_suffix(".old").unwrap_or(rest))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !alive(pid) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Whether process `pid` runs. Without a way to tell, every process counts as running, so a
/// concurrent build's staging folder is never taken for a stale one.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !(cfg!(target_os = "linux")
        && proc.join("self").exists()
        && !proc.join(pid.to_string()).exists())
}

/// Puts `staged` where `target` is, keeping the target's `.git`. With an existing target,
/// Linux swaps the two folders in one `renameat2(RENAME_EXCHANGE)`, so readers see the old
/// site or the new one, never a mixture; elsewhere (or on file systems without it) two
/// renames, undone on failure.
fn swap_in(staged: &Path, target: &Path) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(staged, target)
            .with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    let kept = keep(&target.join(KEPT), &staged.join(KEPT))?;
    let give_back = || {
        if kept {
            let _ = std::fs::rename(staged.join(KEPT), target.join(KEPT));
        }
    };
    if exchange(staged, target).is_ok() {
        // `staged` now holds the previous site.
        return remove_tree(staged).map_err(|error| {
            LeftBehind {
                path: staged.to_path_buf(),
                error,
            }
            .into()
        });
    }
    let old = staged.with_extension("old");
    if let Err(e) = std::fs::rename(target, &old) {
        give_back();
        return Err(e)
            .with_context(|| format!("cannot move the previous site {} aside", target.display()));
    }
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&old, target);
        give_back();
        return Err(e).with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    remove_tree(&old).map_err(|error| LeftBehind { path: old, error }.into())
}

/// Moves `from` (the previous site's `.git`) to `to` in the new site, if there is one.
fn keep(from: &Path, to: &Path) -> anyhow::Result<bool> {
    if std::fs::symlink_metadata(from).is_err() {
        return Ok(false);
    }
    std::fs::rename(from, to)
        .with_context(|| format!("cannot keep {} in the new site", from.display()))?;
    Ok(true)
}

/// Removes the folder `dir` and everything in it, its entries in parallel: the previous site
/// of a 10,000-page handbook is 20,000 entries, and removing them one at a time made a
/// rebuild over it half again as long as a fresh build. Each entry goes with std's
/// `remove_dir_all`, which never follows a link and resists a folder swapped for one midway;
/// a `dir` that is itself a link loses only the link. The first failure is returned, after
/// removing all that could be.
pub(crate) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return std::fs::remove_file(dir);
    }
    let entries = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .collect::<Vec<_>>();
    let failed = entries
        .par_iter()
        .filter_map(|entry| {
            let path = entry.path();
            let removed = match entry.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            removed
                .err()
                .map(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        })
        .collect::<Vec<_>>();
    match failed.into_iter().next() {
        Some(e) => Err(e),
        None => std::fs::remove_dir_all(dir),
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this platform"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_are_removed_without_following_links() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        std::fs::create_dir(&keep).unwrap();
        std::fs::write(keep.join("precious.txt"), "x").unwrap();
        let site = tmp.path().join("site");
        for d in ["a/b/c", "a/d", "e"] {
            std::fs::create_dir_all(site.join(d)).unwrap();
            std::fs::write(site.join(d).join("index.html"), "x").unwrap();
        }
        std::fs::write(site.join("top.html"), "x").unwrap();
        std::os::unix::fs::symlink(&keep, site.join("a/b/link")).unwrap();
        remove_tree(&site).unwrap();
        assert!(!site.exists());
        assert!(
            keep.join("precious.txt").exists(),
            "a link is removed, not followed"
        );
    }

    #[test]
    fn staging_swaps_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        s.put("a/index.html", b"new".to_vec()).unwrap();
        s.commit().unwrap();
        assert!(target.join("a/index.html").exists());
        assert!(target.join(MARKER).exists(), "the site is marked as ours");
        assert!(!target.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        // Dropped without commit: nothing changes.
        let s = Staging::new(&target).unwrap();
        s.put("b.html", b"x".to_vec()).unwrap();
        drop(s);
        assert!(!target.join("b.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn git_is_kept_across_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir_all(target.join(".git/objects")).unwrap();
        std::fs::write(target.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        for _ in 0..2 {
            let s = Staging::new(&target).unwrap();
            s.put("index.html", b"new".to_vec()).unwrap();
            s.commit().unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/gh-pages\n"
        );
        assert!(!target.join("old.html").exists());
    }

    #[test]
    fn stale_names_are_parsed_and_only_dead_builds_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = {
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let pid = child.id();
            child.wait().unwrap();
            pid
        };
        let ours = std::process::id();
        for name in [
            format!(".site.tmp-{dead}"),
            format!(".site.tmp-{dead}.old"),
            format!(".site.tmp-{ours}"),
            format!(".other.tmp-{dead}"),
            format!(".site.tmp-{dead}x"),
        ] {
            std::fs::create_dir_all(tmp.path().join(&name).join("roles")).unwrap();
        }
        remove_stale(tmp.path(), "site");
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected = vec![
            format!(".other.tmp-{dead}"),
            format!(".site.tmp-{dead}x"),
            format!(".site.tmp-{ours}"),
        ];
        expected.sort();
        assert_eq!(left, expected);
    }
}
