//! Which folder a site may be written to: never the handbook or a folder around it, never a
//! content folder, and never a folder with files of its own, unless it is a site this program
//! built (marked so) or holds nothing but a `.git` (a `gh-pages` work tree).

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

pub(crate) use crate::model::urls::SITE_MARKER as MARKER;

/// What the marker file says.
pub(crate) const MARKER_TEXT: &str = "This folder is a site built by `handbook build`: each build replaces everything in it but `.git`.\n";

/// What is kept from the previous site: git's folder (or file, in a work tree), as mdBook does,
/// so a `gh-pages` work tree checked out as the output survives builds.
pub(crate) const KEPT: &str = ".git";

/// Checks that writing the site to `output` cannot destroy the handbook or unrelated files:
/// refuses the source folder, its ancestors, its content folders, and an existing folder with
/// files in it that isn't a site built by handbook.
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
        let entries =
            std::fs::read_dir(&out).with_context(|| format!("cannot read {}", output.display()))?;
        let mut own = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != KEPT);
        if own.next().is_some() && !is_built_site(&out) {
            bail!(
                "refusing to replace {}: it has files and is not a site built by handbook (no {MARKER} file); remove it or choose another --output",
                output.display()
            );
        }
    }
    Ok(())
}

/// True for a folder holding a site that handbook built: the marker is there, or (sites
/// built before the marker) `handbook.json` opens with the export's own header and
/// `.nojekyll` lies beside it. Any other `handbook.json`, even `{}`, is someone else's.
pub(crate) fn is_built_site(dir: &Path) -> bool {
    let is_file = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
    if is_file(MARKER) {
        return true;
    }
    // `render::export` writes the format version and the generator first.
    const HEADER: &[u8] = b"{\"format\":1,\"generator\":\"handbook ";
    let mut start = [0u8; HEADER.len()];
    let header = std::fs::File::open(dir.join("handbook.json"))
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| start == HEADER);
    header && is_file("handbook.json") && is_file(".nojekyll")
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

    #[test]
    fn only_marked_sites_and_git_work_trees_are_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("hb");
        std::fs::create_dir_all(&src).unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        assert!(
            check_output(&src, &out).is_ok(),
            "only .git: a fresh gh-pages tree"
        );
        std::fs::write(out.join("handbook.json"), "{}").unwrap();
        assert!(
            check_output(&src, &out).is_err(),
            "any handbook.json is not a mark"
        );
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output(&src, &out).is_ok());
        std::fs::remove_file(out.join(MARKER)).unwrap();
        std::fs::write(
            out.join("handbook.json"),
            "{\"format\":1,\"generator\":\"handbook 0.1.0\",\"title\":\"T\"}",
        )
        .unwrap();
        assert!(check_output(&src, &out).is_err(), "no .nojekyll beside it");
        std::fs::write(out.join(".nojekyll"), "").unwrap();
        assert!(
            check_output(&src, &out).is_ok(),
            "a site built before the marker"
        );
    }
}
