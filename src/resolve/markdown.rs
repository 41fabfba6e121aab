//! Renders every Markdown text of the handbook once, in parallel, with its links resolved;
//! `serve` keeps the renderings between rebuilds. The link problems found on the way are
//! checked into diagnostics by `validate::links`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::links::LinkIndex;
use crate::markdown::{self, LiftTitle, Rendered, Style};
use crate::model::urls::{self, Reference};
use crate::model::{Handbook, Lift, MdSource, MdText, RawHtml};
use crate::source::SourceMap;

/// Renderings kept by `serve`: a text is rendered again only when it changed or one of its
/// links now resolves differently.
#[derive(Default)]
pub(crate) struct MdCache {
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
                hb.assets.iter().for_each(|a| (&a.source, &a.url).hash(s));
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
        let Some(reference) = dest.strip_prefix('@') else {
            // Relative paths can name pages, role files, YAML files or static files.
            return markdown::is_external(dest) || *self != *before;
        };
        let reference = reference.split('#').next().unwrap_or("");
        match Reference::parse(reference) {
            Some(Reference::Value(_)) => self.values != before.values,
            Some(Reference::Role(_)) => self.roles != before.roles,
            Some(Reference::Level(..) | Reference::Track(_) | Reference::Competency(_)) => {
                self.ladder != before.ladder
            }
            Some(Reference::Stage(_)) => self.stages != before.stages,
            Some(Reference::Page(_) | Reference::Home) => self.pages != before.pages,
            Some(Reference::Area(..)) | None => self.other != before.other,
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

/// Renders every Markdown text of `hb` (the result is indexed by `MdId`), reusing `cache` and,
/// when `keep`, adding what was rendered afresh.
pub(crate) fn render_all_cached(
    hb: &Handbook,
    sources: &SourceMap,
    links: &LinkIndex,
    cache: &mut MdCache,
    keep: bool,
) -> Vec<Arc<Rendered>> {
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
                return (Arc::new(render_one(md, sources, links, false)), None);
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
            (Arc::new(render_one(md, sources, links, keep)), Some(key))
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
    rendered
}

/// Renders one Markdown text in its context; `record` keeps what each link resolved to, for
/// a cache that must tell later whether the rendering still holds (`serve`).
pub(crate) fn render_one(
    md: &MdSource,
    sources: &SourceMap,
    links: &LinkIndex,
    record: bool,
) -> Rendered {
    let is_page = matches!(md.text, MdText::Slice(..));
    let style = Style {
        inline: md.inline,
        raw_html: if is_page {
            links.settings().raw_html
        } else {
            RawHtml::Escape
        },
        lift: match &md.lift {
            Lift::No => LiftTitle::No,
            Lift::Always => LiftTitle::Always,
            Lift::IfTitle(title) => LiftTitle::IfTitle(title),
        },
        reserved_ids: if is_page {
            urls::template_anchors(&md.owner_url)
        } else {
            urls::ANY_TEMPLATE_ANCHOR
        },
        record_resolutions: record,
        fragments_on: (!is_page).then_some(md.owner_url.as_str()),
    };
    markdown::render(md.text(sources), style, &links.resolver(&md.base_dir))
}
