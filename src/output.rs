//! Where rendered files go: a staging folder beside the output that is swapped in only when
//! the whole build succeeded (a failed build leaves the previous site untouched), or memory
//! (for `serve` and tests).

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
fn safe_relative(path: &str) -> anyhow::Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("refusing to write outside the output folder: {path:?}");
    }
    Ok(p)
}

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

impl Staging {
    /// A staging folder for the output folder `target`, created beside it (same file system,
    /// so the swap is a rename).
    pub(crate) fn new(target: &Path) -> anyhow::Result<Staging> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove stale {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
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

    /// Swaps the staging folder in for the target, atomically where the OS allows.
    pub(crate) fn commit(mut self) -> anyhow::Result<()> {
        swap_in(&self.dir, &self.target)?;
        self.committed = true;
        Ok(())
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

/// Puts `staged` where `target` is. With an existing target, Linux swaps the two folders in
/// one `renameat2(RENAME_EXCHANGE)`, so readers see the old site or the new one, never a
/// mixture; elsewhere (or on file systems without it) two renames, undone on failure.
fn swap_in(staged: &Path, target: &Path) -> anyhow::Result<()> {
    if !target.exists() {
        return std::fs::rename(staged, target)
            .with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    if exchange(staged, target).is_ok() {
        // `staged` now holds the previous site.
        remove_tree(staged);
        return Ok(());
    }
    let old = staged.with_extension("old");
    std::fs::rename(target, &old)
        .with_context(|| format!("cannot move the previous site {} aside", target.display()))?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&old, target);
        return Err(e).with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    remove_tree(&old);
    Ok(())
}

/// Removes the folder `dir` and everything in it, as much as it can, its entries in parallel:
/// the previous site of a 10,000-page handbook is 20,000 entries, and removing them one at a
/// time made a rebuild over it half again as long as a fresh build. Each entry goes with std's
/// `remove_dir_all`, which never follows a link and resists a folder swapped for one midway;
/// a `dir` that is itself a link (an output folder linked elsewhere) loses only the link.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) if !is_link => entries.filter_map(Result::ok).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    entries.par_iter().for_each(|entry| {
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    });
    let _ = if is_link {
        std::fs::remove_file(dir)
    } else {
        std::fs::remove_dir_all(dir)
    };
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

/// Opens a file to copy, naming it in the error.
fn open_source(from: Inside<'_>) -> anyhow::Result<File> {
    confined::open(from).with_context(|| format!("cannot copy {}", from.rel))
}

/// Throws files away, after checking what a real sink would check: `check` renders into it
/// to find what only rendering can (a template override failing on some page).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> anyhow::Result<()> {
        safe_relative(path).map(drop)
    }

    fn put_with(
        &self,
        path: &str,
        _size: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        safe_relative(path)?;
        Ok(fill(&mut std::io::sink())?)
    }

    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()> {
        safe_relative(path)?;
        open_source(from).map(drop)
    }
}

/// Files kept in memory, for `serve` and tests.
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// An empty store.
    pub(crate) fn new() -> Self {
        Memory::default()
    }

    /// Takes the files out.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        safe_relative(path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }

    fn copy(&self, path: &str, from: Inside<'_>) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut open_source(from)?, &mut bytes)
            .with_context(|| format!("cannot read {}", from.rel))?;
        self.put(path, bytes)
    }
}

/// Checks that writing the site to `output` cannot destroy the handbook or unrelated files:
/// refuses the source folder, its ancestors, its content folders, and an existing folder that
/// isn't a previous handbook output.
pub(crate) fn check_output(source: &Path, output: &Path) -> anyhow::Result<()> {
    let source = source
        .canonicalize()
        .with_context(|| format!("cannot open {}", source.display()))?;
    let out = absolute(output)?;
    if source.starts_with(&out) {
        bail!(
            "refusing to write the site to {}: it is the handbook folder or contains it, and would be replaced",
            output.display()
        );
    }
    for content in ["pages", "roles", "static", "templates"] {
        if out.starts_with(source.join(content)) {
            bail!(
                "refusing to write the site to {}: it is inside the handbook's {content}/ folder",
                output.display()
            );
        }
    }
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", output.display());
        }
        let mut entries =
            std::fs::read_dir(&out).with_context(|| format!("cannot read {}", output.display()))?;
        if entries.next().is_some() && !out.join("handbook.json").exists() {
            bail!(
                "refusing to replace {}: it is not empty and is not a previous handbook site (no handbook.json); remove it or choose another --output",
                output.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute and normalized without requiring it to exist.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if let Ok(c) = path.canonicalize() {
        return Ok(c);
    }
    let base = std::env::current_dir().context("cannot read the current directory")?;
    let joined = base.join(path);
    // Canonicalize the longest existing ancestor, then append the rest.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    Ok(out)
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
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, site.join("a/b/link")).unwrap();
        remove_tree(&site);
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
    fn output_guard() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("hb");
        std::fs::create_dir_all(src.join("pages")).unwrap();
        assert!(check_output(&src, &src).is_err());
        assert!(check_output(&src, tmp.path()).is_err());
        assert!(check_output(&src, &src.join("pages/out")).is_err());
        assert!(check_output(&src, &src.join("public")).is_ok());
        assert!(check_output(&src, &tmp.path().join("site")).is_ok());
        let other = tmp.path().join("docs");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("thesis.tex"), "x").unwrap();
        assert!(check_output(&src, &other).is_err());
    }
}
