//! The page tree: `pages/**/*.md` → pages and sections in navigation order.

use std::collections::{BTreeMap, HashMap};

use super::lower::{LowerOptions, PageLowering, RESERVED_SEGMENTS, is_page_segment};
use super::raw::RawFrontMatter;
use super::{Config, Date, MdSource, MdText, Page, PageKind};
use crate::diag::{Code, Diagnostic};
use crate::parse::RawPage;
use crate::parse::frontmatter::first_heading;
use crate::parse::yaml::Seg;
use crate::source::Span;

/// A page before it has a place in the tree.
struct Loose {
    page: Page,
    /// The folder of its file, for sorting index files before pages.
    rel: String,
}

/// Builds the page tree; pages come back in depth-first navigation order, home first.
pub(super) fn build(
    l: &mut impl PageLowering,
    raw: &[RawPage],
    config: &Config,
    options: LowerOptions,
) -> Vec<Page> {
    let mut loose: Vec<Loose> = raw.iter().filter_map(|p| one(l, p, options)).collect();
    loose.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut by_id: BTreeMap<String, Page> = BTreeMap::new();
    let mut first_file: HashMap<String, Span> = HashMap::new();
    for Loose { page, .. } in loose {
        let span = page
            .file
            .map_or(Span::file_start(crate::source::FileId(0)), Span::file_start);
        if let Some(first) = first_file.get(&page.id) {
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
                .label(*first, "this page has the same URL")
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
        first_file.insert(page.id.clone(), span);
        by_id.insert(page.id.clone(), page);
    }
    ensure_sections(&mut by_id, config);
    order(by_id, l)
}

/// Lowers one page file; `None` when it is a draft left out, or its path is unusable.
fn one(l: &mut impl PageLowering, raw: &RawPage, options: LowerOptions) -> Option<Loose> {
    let file = raw.file;
    let rel = l.sources().get(file).rel.clone();
    let path = rel.strip_prefix("pages/")?.strip_suffix(".md")?;
    let mut segments: Vec<&str> = path.split('/').collect();
    let last = segments.pop().unwrap_or("");
    let (kind, segments) = match last {
        "_index" | "index" => (PageKind::Section, segments),
        _ => {
            segments.push(last);
            (PageKind::Leaf, segments)
        }
    };
    if let Some(bad) = segments.iter().find(|s| !is_page_segment(s)) {
        l.diags().push(
            Diagnostic::new(
                Code::InvalidId,
                Span::file_start(file),
                format!("`{bad}` in {rel} cannot be part of a URL"),
            )
            .help("page file and folder names use letters, digits, `-`, `_` and `.`, and do not start with a dot"),
        );
        return None;
    }
    let id = segments.join("/");
    let kind = if id.is_empty() { PageKind::Home } else { kind };
    let front = raw.front.as_ref();
    let fm = front.map(|p| p.raw.clone()).unwrap_or_default();
    let RawFrontMatter {
        title,
        weight,
        draft,
        owner,
        reviewed,
        description,
    } = fm;
    let draft = draft.unwrap_or(false);
    if draft && !options.drafts {
        return None;
    }
    let text = &l.sources().get(file).text;
    let text_len = text.len();
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
            l.diags().push(
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
    let owner = owner.and_then(|o| l.resolve_role(&o, span_of("owner"), "page owner"));
    let url = if id.is_empty() {
        String::new()
    } else {
        format!("{id}/")
    };
    let base_dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let body = l.push_markdown(MdSource {
        text: MdText::Slice(file, raw.body_start as u32..text_len as u32),
        span: Span::new(file, raw.body_start, text_len),
        inline: false,
        owner_url: url.clone(),
        base_dir,
    });
    let folder = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    // An index file sorts as its folder, before the folder's pages and before `x.md` beside
    // folder `x/`, so when two files claim one URL the index keeps it.
    let sort_rel = match kind {
        PageKind::Leaf => rel.clone(),
        _ => folder,
    };
    Some(Loose {
        page: Page {
            id,
            kind,
            file: Some(file),
            source: Some(rel),
            title,
            title_from_heading,
            weight,
            draft,
            owner,
            reviewed,
            reviewed_span,
            description,
            body: Some(body),
            parent: None,
            children: Vec::new(),
            url,
        },
        rel: sort_rel,
    })
}

/// Adds the home page and every section folder that has pages but no index file.
fn ensure_sections(by_id: &mut BTreeMap<String, Page>, config: &Config) {
    let mut missing = Vec::new();
    for id in by_id.keys() {
        let mut path = id.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !by_id.contains_key(parent) {
                missing.push(parent.to_string());
            }
            path = parent;
        }
    }
    missing.push(String::new());
    for id in missing {
        if by_id.contains_key(&id) {
            continue;
        }
        let title = if id.is_empty() {
            config.title.clone()
        } else {
            humanize(id.rsplit('/').next().unwrap_or(&id))
        };
        let kind = if id.is_empty() {
            PageKind::Home
        } else {
            PageKind::Section
        };
        let url = if id.is_empty() {
            String::new()
        } else {
            format!("{id}/")
        };
        by_id.insert(
            id.clone(),
            Page {
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
            },
        );
    }
}

/// Puts pages in depth-first order with parents and sorted children filled in.
fn order(mut by_id: BTreeMap<String, Page>, l: &mut impl PageLowering) -> Vec<Page> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for id in by_id.keys().filter(|id| !id.is_empty()) {
        let parent = id.rsplit_once('/').map_or("", |(p, _)| p);
        children
            .entry(parent.to_string())
            .or_default()
            .push(id.clone());
    }
    for kids in children.values_mut() {
        kids.sort_by(|a, b| {
            let (pa, pb) = (&by_id[a], &by_id[b]);
            let wa = pa.weight.unwrap_or(i64::MAX);
            let wb = pb.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb)
                .then_with(|| pa.title.to_lowercase().cmp(&pb.title.to_lowercase()))
                .then_with(|| a.cmp(b))
        });
    }
    let mut out: Vec<Page> = Vec::with_capacity(by_id.len());
    let mut positions: HashMap<String, usize> = HashMap::new();
    // Iterative depth-first walk: (id, parent index).
    let mut stack: Vec<(String, Option<usize>)> = vec![(String::new(), None)];
    while let Some((id, parent)) = stack.pop() {
        let Some(mut page) = by_id.remove(&id) else {
            continue;
        };
        page.parent = parent;
        let me = out.len();
        positions.insert(id.clone(), me);
        if let Some(p) = parent {
            out[p].children.push(me);
        }
        out.push(page);
        if let Some(kids) = children.get(&id) {
            for kid in kids.iter().rev() {
                stack.push((kid.clone(), Some(me)));
            }
        }
    }
    let index = l.index();
    for (i, page) in out.iter().enumerate() {
        index.pages.insert(page.id.clone(), i);
        if let Some(src) = &page.source {
            index.page_files.insert(src.clone(), i);
        }
    }
    out
}

/// `one-on-ones` → `One on ones`.
pub fn humanize(name: &str) -> String {
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
