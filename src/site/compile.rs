//! Renders every Markdown text of the handbook (in parallel), then checks the `#anchors` links
//! point at, once every page's headings are known. Link problems become diagnostics at the
//! link's own position in its file.

use std::borrow::Cow;
use std::collections::HashMap;
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
    /// Hash of (owner page, base folder, inline, page body) → renderings of texts there.
    entries: HashMap<u64, Vec<(String, Arc<Rendered>)>>,
    /// What links could resolve to last time, per kind of target.
    targets: Targets,
}

/// Fingerprints of what links can point at, per kind: a cached rendering whose links point
/// only at kinds that didn't change needn't be checked link by link.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct Targets {
    pages: u64,
    values: u64,
    roles: u64,
    ladder: u64,
    stages: u64,
    other: u64,
}

impl Targets {
    fn of(hb: &Handbook, statics: &[String]) -> Targets {
        fn h(f: impl FnOnce(&mut std::hash::DefaultHasher)) -> u64 {
            let mut hasher = std::hash::DefaultHasher::new();
            f(&mut hasher);
            std::hash::Hasher::finish(&hasher)
        }
        use std::hash::Hash;
        Targets {
            pages: h(|s| {
                for p in &hb.pages {
                    (&p.id, &p.title, &p.url, &p.source).hash(s);
                }
            }),
            values: h(|s| hb.values.iter().for_each(|v| (&v.id.id, &v.name).hash(s))),
            roles: h(|s| {
                hb.roles
                    .iter()
                    .for_each(|r| (&r.id.id, &r.title, r.file).hash(s))
            }),
            ladder: h(|s| {
                hb.ladder
                    .competencies
                    .iter()
                    .for_each(|c| (&c.id.id, &c.name).hash(s));
                for t in &hb.ladder.tracks {
                    (&t.id.id, &t.name).hash(s);
                    t.levels.iter().for_each(|l| (&l.id.id, &l.title).hash(s));
                }
            }),
            stages: h(|s| {
                hb.hiring
                    .stages
                    .iter()
                    .for_each(|st| (&st.id.id, &st.name).hash(s))
            }),
            other: h(|s| {
                statics.hash(s);
                (
                    &hb.config.repository,
                    &hb.config.edit_branch,
                    hb.leaving.is_some(),
                )
                    .hash(s);
                (
                    hb.index.failed.values,
                    hb.index.failed.ladder,
                    hb.index.failed.hiring,
                    hb.index.failed.roles.len(),
                )
                    .hash(s);
            }),
        }
    }

    /// Whether a link to `dest` could resolve differently now than under `before`.
    fn affects(&self, before: &Targets, dest: &str) -> bool {
        let reference = dest
            .strip_prefix('@')
            .map(|r| r.split(['/', '#']).next().unwrap_or(""));
        match reference {
            Some("value") => self.values != before.values,
            Some("role") => self.roles != before.roles,
            Some("level" | "track" | "competency") => self.ladder != before.ladder,
            Some("stage") => self.stages != before.stages,
            Some("page" | "home") => self.pages != before.pages,
            Some(_) => self.other != before.other,
            // Relative paths can name pages, role files, YAML files or static files.
            None => markdown::is_external(dest) || *self != *before,
        }
    }
}

fn md_key(md: &MdSource) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (
        &md.owner_url,
        &md.base_dir,
        md.inline,
        matches!(md.text, MdText::Slice(..)),
    )
        .hash(&mut h);
    h.finish()
}

/// Cached renderings kept per key, newest last.
const KEEP_PER_KEY: usize = 4;

/// [`render_all`], reusing `cache` and (when `keep`) adding what was rendered afresh.
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
    // Fingerprinting every page is only worth it for a cache that is or will be used.
    let targets = if keep || !cache.entries.is_empty() {
        Targets::of(hb, links.statics())
    } else {
        Targets::default()
    };
    let before = cache.targets;
    let results: Vec<(Arc<Rendered>, Option<u64>)> = hb
        .markdown
        .par_iter()
        .map(|md| {
            if cache.entries.is_empty() && !keep {
                // A one-shot build: nothing cached, nothing to keep, no key to hash.
                return (Arc::new(render_one(md, sources, links, limit, false)), None);
            }
            let text = md.text(sources);
            let key = md_key(md);
            let hit = cache
                .entries
                .get(&key)
                .and_then(|list| list.iter().rev().find(|(t, _)| t == text))
                .map(|(_, r)| r);
            if let Some(r) = hit {
                let resolver = links.resolver(&md.base_dir);
                let same = r.resolutions.iter().all(|(dest, image, was)| {
                    !targets.affects(&before, dest)
                        || markdown::Resolver::resolve(&resolver, dest, *image) == *was
                });
                if same {
                    return (r.clone(), None);
                }
            }
            (
                Arc::new(render_one(md, sources, links, limit, keep)),
                Some(key),
            )
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (md, (r, fresh)) in hb.markdown.iter().zip(results) {
        if let (true, Some(key)) = (keep, fresh) {
            let list = cache.entries.entry(key).or_default();
            if list.len() >= KEEP_PER_KEY {
                list.remove(0);
            }
            list.push((md.text(sources).to_string(), r.clone()));
        }
        rendered.push(r);
    }
    if keep {
        cache.targets = targets;
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

/// Renders one Markdown text in its context; `record` keeps what each link resolved to, for
/// a cache that must tell later whether the rendering still holds (`serve`).
pub fn render_one(
    md: &MdSource,
    sources: &SourceMap,
    links: &LinkIndex,
    text_limit: usize,
    record: bool,
) -> Rendered {
    let is_page = matches!(md.text, MdText::Slice(..));
    let style = Style {
        inline: md.inline,
        raw_html: is_page,
        lift_title: is_page,
        reserved_ids: urls::template_anchors(&md.owner_url),
        text_limit: Some(text_limit),
        record_resolutions: record,
    };
    markdown::render(md.text(sources), style, &links.resolver(&md.base_dir))
}

/// The ids a link's `#fragment` may name, per page URL: sorted (URL, id) pairs, built in
/// parallel (hash sets per page were a serial tenth of a second at 10,000 pages).
#[derive(Debug, Default)]
pub struct Anchors<'a>(Vec<(Cow<'a, str>, &'a str)>);

impl<'a> Anchors<'a> {
    /// Whether the page at `url` has an element with id `id`.
    pub fn contains(&self, url: &str, id: &str) -> bool {
        self.0
            .binary_search_by(|(u, i)| (u.as_ref(), *i).cmp(&(url, id)))
            .is_ok()
    }

    /// The ids of the page at `url`.
    pub fn ids(&self, url: &str) -> impl Iterator<Item = &'a str> + '_ {
        let start = self.0.partition_point(|(u, _)| u.as_ref() < url);
        let end = self.0.partition_point(|(u, _)| u.as_ref() <= url);
        self.0[start..end].iter().map(|(_, i)| *i)
    }
}

/// Collects the heading ids, and the fixed anchors of the templates, of every page that some
/// `#fragment` link points into.
pub fn collect_anchors<'a>(hb: &'a Handbook, rendered: &'a [Arc<Rendered>]) -> Anchors<'a> {
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
                .map(move |h| (Cow::Borrowed(url), h.id.as_str()))
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
                    .map(|c| hb.ladder.competencies[c.to].id.id.as_str()),
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
