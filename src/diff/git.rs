//! Reading revisions with the `git` command: which commit a name means, the merge base with the
//! default branch, and the handbook's files at a commit, read in one `git cat-file --batch`.
//!
//! The `git` command rather than the `gix` crate: every machine with a repository to compare
//! has it, it honours the user's configuration (alternates, `safe.directory`, partial clones)
//! exactly, and it adds nothing to a build that is already slow here (gix with the features
//! needed to read trees and blobs is ~90 more crates). Reading a 10,000-page tree costs one
//! `ls-tree` and one `cat-file --batch` process, about 0.15 s.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

/// The git repository a handbook folder is in.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    /// The work tree's top folder.
    top: PathBuf,
    /// The handbook folder relative to `top`, with a trailing `/` (empty at the top).
    pub(crate) prefix: String,
}

/// A file of a tree: its path relative to the handbook folder and its blob id.
#[derive(Debug, Clone)]
pub(crate) struct TreeFile {
    /// Path relative to the handbook folder, `/`-separated.
    pub(crate) rel: String,
    /// The blob's object id.
    pub(crate) oid: String,
    /// True for a symbolic link (its blob is the link's target, not a file's text).
    pub(crate) symlink: bool,
}

/// Runs `git` in `dir` with `args`; its stdout, or an error quoting its stderr.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("cannot run `git` (comparing revisions needs the git command on the PATH)")?;
    if !out.status.success() {
        bail!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

impl Repo {
    /// The repository `dir` is in; `None` when it is in none.
    pub(crate) fn open(dir: &Path) -> anyhow::Result<Option<Repo>> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--show-toplevel", "--show-prefix"])
            .stdin(Stdio::null())
            .output()
            .context("cannot run `git` (comparing revisions needs the git command on the PATH)")?;
        if !out.status.success() {
            return Ok(None);
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut lines = stdout.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        Ok(Some(Repo { top, prefix }))
    }

    /// The commit `rev` names, or `None` when it names none.
    pub(crate) fn commit(&self, rev: &str) -> anyhow::Result<Option<String>> {
        if rev.starts_with('-') {
            return Ok(None);
        }
        let spec = format!("{rev}^{{commit}}");
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args([
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .stdin(Stdio::null())
            .output()
            .context("cannot run `git`")?;
        Ok(out.status.success().then(|| text(out.stdout)))
    }

    /// The default branch to compare with: the pull request's base in GitHub Actions
    /// (`GITHUB_BASE_REF`), else what `origin/HEAD` points to, else the first of `origin/main`,
    /// `origin/master`, `main`, `master` that exists.
    pub(crate) fn default_branch(&self) -> anyhow::Result<String> {
        let mut candidates = Vec::new();
        if let Some(base) = std::env::var("GITHUB_BASE_REF")
            .ok()
            .filter(|b| !b.is_empty())
        {
            candidates.push(format!("origin/{base}"));
            candidates.push(base);
        }
        if let Ok(out) = git(
            &self.top,
            &[
                "symbolic-ref",
                "--quiet",
                "--short",
                "refs/remotes/origin/HEAD",
            ],
        ) {
            candidates.push(text(out));
        }
        candidates.extend(["origin/main", "origin/master", "main", "master"].map(String::from));
        for c in &candidates {
            if self.commit(c)?.is_some() {
                return Ok(c.clone());
            }
        }
        bail!(
            "cannot tell the default branch (tried {}); name the revision to compare with: `handbook diff BASE`",
            candidates.join(", ")
        )
    }

    /// The merge base of `a` and `b`.
    pub(crate) fn merge_base(&self, a: &str, b: &str) -> anyhow::Result<String> {
        match git(&self.top, &["merge-base", "--end-of-options", a, b]) {
            Ok(out) => Ok(text(out)),
            Err(e) => {
                let shallow = git(&self.top, &["rev-parse", "--is-shallow-repository"])
                    .map(text)
                    .is_ok_and(|s| s == "true");
                let hint = if shallow {
                    " (this is a shallow clone: fetch the history, e.g. `git fetch --unshallow`, or check out with `fetch-depth: 0`)"
                } else {
                    ""
                };
                Err(e.context(format!("`{a}` and `{b}` have no merge base{hint}")))
            }
        }
    }

    /// The files under the handbook folder at `commit`.
    pub(crate) fn files(&self, commit: &str) -> anyhow::Result<Vec<TreeFile>> {
        let tree = format!("{commit}:{}", self.prefix);
        let out = git(
            &self.top,
            &["ls-tree", "-r", "-z", "--end-of-options", &tree],
        )
        .with_context(|| {
            format!(
                "the handbook folder `{}` does not exist at {}",
                self.folder(),
                short(commit)
            )
        })?;
        let mut files = Vec::new();
        for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, rel)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next(), meta.next(), meta.next());
            if kind != Some("blob") {
                continue;
            }
            files.push(TreeFile {
                rel: rel.to_string(),
                oid: oid.unwrap_or_default().to_string(),
                symlink: mode == Some("120000"),
            });
        }
        Ok(files)
    }

    /// The files under the handbook folder that differ between commit `from` and commit `to`,
    /// or the work tree when `to` is `None` (paths relative to the handbook folder). Untracked
    /// files are not listed.
    pub(crate) fn changed(
        &self,
        from: &str,
        to: Option<&str>,
    ) -> anyhow::Result<std::collections::HashSet<String>> {
        let pathspec = if self.prefix.is_empty() {
            ".".to_string()
        } else {
            self.prefix.clone()
        };
        let mut args = vec![
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--end-of-options",
            from,
        ];
        args.extend(to);
        args.extend(["--", &pathspec]);
        let out = git(&self.top, &args)?;
        Ok(out
            .split(|&b| b == 0)
            .filter_map(|p| {
                let p = String::from_utf8_lossy(p);
                p.strip_prefix(&self.prefix).map(String::from)
            })
            .filter(|p| !p.is_empty())
            .collect())
    }

    /// The contents of the blobs `oids`, in order, read by one `git cat-file --batch`.
    pub(crate) fn blobs(&self, oids: &[&str]) -> anyhow::Result<Vec<Vec<u8>>> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot run `git cat-file`")?;
        let mut stdin = child.stdin.take().context("git's stdin")?;
        let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
        // Written from another thread: git answers while we ask, and both pipes are bounded.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().context("git's stdout")?);
        let mut blobs = Vec::with_capacity(oids.len());
        let mut header = String::new();
        for oid in oids {
            header.clear();
            reader.read_line(&mut header)?;
            let mut parts = header.split_whitespace();
            let size = match (parts.next(), parts.next(), parts.next()) {
                (Some(_), Some("blob"), Some(size)) => size.parse::<usize>()?,
                _ => bail!("git cat-file: no blob {oid}: {}", header.trim()),
            };
            let mut blob = vec![0; size + 1];
            reader.read_exact(&mut blob)?;
            blob.pop();
            blobs.push(blob);
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(blobs)
    }

    /// The handbook folder as the user would name it (`.` at the top).
    pub(crate) fn folder(&self) -> &str {
        match self.prefix.trim_end_matches('/') {
            "" => ".",
            p => p,
        }
    }
}

/// A commit id shortened for messages.
pub(crate) fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}
