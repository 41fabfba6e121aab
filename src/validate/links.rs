//! Link rules over the rendered Markdown: every broken or unsafe link becomes a diagnostic at
//! the link's own position in its file, and every `#anchor` is checked once all pages' headings
//! are known.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::markdown::{LinkIssue, LinkIssueKind, Rendered};
use crate::model::{Handbook, MdSource, MdText, urls};
use crate::source::{SourceMap, Span};

/// The diagnostics of every link of every rendered text: broken and unsafe links, and anchors
/// checked against the headings of all pages.
pub(crate) fn check(
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

/// The ids a link's `#fragment` may name, per page URL: sorted (URL, id) pairs, built in
/// parallel (hash sets per page were a serial tenth of a second at 10,000 pages).
#[derive(Debug, Default)]
pub(crate) struct Anchors<'a>(Vec<(Cow<'a, str>, &'a str)>);

impl<'a> Anchors<'a> {
    /// Whether the page at `url` has an element with id `id`.
    pub(crate) fn contains(&self, url: &str, id: &str) -> bool {
        self.0
            .binary_search_by(|(u, i)| (u.as_ref(), *i).cmp(&(url, id)))
            .is_ok()
    }

    /// The ids of the page at `url`.
    pub(crate) fn ids(&self, url: &str) -> impl Iterator<Item = &'a str> + '_ {
        let start = self.0.partition_point(|(u, _)| u.as_ref() < url);
        let end = self.0.partition_point(|(u, _)| u.as_ref() <= url);
        self.0[start..end].iter().map(|(_, i)| *i)
    }
}

/// Collects the heading ids, and the fixed anchors of the templates, of every page that some
/// `#fragment` link points into.
pub(crate) fn collect_anchors<'a>(hb: &'a Handbook, rendered: &'a [Arc<Rendered>]) -> Anchors<'a> {
    // Only pages that some link points into with a `#fragment`: a large handbook has few.
    let mut wanted: Vec<&str> = hb
        .markdown
        .par_iter()
        .zip(rendered.par_iter())
        .flat_map_iter(|(md, r)| {
            r.issues.iter().filter_map(move |i| match &i.kind {
                LinkIssueKind::Anchor { target, .. } => {
                    Some(target.as_deref().unwrap_or(&md.owner_url))
                }
                _ => None,
            })
        })
        .collect();
    if wanted.is_empty() {
        return Anchors::default();
    }
    wanted.par_sort_unstable();
    wanted.dedup();
    let is_wanted = |url: &str| wanted.binary_search(&url).is_ok();
    let mut pairs: Vec<(Cow<str>, &str)> = hb
        .markdown
        .par_iter()
        .zip(rendered.par_iter())
        .filter(|(md, _)| is_wanted(&md.owner_url))
        .flat_map_iter(|(md, r)| {
            let url = md.owner_url.as_str();
            r.headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(r.anchors.iter().map(String::as_str))
                .map(move |id| (Cow::Borrowed(url), id))
        })
        .collect();
    for &url in &wanted {
        pairs.extend(
            urls::template_anchors(url)
                .iter()
                .map(|&id| (Cow::Borrowed(url), id)),
        );
    }
    // A level page has a section per competency of its track, with the competency's id.
    for track in &hb.ladder.tracks {
        for level in &track.levels {
            let url = urls::level(&track.id.id, &level.id.id);
            if !is_wanted(&url) {
                continue;
            }
            let ids = urls::template_anchors("ladder/t/l/").iter().copied().chain(
                track
                    .competencies
                    .iter()
                    .map(|c| hb.ladder.competencies[c.competency.to].id.id.as_str()),
            );
            pairs.extend(ids.map(|id| (Cow::Owned(url.clone()), id)));
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    Anchors(pairs)
}

fn issue_diagnostic(
    md: &MdSource,
    issue: &LinkIssue,
    sources: &SourceMap,
    anchors: &Anchors,
) -> Option<Diagnostic> {
    let span = issue_span(md, issue, sources);
    match &issue.kind {
        LinkIssueKind::Empty => Some(
            Diagnostic::new(Code::EmptyLink, span, "link has no destination")
                .help("give it a destination, or remove the link"),
        ),
        LinkIssueKind::Foreign => Some(
            Diagnostic::new(
                Code::ForeignSyntax,
                span,
                format!(
                    "`{}` is template syntax of another site generator; it is published as text",
                    issue.dest
                ),
            )
            .help("replace it with Markdown, or put it in backticks if the page shows the syntax"),
        ),
        LinkIssueKind::Broken { message, help } => Some(
            Diagnostic::new(Code::BrokenLink, span, format!("broken link: {message}"))
                .maybe_help(help.clone()),
        ),
        LinkIssueKind::Unsafe => Some(
            Diagnostic::new(
                Code::UnsafeLink,
                span,
                format!(
                    "link `{}` could run script in the reader's browser",
                    issue.dest
                ),
            )
            .help(if issue.dest.trim_start().to_ascii_lowercase().starts_with("data:") {
                "only raster images may be data: URLs (data:image/png, jpeg, gif, webp, avif, bmp); put the file next to the page and link to it"
            } else {
                "link to a page, or to an https: URL"
            }),
        ),
        LinkIssueKind::Anchor { target, fragment } => {
            let url = target.as_deref().unwrap_or(&md.owner_url);
            if anchors.contains(url, fragment) {
                return None;
            }
            let shown = if url.is_empty() {
                "/".to_string()
            } else {
                format!("/{url}")
            };
            let help = did_you_mean(fragment, anchors.ids(url))
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
