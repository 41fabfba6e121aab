//! `handbook diff`: what changed in the handbook's model between two git revisions or two
//! folders — values, roles, the ladder, hiring, leaving, pages and settings, field by field.
//!
//! Each side is read as a build reads it ([`side`]), flattened into entities with named fields
//! ([`entities`]) and the two lists compared ([`compare`]). A side with errors is compared as
//! far as it could be read; what couldn't be is said in [`Report::notes`]. [`render`] turns a
//! report into the human, Markdown and JSON formats.

mod compare;
mod entities;
mod git;
mod lines;
pub(crate) mod render;
mod side;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::diag::Diagnostic;
use crate::source::FileId;
pub(crate) use compare::{Change, ChangeKind, FieldChange};
pub(crate) use entities::EntityKind;
use git::{Repo, short};
use side::{Origin, Side};

/// What `handbook diff` is asked to compare.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    /// The handbook folder (the work tree side, and where the repository is found).
    pub(crate) source: PathBuf,
    /// A folder or revision; default: the merge base with the default branch.
    pub(crate) base: Option<String>,
    /// A folder or revision; default: the handbook folder as it is (the work tree).
    pub(crate) head: Option<String>,
}

/// The changes between two sides.
#[derive(Debug)]
pub(crate) struct Report {
    /// The BASE side, named for people (`main (merge base 1a2b3c4d5e)`).
    pub(crate) base: String,
    /// The HEAD side, named for people.
    pub(crate) head: String,
    /// What changed, by kind (the ladder first), then in handbook order.
    pub(crate) changes: Vec<Change>,
    /// What couldn't be compared, and why.
    pub(crate) notes: Vec<String>,
}

/// Compares the two sides `request` names.
pub(crate) fn run(request: &Request) -> anyhow::Result<Report> {
    let source = &request.source;
    if !source.is_dir() {
        bail!("cannot open the handbook folder {}", source.display());
    }
    let mut repo = None;
    let base = match &request.base {
        Some(arg) => origin(arg, source, &mut repo)?,
        None => {
            let r = open_repo(source, &mut repo, "BASE")?;
            let branch = r.default_branch()?;
            let commit = r.merge_base(&branch, "HEAD")?;
            let label = format!("{branch} (merge base {})", short(&commit));
            (
                Origin::Commit {
                    repo: r.clone(),
                    commit,
                },
                label,
            )
        }
    };
    let head = match &request.head {
        Some(arg) => origin(arg, source, &mut repo)?,
        None => {
            let label = if Repo::open(source)?.is_some() {
                "the work tree".to_string()
            } else {
                source.display().to_string()
            };
            (Origin::Folder(source.clone()), label)
        }
    };
    let same = same_pages(&base.0, &head.0, source)?;
    let (base_files, head_files) =
        rayon::join(|| side::read(&base.0, &same), || side::read(&head.0, &same));
    let (mut base_files, mut head_files) = (base_files?, head_files?);
    side::drop_same_pages(&mut base_files, &mut head_files);
    let (base, head) = rayon::join(
        || side::analyse(base_files, base.1),
        || side::analyse(head_files, head.1),
    );
    let changes = compare::compare(
        &entities::entities(&base),
        &entities::entities(&head),
        &base.failed,
        &head.failed,
    );
    let mut notes = notes_for(&base);
    notes.extend(notes_for(&head));
    Ok(Report {
        base: base.label,
        head: head.label,
        changes,
        notes,
    })
}

/// The pages that are the same file with the same text on both sides, when git can tell
/// cheaply: both sides are revisions of one repository, or a revision and the work tree of
/// the handbook folder. Empty when `handbook.yaml` changed (it may move the pages folder).
fn same_pages(base: &Origin, head: &Origin, source: &Path) -> anyhow::Result<HashSet<String>> {
    let (repo, from, to) = match (base, head) {
        (Origin::Commit { repo, commit }, Origin::Commit { commit: to, .. }) => {
            (repo, commit, Some(to.as_str()))
        }
        (Origin::Commit { repo, commit }, Origin::Folder(dir))
        | (Origin::Folder(dir), Origin::Commit { repo, commit })
            if dir == source =>
        {
            (repo, commit, None)
        }
        _ => return Ok(HashSet::new()),
    };
    let changed = repo.changed(from, to)?;
    if changed.contains("handbook.yaml") {
        return Ok(HashSet::new());
    }
    Ok(repo
        .files(from)?
        .into_iter()
        .map(|f| f.rel)
        .filter(|rel| rel.ends_with(".md") && !changed.contains(rel))
        .collect())
}

/// The repository of `source`, opened once.
fn open_repo<'a>(
    source: &Path,
    repo: &'a mut Option<Repo>,
    what: &str,
) -> anyhow::Result<&'a Repo> {
    if repo.is_none() {
        match Repo::open(source)? {
            Some(r) => *repo = Some(r),
            None => bail!(
                "{} is not in a git repository: name {what} as a folder (`handbook diff OLD-FOLDER NEW-FOLDER`)",
                source.display()
            ),
        }
    }
    Ok(repo.as_ref().expect("just opened"))
}

/// The side an argument names: a folder when one exists at that path, else a revision.
fn origin(arg: &str, source: &Path, repo: &mut Option<Repo>) -> anyhow::Result<(Origin, String)> {
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok((Origin::Folder(path.to_path_buf()), arg.to_string()));
    }
    let r = open_repo(source, repo, &format!("`{arg}`"))
        .map_err(|e| e.context(format!("`{arg}` is not a folder")))?;
    match r.commit(arg)? {
        Some(commit) => {
            let label = if commit.starts_with(arg) {
                short(&commit).to_string()
            } else {
                format!("{arg} ({})", short(&commit))
            };
            Ok((
                Origin::Commit {
                    repo: r.clone(),
                    commit,
                },
                label,
            ))
        }
        None => bail!("`{arg}` is neither a folder nor a revision of the repository"),
    }
}

/// At most this many files with problems are named per side.
const MAX_NOTES: usize = 20;

/// What couldn't be compared on `side`: a line per file with errors.
fn notes_for(side: &Side) -> Vec<String> {
    let mut files: Vec<(FileId, &Vec<Diagnostic>)> = side
        .problems
        .iter()
        .map(|(file, d)| (*file, d))
        .filter(|(file, _)| side.has_errors(*file))
        .collect();
    files.sort_by_key(|(file, _)| &side.sources.get(*file).rel);
    let mut out = Vec::new();
    for &(file, problems) in files.iter().take(MAX_NOTES) {
        let source = side.sources.get(file);
        let errors: Vec<_> = problems
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .collect();
        let first = errors[0];
        let (line, col) = source.line_col(first.span.start as usize);
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let consequence = if side.failed.contains(&source.rel) {
            "not compared"
        } else {
            "compared as far as it could be read"
        };
        out.push(format!(
            "{}: {}:{line}:{col}: {}{more}; {consequence}",
            side.label, source.rel, first.message
        ));
    }
    if files.len() > MAX_NOTES {
        out.push(format!(
            "{} more files with errors in {}",
            files.len() - MAX_NOTES,
            side.label
        ));
    }
    out
}
