//! Entry points for the fuzz targets in `tests/fuzz/`, kept in the library so the regression
//! tests replaying their crash inputs (`tests/it/robustness.rs`) run exactly the same code.
//! Each function panics only when an invariant breaks.

use std::path::Path;

use crate::diag::Code;
use crate::markdown::{self, Resolved, Resolver, Style};
use crate::model::Kind;
use crate::model::RawHtml;
use crate::model::raw::*;
use crate::parse::parse_yaml;
use crate::source::FileId;

/// Loads `text` as the YAML kind chosen by `selector`; checks every span stays in the text.
pub fn load_kind(selector: u8, text: &str) {
    let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
    let code = if kind == Kind::FrontMatter {
        Code::FrontMatter
    } else {
        Code::YamlSyntax
    };
    let diags = match kind {
        Kind::Handbook => parse_yaml::<RawConfig>(text, FileId(0), 0, kind, code).1,
        Kind::Values => parse_yaml::<RawValuesFile>(text, FileId(0), 0, kind, code).1,
        Kind::Role => parse_yaml::<RawRole>(text, FileId(0), 0, kind, code).1,
        Kind::Ladder => parse_yaml::<RawLadder>(text, FileId(0), 0, kind, code).1,
        Kind::Hiring => parse_yaml::<RawHiring>(text, FileId(0), 0, kind, code).1,
        Kind::Leaving => parse_yaml::<RawLeaving>(text, FileId(0), 0, kind, code).1,
        Kind::FrontMatter => parse_yaml::<RawFrontMatter>(text, FileId(0), 0, kind, code).1,
    };
    for d in diags {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= text.len(),
            "span outside the text: {d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start as usize),
            "span inside a character: {d:?}"
        );
    }
}

/// Splits and parses any bytes as a page's front matter; checks every span stays in the text.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sources = crate::source::SourceMap::new(Path::new("/hb"));
    let id = sources.add(crate::source::SourceFile::new("pages/x.md".into(), text));
    let (page, diags) = crate::parse::parse_page(&sources, id);
    let len = sources.get(id).text.len();
    assert!(page.body_start <= len);
    for d in diags {
        assert!(d.span.end as usize <= len, "span past the end: {d:?}");
        let _ = sources.get(id).line_col(d.span.start as usize);
    }
}

/// Resolves like the site does for its structural part (joining, decoding, schemes), without a
/// handbook: `.md` paths are pages, `@` references entities, anything else missing.
struct FuzzResolver;

impl Resolver for FuzzResolver {
    fn resolve(&self, dest: &str, _image: bool) -> Resolved {
        if markdown::is_unsafe_url(dest) {
            return Resolved::Unsafe;
        }
        if markdown::is_external(dest) {
            return Resolved::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (
                p,
                Some(crate::resolve::links::percent_decode(f).into_owned()),
            ),
            None => (dest, None),
        };
        if path.is_empty() {
            return Resolved::SamePage {
                fragment: fragment.unwrap_or_default(),
            };
        }
        match crate::resolve::links::join("pages/a", &crate::resolve::links::percent_decode(path)) {
            Some(joined) if joined.ends_with(".md") || path.starts_with('@') => {
                Resolved::Internal {
                    url: format!("{}/", joined.trim_end_matches(".md")),
                    anchor_target: fragment.as_ref().map(|_| joined.clone()),
                    fragment,
                    name: Some(joined),
                }
            }
            Some(joined) => Resolved::Broken {
                message: format!("no {joined}"),
                help: None,
            },
            None => Resolved::Broken {
                message: "outside".into(),
                help: None,
            },
        }
    }
}

/// Renders `text` both as a page and as a YAML field; checks the output's invariants.
pub fn render_markdown(text: &str) {
    for style in [
        Style {
            raw_html: RawHtml::Allow,
            lift: markdown::LiftTitle::Always,
            ..Style::default()
        },
        Style {
            raw_html: RawHtml::Sanitize,
            lift: markdown::LiftTitle::IfTitle("Title"),
            ..Style::default()
        },
        Style {
            inline: true,
            raw_html: RawHtml::Escape,
            reserved_ids: &["roles", "values"],
            ..Style::default()
        },
    ] {
        let r = markdown::render(text, style, &FuzzResolver);
        let html = markdown::localize(&r.html, "../", "p1-");
        assert!(!html.contains(markdown::ROOT) && !html.contains(markdown::ID));
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("href=\"javascript:"),
            "unsafe link survived: {html}"
        );
        if style.raw_html != RawHtml::Allow {
            assert!(
                !lower.contains("<script") && !lower.contains(" onerror="),
                "script survived {:?}: {html}",
                style.raw_html
            );
        }
        let mut ids = std::collections::HashSet::new();
        for h in &r.headings {
            assert!(ids.insert(h.id.clone()), "duplicate heading id {}", h.id);
            assert!(!style.reserved_ids.contains(&h.id.as_str()));
        }
        for issue in &r.issues {
            assert!(
                issue.range.end <= text.len(),
                "issue past the end: {issue:?}"
            );
        }
    }
    let slug = markdown::github_slug(text);
    assert!(!slug.contains(' '));
    assert_eq!(markdown::github_slug(&slug), slug, "slugs are stable");
}

/// Writes the files encoded in `data` (`\0path\0content` records) into a temporary handbook,
/// checks it, and when it has no errors builds it in memory, which must then succeed.
pub fn check_folder_from_bytes(data: &[u8]) {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = fuzz_dir().join(format!("hb-fuzz-{}-{n}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let root = dir.as_path();
    let mut wrote_config = false;
    let mut records = data.split(|&b| b == 0).skip(1);
    let mut count = 0;
    while let (Some(path), Some(content)) = (records.next(), records.next()) {
        count += 1;
        if count > 24 {
            break;
        }
        let Some(rel) = safe_path(path) else { continue };
        let full = root.join(&rel);
        if let Some(parent) = full.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        if std::fs::write(&full, content).is_ok() && rel == "handbook.yaml" {
            wrote_config = true;
        }
    }
    if !wrote_config {
        let _ = std::fs::write(root.join("handbook.yaml"), "title: Fuzz\n");
    }
    let result = std::panic::catch_unwind(|| build_in_memory(root));
    let _ = std::fs::remove_dir_all(root);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// Checks and (when there are no errors) renders the handbook at `root` into memory.
pub fn build_in_memory(root: &Path) {
    let options = crate::build::Options::default();
    let Ok(site) = crate::build::load(root, &options, &[]) else {
        return;
    };
    for d in &site.diagnostics {
        let file = site.sources.get(d.span.file);
        assert!(
            d.span.end as usize <= file.text.len(),
            "span past the end: {d:?}"
        );
        let _ = file.line_col(d.span.start as usize);
    }
    if site.has_errors() {
        return;
    }
    match crate::render::Theme::compile(&site.overrides, &site.sources) {
        Ok(theme) => {
            let sink = crate::output::Memory::new();
            let progress = crate::build::Progress::default();
            let everything = crate::build::Outputs::Everything;
            match crate::build::render(&site, &theme, everything, &sink, &progress) {
                Ok(_) | Err(crate::render::RenderError::Content(_)) => {}
                Err(crate::render::RenderError::Internal(e)) => {
                    panic!("a handbook without errors failed to build: {e:#}")
                }
            }
        }
        Err(crate::render::RenderError::Content(_)) => {}
        Err(crate::render::RenderError::Internal(e)) => panic!("theme: {e:#}"),
    }
}

fn fuzz_dir() -> std::path::PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Maps a fuzzed path onto a file inside the handbook's known folders.
fn safe_path(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let parts: Vec<&str> = text
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != ".." && s.len() < 40)
        .take(4)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let joined = parts.join("/");
    let allowed = [
        "handbook.yaml",
        "values.yaml",
        "ladder.yaml",
        "hiring.yaml",
        "leaving.yaml",
    ]
    .contains(&joined.as_str())
        || joined.starts_with("roles/")
        || joined.starts_with("pages/")
        || joined.starts_with("templates/")
        || joined.starts_with("static/");
    allowed.then_some(joined)
}

/// Maps `path` with the preview server's lookup over a small site; checks that whatever it
/// finds is a file of that site, and that a traversal never finds anything.
pub fn serve_path(path: &str) {
    use crate::serve::http::{Lookup, lookup};
    let files: crate::serve::session::Files = [
        "index.html",
        "roles/sre/index.html",
        "assets/style.css",
        "404.html",
    ]
    .into_iter()
    .map(|p| (p.to_string(), axum::body::Bytes::from_static(b"x")))
    .collect();
    match lookup(&files, path) {
        Lookup::File(name) => {
            assert!(
                files.contains_key(&name),
                "{path:?} found {name:?}, not a file of the site"
            );
            // The query and fragment name no file: only the path before them may not climb.
            let before_query = path.split(['?', '#']).next().unwrap_or("");
            let decoded = crate::resolve::links::percent_decode(before_query);
            assert!(
                !decoded.split('/').any(|s| s == ".."),
                "{path:?} traversed to {name:?}"
            );
        }
        Lookup::Redirect(to) => {
            assert!(
                to.starts_with('/') && to.ends_with('/'),
                "{path:?} redirected to {to:?}"
            );
            assert!(
                !to.starts_with("//"),
                "{path:?} redirected off the site: {to:?}"
            );
        }
        Lookup::NotFound => {}
    }
}
