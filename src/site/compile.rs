//! Renders every Markdown text of the handbook (in parallel), then checks the `#anchors` links
//! point at, once every page's headings are known. Link problems become diagnostics at the
//! link's own position in its file.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::links::LinkIndex;
use super::urls;
use crate::diag::{Code, Diagnostic, Diags, did_you_mean};
use crate::markdown::{self, LinkIssue, LinkIssueKind, Rendered, Style};
use crate::model::{Handbook, MdSource, MdText};
use crate::source::{SourceMap, Span};

/// Renders every Markdown text of `hb`; the result is indexed by `MdId`.
pub fn render_all(
    hb: &Handbook,
    sources: &SourceMap,
    links: &LinkIndex,
    diags: &mut Diags,
) -> Vec<Arc<Rendered>> {
    render_all_cached(hb, sources, links, diags, &mut MdCache::default(), false)
}

/// Renderings kept by `serve`: a text is rendered again only when it changed or one of its
/// links now resolves differently.
#[derive(Default)]
pub struct MdCache {
    limit: usize,
    entries: HashMap<MdKey, Vec<(String, Arc<Rendered>)>>,
}

/// Owner page, base folder, inline, page body.
type MdKey = (String, String, bool, bool);

fn md_key(md: &MdSource) -> MdKey {
    (
        md.owner_url.clone(),
        md.base_dir.clone(),
        md.inline,
        matches!(md.text, MdText::Slice(..)),
    )
}

/// [`render_all`], reusing `cache` and (when `keep`) refilling it.
pub fn render_all_cached(
    hb: &Handbook,
    sources: &SourceMap,
    links: &LinkIndex,
    diags: &mut Diags,
    cache: &mut MdCache,
    keep: bool,
) -> Vec<Arc<Rendered>> {
    let limit = search_text_limit(hb.pages.len());
    if cache.limit != limit {
        cache.entries.clear();
        cache.limit = limit;
    }
    let rendered: Vec<Arc<Rendered>> = hb
        .markdown
        .par_iter()
        .map(|md| {
            let text = md.text(sources);
            let hit = cache
                .entries
                .get(&md_key(md))
                .and_then(|list| list.iter().find(|(t, _)| t == text))
                .map(|(_, r)| r);
            if let Some(r) = hit {
                let resolver = links.resolver(&md.base_dir);
                let same = r.resolutions.iter().all(|(dest, image, was)| {
                    markdown::Resolver::resolve(&resolver, dest, *image) == *was
                });
                if same {
                    return r.clone();
                }
            }
            Arc::new(render_one(md, sources, links, limit))
        })
        .collect();
    if keep {
        cache.entries.clear();
        for (md, r) in hb.markdown.iter().zip(&rendered) {
            cache
                .entries
                .entry(md_key(md))
                .or_default()
                .push((md.text(sources).to_string(), r.clone()));
        }
    }
    diags.extend(link_diagnostics(hb, sources, &rendered));
    rendered
}

/// The diagnostics of every link of every rendered text: broken and unsafe links, and anchors
/// checked against the headings of all pages.
pub fn link_diagnostics(
    hb: &Handbook,
    sources: &SourceMap,
    rendered: &[Arc<Rendered>],
) -> Vec<Diagnostic> {
    let anchors = collect_anchors(hb, rendered);
    hb.markdown
        .par_iter()
        .zip(rendered.par_iter())
        .flat_map_iter(|(md, r)| {
            r.issues
                .iter()
                .filter_map(|issue| issue_diagnostic(md, issue, sources, &anchors))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Characters of plain text the search index keeps per page: about 4 MB in all, at least 300
/// and at most 5,000 per page, so small handbooks are searched in full and a 10,000-page one
/// still loads quickly.
pub fn search_text_limit(pages: usize) -> usize {
    (4_000_000 / pages.max(1)).clamp(300, 5_000)
}

/// Renders one Markdown text in its context.
pub fn render_one(
    md: &MdSource,
    sources: &SourceMap,
    links: &LinkIndex,
    text_limit: usize,
) -> Rendered {
    let is_page = matches!(md.text, MdText::Slice(..));
    let style = Style {
        inline: md.inline,
        raw_html: is_page,
        lift_title: is_page,
        reserved_ids: urls::template_anchors(&md.owner_url),
        text_limit: Some(text_limit),
    };
    markdown::render(md.text(sources), style, &links.resolver(&md.base_dir))
}

/// Page URL → the ids a link's `#fragment` may name there.
pub type Anchors = HashMap<String, HashSet<String>>;

/// Collects the heading ids of every page, and the fixed anchors of the templates.
pub fn collect_anchors(hb: &Handbook, rendered: &[Arc<Rendered>]) -> Anchors {
    let mut anchors: Anchors = HashMap::new();
    for (md, r) in hb.markdown.iter().zip(rendered) {
        let set = anchors.entry(md.owner_url.clone()).or_default();
        set.extend(r.headings.iter().map(|h| h.id.clone()));
    }
    for (url, set) in anchors.iter_mut() {
        set.extend(urls::template_anchors(url).iter().map(|s| s.to_string()));
    }
    // A level page has a section per competency of its track, with the competency's id.
    for track in &hb.ladder.tracks {
        for level in &track.levels {
            let set = anchors
                .entry(urls::level(&track.id.id, &level.id.id))
                .or_default();
            set.extend(
                urls::template_anchors("ladder/t/l/")
                    .iter()
                    .map(|s| s.to_string()),
            );
            set.extend(
                track
                    .competencies
                    .iter()
                    .map(|c| hb.ladder.competencies[c.to].id.id.clone()),
            );
        }
    }
    anchors
}

fn issue_diagnostic(
    md: &MdSource,
    issue: &LinkIssue,
    sources: &SourceMap,
    anchors: &Anchors,
) -> Option<Diagnostic> {
    let span = issue_span(md, issue, sources);
    match &issue.kind {
        LinkIssueKind::Broken { message, help } => Some(
            Diagnostic::new(Code::BrokenLink, span, format!("broken link: {message}"))
                .maybe_help(help.clone()),
        ),
        LinkIssueKind::Unsafe => Some(
            Diagnostic::new(
                Code::UnsafeLink,
                span,
                format!(
                    "link `{}` would run script in the reader's browser",
                    issue.dest
                ),
            )
            .help("link to a page, or to an https: URL"),
        ),
        LinkIssueKind::Anchor { target, fragment } => {
            let url = target.as_deref().unwrap_or(&md.owner_url);
            let ids = anchors.get(url);
            if ids.is_some_and(|ids| ids.contains(fragment)) {
                return None;
            }
            let shown = if url.is_empty() {
                "/".to_string()
            } else {
                format!("/{url}")
            };
            let help = ids
                .and_then(|ids| did_you_mean(fragment, ids.iter().map(String::as_str)))
                .map(|c| format!("did you mean `#{c}`?"))
                .or_else(|| {
                    Some("anchors are heading ids, made like GitHub's: `## Weekly or biweekly?` → `#weekly-or-biweekly`".into())
                });
            Some(
                Diagnostic::new(
                    Code::BrokenLink,
                    span,
                    format!("broken link: {shown} has no anchor `#{fragment}`"),
                )
                .maybe_help(help),
            )
        }
    }
}

/// The span of a link problem in its file.
fn issue_span(md: &MdSource, issue: &LinkIssue, sources: &SourceMap) -> Span {
    let file = md.span.file;
    match &md.text {
        MdText::Slice(..) => Span::new(
            file,
            md.span.start as usize + issue.range.start,
            md.span.start as usize + issue.range.end,
        ),
        MdText::Owned(text) => {
            // The scalar was unescaped, so find the destination in the file text itself: the
            // same occurrence as in the Markdown.
            let nth = text[..issue.range.start.min(text.len())]
                .matches(&issue.dest)
                .count();
            let file_text = &sources.get(file).text;
            let region = file_text.get(md.span.range()).unwrap_or("");
            if issue.dest.is_empty() {
                return md.span;
            }
            region
                .match_indices(&issue.dest)
                .nth(nth)
                .or_else(|| region.match_indices(&issue.dest).next())
                .map_or(md.span, |(i, _)| {
                    let start = md.span.start as usize + i;
                    Span::new(file, start, start + issue.dest.len())
                })
        }
    }
}
