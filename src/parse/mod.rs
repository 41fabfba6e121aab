//! YAML and front matter → raw types, with a span tree kept beside each so later stages can
//! point at any value. Never stops early: every file is parsed and every problem recorded.

pub(crate) mod check;
pub(crate) mod flat;
pub(crate) mod frontmatter;
pub(crate) mod hints;
pub(crate) mod schema;
pub(crate) mod tree;
pub(crate) mod yaml;

use std::collections::HashSet;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diag::{Code, Diagnostic, Diags};
use crate::discover::SourceTree;
use crate::limits;
use crate::model::Kind;
use crate::model::raw::{
    RawConfig, RawFrontMatter, RawHiring, RawLadder, RawLeaving, RawRole, RawValuesFile,
};
use crate::source::{FileId, SourceMap, Span};
use tree::{Doc, SyntaxError};

/// A file's raw content together with its span tree.
#[derive(Debug, Clone)]
pub(crate) struct Parsed<T> {
    /// The file.
    pub(crate) file: FileId,
    /// The span tree (shared: cached parses are cloned cheaply).
    pub(crate) doc: std::sync::Arc<Doc>,
    /// The typed content.
    pub(crate) raw: T,
}

/// A page in `pages/`.
#[derive(Debug, Clone)]
pub(crate) struct RawPage {
    /// The file.
    pub(crate) file: FileId,
    /// Its front matter, if it has valid front matter.
    pub(crate) front: Option<Parsed<RawFrontMatter>>,
    /// Byte offset of the Markdown body in the file.
    pub(crate) body_start: usize,
}

/// Everything parsed from a handbook, before ids are resolved.
#[derive(Debug, Default)]
pub(crate) struct RawHandbook {
    /// `handbook.yaml`.
    pub(crate) config: Option<Parsed<RawConfig>>,
    /// `values.yaml`.
    pub(crate) values: Option<Parsed<RawValuesFile>>,
    /// `roles/*.yaml`.
    pub(crate) roles: Vec<Parsed<RawRole>>,
    /// `ladder.yaml`.
    pub(crate) ladder: Option<Parsed<RawLadder>>,
    /// `hiring.yaml`.
    pub(crate) hiring: Option<Parsed<RawHiring>>,
    /// `leaving.yaml`.
    pub(crate) leaving: Option<Parsed<RawLeaving>>,
    /// `pages/**/*.md`.
    pub(crate) pages: Vec<RawPage>,
    /// Which top-level files exist at all (even if they failed to parse).
    pub(crate) present: HashSet<Kind>,
    /// Role files that exist but could not be read or parsed.
    pub(crate) failed_roles: Vec<FileId>,
    /// The files next to the pages (not Markdown), relative to the root.
    pub(crate) assets: Vec<String>,
    /// The files of `static/`, relative to the root (published without `static/`).
    pub(crate) statics: Vec<String>,
}

#[derive(Clone)]
enum AnyParsed {
    Config(Parsed<RawConfig>),
    Values(Parsed<RawValuesFile>),
    Role(Parsed<RawRole>),
    Ladder(Parsed<RawLadder>),
    Hiring(Parsed<RawHiring>),
    Leaving(Parsed<RawLeaving>),
}

/// What parsing each file gave, kept by `serve` so unchanged files aren't parsed again.
#[derive(Default)]
pub(crate) struct ParseCache {
    files: std::collections::HashMap<String, (std::sync::Arc<str>, Cached)>,
}

#[derive(Clone)]
enum Cached {
    Yaml(Option<AnyParsed>, Vec<Diagnostic>),
    Page(RawPage, Vec<Diagnostic>),
}

impl ParseCache {
    fn get(&self, sources: &SourceMap, id: FileId) -> Option<Cached> {
        let file = sources.get(id);
        match self.files.get(&file.rel) {
            Some((text, cached)) if *text == file.text => Some(cached.clone()),
            _ => None,
        }
    }
}

/// Parses every YAML file and page of `tree`, skipping the files in `unreadable` (their
/// problem is already reported); reuses what `cache` holds for files whose text is unchanged
/// and, when `keep`, storing the results for next time (file ids must be stable between calls: the
/// same tree read in the same order).
pub(crate) fn parse_all_cached(
    sources: &SourceMap,
    tree: &SourceTree,
    unreadable: &HashSet<FileId>,
    diags: &mut Diags,
    cache: &mut ParseCache,
    keep: bool,
) -> RawHandbook {
    let mut raw = RawHandbook {
        assets: tree.assets.clone(),
        statics: tree.statics.clone(),
        ..RawHandbook::default()
    };
    let yaml_files: Vec<(Kind, FileId)> = tree
        .yaml
        .iter()
        .filter_map(|(kind, rel)| sources.find(rel).map(|id| (*kind, id)))
        .collect();
    for (kind, _) in &yaml_files {
        raw.present.insert(*kind);
    }
    let results: Vec<(Option<AnyParsed>, Vec<Diagnostic>, bool)> = yaml_files
        .par_iter()
        .map(|&(kind, id)| {
            if unreadable.contains(&id) {
                (None, Vec::new(), false)
            } else if let Some(Cached::Yaml(p, d)) = cache.get(sources, id) {
                (p, d, false)
            } else {
                let (p, d) = parse_yaml_file(sources, kind, id);
                (p, d, true)
            }
        })
        .collect();
    if keep {
        for (&(_, id), (parsed, found, fresh)) in yaml_files.iter().zip(&results) {
            if *fresh {
                let file = sources.get(id);
                cache.files.insert(
                    file.rel.clone(),
                    (
                        file.text.clone(),
                        Cached::Yaml(parsed.clone(), found.clone()),
                    ),
                );
            }
        }
    }
    for (&(kind, id), (parsed, _, _)) in yaml_files.iter().zip(&results) {
        if kind == Kind::Role && parsed.is_none() {
            raw.failed_roles.push(id);
        }
    }
    for (parsed, found, _) in results {
        diags.extend(found);
        match parsed {
            Some(AnyParsed::Config(p)) => raw.config = Some(p),
            Some(AnyParsed::Values(p)) => raw.values = Some(p),
            Some(AnyParsed::Role(p)) => raw.roles.push(p),
            Some(AnyParsed::Ladder(p)) => raw.ladder = Some(p),
            Some(AnyParsed::Hiring(p)) => raw.hiring = Some(p),
            Some(AnyParsed::Leaving(p)) => raw.leaving = Some(p),
            None => {}
        }
    }
    // Indexed, so the results fill one exact-size vector in place.
    let pages: Vec<Option<(RawPage, Vec<Diagnostic>, bool)>> = tree
        .pages
        .par_iter()
        .map(|rel| {
            let id = sources.find(rel).filter(|id| !unreadable.contains(id))?;
            Some(match cache.get(sources, id) {
                Some(Cached::Page(page, found)) => (page, found, false),
                _ => {
                    let (page, found) = parse_page(sources, id);
                    (page, found, true)
                }
            })
        })
        .collect();
    if keep {
        for (page, found, fresh) in pages.iter().flatten() {
            if *fresh {
                let file = sources.get(page.file);
                cache.files.insert(
                    file.rel.clone(),
                    (file.text.clone(), Cached::Page(page.clone(), found.clone())),
                );
            }
        }
    }
    raw.pages.reserve(pages.len());
    for (page, found, _) in pages.into_iter().flatten() {
        diags.extend(found);
        raw.pages.push(page);
    }
    raw
}

fn parse_yaml_file(
    sources: &SourceMap,
    kind: Kind,
    file: FileId,
) -> (Option<AnyParsed>, Vec<Diagnostic>) {
    let text = &sources.get(file).text;
    fn wrap<T>(
        r: (Option<Parsed<T>>, Vec<Diagnostic>),
        f: fn(Parsed<T>) -> AnyParsed,
    ) -> (Option<AnyParsed>, Vec<Diagnostic>) {
        (r.0.map(f), r.1)
    }
    match kind {
        Kind::Handbook => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Config,
        ),
        Kind::Values => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Values,
        ),
        Kind::Role => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Role,
        ),
        Kind::Ladder => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Ladder,
        ),
        Kind::Hiring => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Hiring,
        ),
        Kind::Leaving => wrap(
            parse_yaml(text, file, 0, kind, Code::YamlSyntax),
            AnyParsed::Leaving,
        ),
        Kind::FrontMatter => (None, Vec::new()),
    }
}

/// Parses one page: splits off the front matter and parses it.
pub(crate) fn parse_page(sources: &SourceMap, file: FileId) -> (RawPage, Vec<Diagnostic>) {
    let text = &sources.get(file).text;
    let mut diags = Vec::new();
    let (front, body_start) = match frontmatter::split(text) {
        frontmatter::Split::Plain { body_start } => (None, body_start),
        frontmatter::Split::Yaml { yaml, body_start } => {
            let (front, found) = parse_yaml::<RawFrontMatter>(
                &text[yaml.clone()],
                file,
                yaml.start,
                Kind::FrontMatter,
                Code::FrontMatter,
            );
            diags.extend(found);
            (front, body_start)
        }
        frontmatter::Split::Unclosed { open } => {
            diags.push(
                Diagnostic::new(
                    Code::FrontMatter,
                    Span::new(file, open.start, open.end),
                    "front matter opened here is never closed",
                )
                .help("end the front matter with a line containing only `---`"),
            );
            (None, text.len())
        }
        frontmatter::Split::Toml { open } => {
            diags.push(
                Diagnostic::new(
                    Code::FrontMatter,
                    Span::new(file, open.start, open.end),
                    "TOML front matter (`+++`) is not supported",
                )
                .help("write the front matter as YAML between `---` lines"),
            );
            let body_start = match text[open.end..].find("\n+++") {
                Some(i) => (open.end + i + 4).min(text.len()),
                None => text.len(),
            };
            (None, body_start)
        }
    };
    (
        RawPage {
            file,
            front,
            body_start,
        },
        diags,
    )
}

/// Where the pages of the handbook at `root` are, from its `handbook.yaml` (read before
/// discovery, which needs it): `pages_dir` and a theme folder inside the handbook. A missing
/// or broken `handbook.yaml` gives the defaults; its problems are reported when it is parsed
/// with everything else.
pub(crate) fn layout(root: &std::path::Path) -> crate::discover::Layout {
    // Read as every file is: confined to the handbook (a link swapped in is not followed).
    let read = root
        .canonicalize()
        .ok()
        .map(|root| crate::discover::read_one(&root, "handbook.yaml"));
    match read {
        Some((file, None)) => layout_of(&file.text),
        _ => crate::discover::Layout::default(),
    }
}

/// [`layout`] from the text of `handbook.yaml` (`diff` reads it from git).
pub(crate) fn layout_of(text: &str) -> crate::discover::Layout {
    let mut layout = crate::discover::Layout::default();
    let Ok(doc) = parse_doc(text, FileId(0), 0) else {
        return layout;
    };
    let setting = |key: &str| {
        doc.get(&[tree::Seg::Key(key)])
            .and_then(|n| n.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if let Some(dir) = setting("pages_dir").and_then(clean_dir) {
        layout.pages_dir = dir;
    }
    // `theme: default` names the built-in theme; only a path names a folder.
    layout.theme_dir = setting("theme")
        .filter(|t| t.contains('/') || t.starts_with('.'))
        .and_then(clean_dir)
        .filter(|t| !t.is_empty());
    layout
}

/// A folder setting (`./content/`, `.`) as a `/`-separated path relative to the handbook
/// without `./` or a trailing slash (empty for the handbook itself); `None` when it leaves the
/// handbook or is absolute (`resolve` reports that).
pub(crate) fn clean_dir(dir: &str) -> Option<String> {
    if dir.starts_with('/') || dir.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in dir.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Parses `text`, which starts at byte `base` of file `file`, into a span tree: with the flat
/// front-matter reader when it can, else with the full YAML parser.
pub(crate) fn parse_doc(text: &str, file: FileId, base: usize) -> Result<Doc, SyntaxError> {
    match flat::parse(text, file, base) {
        Some(doc) => Ok(doc),
        None => yaml::parse_full(text, file, base),
    }
}

/// Parses `text` (found at byte `base` of `file`) as a `T` of kind `kind`.
pub(crate) fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    file: FileId,
    base: usize,
    kind: Kind,
    type_code: Code,
) -> (Option<Parsed<T>>, Vec<Diagnostic>) {
    let doc = match parse_doc(text, file, base) {
        Ok(doc) => doc,
        Err(e) => {
            let code = if e.limit {
                Code::LimitExceeded
            } else {
                type_code
            };
            let what = if kind == Kind::FrontMatter {
                "front matter"
            } else {
                "YAML"
            };
            let message = if e.limit {
                e.message
            } else {
                format!("invalid {what}: {}", e.message)
            };
            return (None, vec![Diagnostic::new(code, e.span, message)]);
        }
    };
    let expanded = doc.expanded(limits::MAX_YAML_NODES);
    let too_much = if expanded.nodes > limits::MAX_YAML_NODES {
        Some(format!(
            "aliases expand this document to more than {} values (limit: MAX_YAML_NODES)",
            limits::MAX_YAML_NODES
        ))
    } else if expanded.depth > limits::MAX_YAML_DEPTH {
        Some(format!(
            "aliases nest this document {} levels deep, deeper than {} (limit: MAX_YAML_DEPTH)",
            expanded.depth,
            limits::MAX_YAML_DEPTH
        ))
    } else {
        None
    };
    if let Some(message) = too_much {
        let at = doc
            .root
            .as_ref()
            .map_or(Span::new(file, base, base), |r| r.span);
        return (
            None,
            vec![Diagnostic::new(
                Code::LimitExceeded,
                Span::new(file, at.start as usize, at.start as usize),
                message,
            )],
        );
    }
    let (value, mut diags, kept) =
        check::Checker::new(&doc, type_code, Span::new(file, base, base)).run(schema::shape(kind));
    let mut doc = doc;
    doc.set_kept(kept);
    let Some(value) = value else {
        return (None, diags);
    };
    match serde_yaml::from_value::<T>(value) {
        Ok(raw) => (
            Some(Parsed {
                file,
                doc: std::sync::Arc::new(doc),
                raw,
            }),
            diags,
        ),
        Err(e) => {
            // The checker accepts only what the types accept; this is a safety net.
            diags.push(Diagnostic::new(
                type_code,
                Span::new(file, base, base),
                format!("cannot load {}: {e}", kind.noun()),
            ));
            (None, diags)
        }
    }
}
