//! The page tree: `pages/**/*.md` → pages and sections in navigation order.
//!
//! Each page file is prepared on its own, in parallel (paths, front matter, title, dates);
//! only the parts that touch shared state (owner references, the list of Markdown texts,
//! duplicate URLs) run in order afterwards. A 10,000-page handbook lowers in a few
//! milliseconds, which the live preview's rebuilds depend on.

use std::collections::HashMap;

use rayon::prelude::*;

use super::lowerer::{LowerOptions, Lowerer, RESERVED_SEGMENTS, is_page_segment};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::RawFrontMatter;
use crate::model::{Config, Date, MdSource, MdText, Page, PageKind};
use crate::parse::RawPage;
use crate::parse::frontmatter::first_heading;
use crate::parse::tree::Seg;
use crate::source::{SourceMap, Span};

/// A page prepared from its file, before it has a place in the tree; `page` is `None` when
/// the file cannot be a page (its diagnostic says why).
struct Prepared {
    page: Option<Page>,
    /// Sorts index files as their folder, before the folder's pages and before `x.md`
    /// beside folder `x/`, so when two files claim one URL the index keeps it.
    sort_rel: String,
    /// The owner's role id and where it is written.
    owner: Option<(String, Span)>,
    /// The Markdown body.
    body: MdSource,
    diags: Vec<Diagnostic>,
}

impl Lowerer<'_> {
    /// The page tree of `raw`; pages come back in depth-first navigation order, home first.
    pub(super) fn pages(
        &mut self,
        raw: &[RawPage],
        config: &Config,
        options: LowerOptions,
    ) -> Vec<Page> {
        let sources = self.sources;
        build(self, sources, raw, config, options)
    }
}

/// Builds the page tree; pages come back in depth-first navigation order, home first.
fn build(
    l: &mut Lowerer,
    sources: &SourceMap,
    raw: &[RawPage],
    config: &Config,
    options: LowerOptions,
) -> Vec<Page> {
    // An indexed collect fills one exact-size vector in place (a filtering one grows a vector
    // per thread and copies them together); sorting indices moves no `Prepared`.
    let mut prepared: Vec<Option<Prepared>> = raw
        .par_iter()
        .map(|p| prepare(sources, p, options))
        .collect();
    let mut sorted: Vec<usize> = (0..prepared.len())
        .filter(|&i| prepared[i].is_some())
        .collect();
    let rel = |i: usize| prepared[i].as_ref().map(|p| p.sort_rel.as_str());
    sorted.sort_by(|&a, &b| rel(a).cmp(&rel(b)));
    let mut pages: Vec<Page> = Vec::with_capacity(sorted.len() + 16);
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(sorted.len() + 16);
    for Prepared {
        page,
        owner,
        body,
        diags,
        ..
    } in sorted.into_iter().filter_map(|i| prepared[i].take())
    {
        l.diags().extend(diags);
        let Some(mut page) = page else {
            continue;
        };
        let span = page
            .file
            .map_or(Span::file_start(crate::source::FileId(0)), Span::file_start);
        if let Some(&first) = by_id.get(&page.id) {
            let first = pages[first].file.map_or(span, Span::file_start);
            let url = if page.id.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", page.id)
            };
            l.diags().push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("two pages would be published at {url}"),
                )
                .label(first, "this page has the same URL")
                .help("a folder's index is `_index.md` or `index.md`, not both, and `x.md` cannot sit beside a folder `x/` with an index"),
            );
            continue;
        }
        let top = page.id.split('/').next().unwrap_or("");
        if RESERVED_SEGMENTS.contains(&top) {
            l.diags().push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("the page would be published at /{top}/, which the site uses for its own pages"),
                )
                .help(format!("rename or move it; reserved top-level names: {}", RESERVED_SEGMENTS.join(", "))),
            );
            continue;
        }
        page.owner = owner.and_then(|(id, span)| l.resolve_role(&id, span, "page owner"));
        page.body = Some(l.push_markdown(body));
        by_id.insert(page.id.clone(), pages.len());
        pages.push(page);
    }
    ensure_sections(&mut pages, &mut by_id, config);
    order(pages, by_id, l)
}

/// Prepares one page file; `None` when it is a draft left out.
fn prepare(sources: &SourceMap, raw: &RawPage, options: LowerOptions) -> Option<Prepared> {
    let file = raw.file;
    let source = sources.get(file);
    let rel = source.rel.as_str();
    let path = rel.strip_prefix("pages/")?.strip_suffix(".md")?;
    let mut segments: Vec<&str> = path.split('/').collect();
    let last = segments.pop().unwrap_or("");
    let kind = match last {
        "_index" | "index" => PageKind::Section,
        _ => {
            segments.push(last);
            PageKind::Leaf
        }
    };
    let front = raw.front.as_ref();
    let fm = front.map(|p| &p.raw);
    let draft = fm.and_then(|f| f.draft).unwrap_or(false);
    if draft && !options.drafts {
        return None;
    }
    let mut diags = Vec::new();
    if let Some(bad) = segments.iter().find(|s| !is_page_segment(s)) {
        diags.push(
            Diagnostic::new(
                Code::InvalidId,
                Span::file_start(file),
                format!("`{bad}` in {rel} cannot be part of a URL"),
            )
            .help("page file and folder names use letters, digits, `-`, `_` and `.`, and do not start with a dot"),
        );
        return Some(rejected(file, diags));
    }
    let id = segments.join("/");
    let kind = if id.is_empty() { PageKind::Home } else { kind };
    let RawFrontMatter {
        title,
        weight,
        draft: _,
        owner,
        reviewed,
        description,
    } = fm.cloned().unwrap_or_default();
    let text = &source.text;
    let body_text = text.get(raw.body_start..).unwrap_or("");
    let given = title.filter(|t| !t.trim().is_empty());
    let title_from_heading = given.is_none();
    let title = given
        .or_else(|| first_heading(body_text))
        .unwrap_or_else(|| humanize(segments.last().copied().unwrap_or("home")));
    let span_of = |field: &str| {
        front.map_or(Span::file_start(file), |p| {
            p.doc.span(&[Seg::Key(field)], Span::file_start(file))
        })
    };
    let reviewed_span = reviewed.as_ref().map(|_| span_of("reviewed"));
    let reviewed = reviewed.and_then(|r| {
        let date = Date::parse(r.trim());
        if date.is_none() {
            diags.push(
                Diagnostic::new(
                    Code::FrontMatter,
                    span_of("reviewed"),
                    format!("`reviewed` must be a date written YYYY-MM-DD, found `{r}`"),
                )
                .help("e.g. `reviewed: 2026-01-31`"),
            );
        }
        date
    });
    let owner = owner.map(|o| (o, span_of("owner")));
    let url = if id.is_empty() {
        String::new()
    } else {
        format!("{id}/")
    };
    let folder = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let body = MdSource {
        text: MdText::Slice(file, raw.body_start as u32..text.len() as u32),
        span: Span::new(file, raw.body_start, text.len()),
        inline: false,
        owner_url: url.clone(),
        base_dir: folder.clone(),
    };
    let sort_rel = match kind {
        PageKind::Leaf => rel.to_string(),
        _ => folder,
    };
    Some(Prepared {
        page: Some(Page {
            id,
            kind,
            file: Some(file),
            source: Some(rel.to_string()),
            title,
            title_from_heading,
            weight,
            draft,
            owner: None,
            reviewed,
            reviewed_span,
            description,
            body: None,
            parent: None,
            children: Vec::new(),
            url,
        }),
        sort_rel,
        owner,
        body,
        diags,
    })
}

/// A page file that cannot be a page: only its diagnostic travels on.
fn rejected(file: crate::source::FileId, diags: Vec<Diagnostic>) -> Prepared {
    Prepared {
        page: None,
        sort_rel: String::new(),
        owner: None,
        body: MdSource {
            text: MdText::Owned(String::new()),
            span: Span::file_start(file),
            inline: false,
            owner_url: String::new(),
            base_dir: String::new(),
        },
        diags,
    }
}

/// Adds the home page and every section folder that has pages but no index file.
fn ensure_sections(pages: &mut Vec<Page>, by_id: &mut HashMap<String, usize>, config: &Config) {
    let mut missing: Vec<String> = Vec::new();
    // A set beside the list: a handbook without index files has a missing section per folder.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for page in pages.iter() {
        let mut path = page.id.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !by_id.contains_key(parent) && seen.insert(parent) {
                missing.push(parent.to_string());
            }
            path = parent;
        }
    }
    if !by_id.contains_key("") {
        missing.push(String::new());
    }
    for id in missing {
        let (title, kind) = if id.is_empty() {
            (config.title.clone(), PageKind::Home)
        } else {
            (
                humanize(id.rsplit('/').next().unwrap_or(&id)),
                PageKind::Section,
            )
        };
        let url = if id.is_empty() {
            String::new()
        } else {
            format!("{id}/")
        };
        by_id.insert(id.clone(), pages.len());
        pages.push(Page {
            id,
            kind,
            file: None,
            source: None,
            title,
            title_from_heading: false,
            weight: None,
            draft: false,
            owner: None,
            reviewed: None,
            reviewed_span: None,
            description: None,
            body: None,
            parent: None,
            children: Vec::new(),
            url,
        });
    }
}

/// Puts pages in depth-first order with parents and sorted children filled in.
fn order(pages: Vec<Page>, by_id: HashMap<String, usize>, l: &mut Lowerer) -> Vec<Page> {
    let n = pages.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, page) in pages.iter().enumerate() {
        if page.id.is_empty() {
            continue;
        }
        let parent = page.id.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(&p) = by_id.get(parent) {
            children[p].push(i);
        }
    }
    // Sort keys once per page, not once per comparison.
    let keys: Vec<(i64, String)> = pages
        .iter()
        .map(|p| (p.weight.unwrap_or(i64::MAX), p.title.to_lowercase()))
        .collect();
    for kids in &mut children {
        kids.sort_by(|&a, &b| {
            keys[a]
                .cmp(&keys[b])
                .then_with(|| pages[a].id.cmp(&pages[b].id))
        });
    }
    let Some(&home) = by_id.get("") else {
        return Vec::new();
    };
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    let mut out: Vec<Page> = Vec::with_capacity(n);
    // Iterative depth-first walk: (old index, new parent index).
    let mut stack: Vec<(usize, Option<usize>)> = vec![(home, None)];
    while let Some((old, parent)) = stack.pop() {
        let Some(mut page) = slots[old].take() else {
            continue;
        };
        page.parent = parent;
        let me = out.len();
        if let Some(p) = parent {
            out[p].children.push(me);
        }
        out.push(page);
        for &kid in children[old].iter().rev() {
            stack.push((kid, Some(me)));
        }
    }
    let index = l.index();
    index.pages.reserve(out.len());
    for (i, page) in out.iter().enumerate() {
        index.pages.insert(page.id.clone(), i);
        if let Some(src) = &page.source {
            index.page_files.insert(src.clone(), i);
        }
    }
    out
}

/// `one-on-ones` → `One on ones`.
fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanize_names() {
        assert_eq!(humanize("one-on-ones"), "One on ones");
        assert_eq!(humanize("team_culture"), "Team culture");
    }
}
