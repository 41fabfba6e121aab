//! What each page's output depends on, as a hash: after a content change only pages whose
//! fingerprint changed are rendered again.
//!
//! A free page shows its own fields and Markdown, its owner's title, and — through the
//! sidebar, breadcrumbs, previous/next links and section lists — the titles, order and
//! descriptions of other pages: those go into one site-wide part. Entity pages (and the home
//! page's overview) show the YAML data. Markdown renderings carry a serial that changes only
//! when they are rendered again (their text or one of their links changed).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::build::Site;
use crate::model::urls;
use crate::model::{MdText, PageKind};
use crate::render::jobs::{Job, job_url, jobs};

/// Output path → fingerprint, for every page job except the print and 404 pages.
pub fn fingerprints(site: &Site) -> HashMap<String, u64> {
    let global = global(site);
    let data = data(site, global);
    let hb = &site.handbook;
    let mut out = HashMap::new();
    for job in jobs(site) {
        let fp = match job {
            Job::Print | Job::NotFound => continue,
            Job::Page(i) => {
                let p = &hb.pages[i];
                let mut h = DefaultHasher::new();
                global.hash(&mut h);
                (
                    &p.id,
                    &p.title,
                    p.kind == PageKind::Home,
                    &p.description,
                    &p.source,
                )
                    .hash(&mut h);
                (p.reviewed.map(|d| d.to_string()), p.draft).hash(&mut h);
                p.owner
                    .map(|o| (&hb.roles[o.to].id.id, &hb.roles[o.to].title))
                    .hash(&mut h);
                p.body
                    .map(|b| site.markdown[b.0 as usize].serial)
                    .hash(&mut h);
                if p.kind == PageKind::Home {
                    data.hash(&mut h);
                }
                h.finish()
            }
            _ => data,
        };
        out.insert(urls::output_file(&job_url(site, job)), fp);
    }
    out
}

/// What every page shows: configuration, the handbook's areas, and the page tree.
fn global(site: &Site) -> u64 {
    let hb = &site.handbook;
    let c = &hb.config;
    let mut h = DefaultHasher::new();
    (
        &c.title,
        &c.description_text,
        &c.language,
        &c.base_url,
        &c.repository,
    )
        .hash(&mut h);
    (
        &c.edit_branch,
        c.review_after_days,
        &c.cname,
        &c.theme_dir,
        &site.repo_prefix,
    )
        .hash(&mut h);
    (
        hb.values.is_empty(),
        hb.roles.is_empty(),
        hb.ladder.tracks.is_empty(),
        hb.hiring.stages.is_empty(),
        hb.leaving.is_some(),
    )
        .hash(&mut h);
    for p in &hb.pages {
        (
            &p.id,
            &p.title,
            &p.url,
            p.parent,
            &p.children,
            &p.description,
        )
            .hash(&mut h);
    }
    h.finish()
}

/// What the handbook's own pages show: the YAML files and their rendered Markdown.
fn data(site: &Site, global: u64) -> u64 {
    let mut h = DefaultHasher::new();
    global.hash(&mut h);
    for (_, file) in site.sources.iter() {
        if file.rel.ends_with(".yaml") || file.rel.ends_with(".yml") {
            (&file.rel, &file.text).hash(&mut h);
        }
    }
    for (md, r) in site.handbook.markdown.iter().zip(&site.markdown) {
        if matches!(md.text, MdText::Owned(_)) {
            r.serial.hash(&mut h);
        }
    }
    h.finish()
}
