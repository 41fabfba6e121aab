//! Templates → the output files: one job per page, rendered in parallel with templates
//! compiled once; plus the search index, sitemap, `handbook.json`, assets and `static/`.

pub mod entities;
pub mod export;
pub mod extras;
pub mod nav;
pub mod pages;
pub mod svg;
pub mod theme;
pub mod views;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::output::Sink;
use crate::site::{Site, urls};
pub use theme::{RenderError, Theme};
use views::{Ctx, Link};

/// One output page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    /// Page `i` of `Handbook::pages` (home, section or free page).
    Page(usize),
    /// `/values/`.
    ValuesIndex,
    /// `/values/<id>/`.
    Value(usize),
    /// `/roles/`.
    RolesIndex,
    /// `/roles/<id>/`.
    Role(usize),
    /// `/ladder/`.
    LadderIndex,
    /// `/ladder/<track>/`.
    Track(usize),
    /// `/ladder/<track>/<level>/`.
    Level(usize, usize),
    /// `/competencies/<id>/`.
    Competency(usize),
    /// `/hiring/`.
    HiringIndex,
    /// `/hiring/<stage>/`.
    Stage(usize),
    /// `/leaving/`.
    Leaving,
    /// `/print/`.
    Print,
    /// `/404.html`.
    NotFound,
}

/// Every page job of `site`, in a stable order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let hb = &site.handbook;
    // The print page is by far the largest: first, so it doesn't finish alone at the end.
    let mut jobs = vec![Job::Print];
    jobs.extend((0..hb.pages.len()).map(Job::Page));
    if !hb.values.is_empty() {
        jobs.push(Job::ValuesIndex);
        jobs.extend((0..hb.values.len()).map(Job::Value));
    }
    if !hb.roles.is_empty() {
        jobs.push(Job::RolesIndex);
        jobs.extend((0..hb.roles.len()).map(Job::Role));
    }
    if !hb.ladder.tracks.is_empty() {
        jobs.push(Job::LadderIndex);
        for (t, track) in hb.ladder.tracks.iter().enumerate() {
            jobs.push(Job::Track(t));
            jobs.extend((0..track.levels.len()).map(|l| Job::Level(t, l)));
        }
        jobs.extend((0..hb.ladder.competencies.len()).map(Job::Competency));
    }
    if !hb.hiring.stages.is_empty() {
        jobs.push(Job::HiringIndex);
        jobs.extend((0..hb.hiring.stages.len()).map(Job::Stage));
    }
    if hb.leaving.is_some() {
        jobs.push(Job::Leaving);
    }
    jobs.push(Job::NotFound);
    jobs
}

/// Site-wide template data, set once as Tera's global context.
#[derive(Serialize)]
struct SiteView {
    title: String,
    description: Option<String>,
    language: String,
    base_url: Option<String>,
    repository: Option<String>,
    generator: String,
    areas: Vec<Link>,
}

/// What a render produced, for the build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written (assets, static files, indexes).
    pub files: usize,
}

/// What a page's context builder returns: template, URL, context and sidebar place.
pub type Built = (&'static str, String, tera::Context, nav::NavPlace);

/// Renders pages of one site with one theme.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// The compiled theme.
    pub theme: &'a Theme,
    /// Site-wide template data (`site`), serialized once.
    site_value: tera::Value,
    /// Counts rendered pages, for a progress line.
    pub progress: AtomicUsize,
    /// Rendered sidebars, shared by the pages with the same [`nav::NavKey`].
    sidebars: Mutex<HashMap<nav::NavKey, Arc<String>>>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site` with `theme`.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let hb = &site.handbook;
        let view = SiteView {
            title: hb.config.title.clone(),
            description: hb.config.description_text.clone(),
            language: hb.config.language.clone(),
            base_url: hb.config.base_url.clone(),
            repository: hb.config.repository.clone(),
            generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
            areas: nav::areas(hb)
                .into_iter()
                .map(|(_, t, u)| Link::new(t, u))
                .collect(),
        };
        Renderer {
            site,
            theme,
            site_value: tera::Value::from_serializable(&view),
            progress: AtomicUsize::new(0),
            sidebars: Mutex::new(HashMap::new()),
        }
    }

    /// Renders every page and file of the site into `sink`.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Stats, RenderError> {
        let jobs = jobs(self.site);
        let pages = || {
            jobs.par_iter().try_for_each(|&job| {
                let (path, html) = self.render_template(job)?;
                if job == Job::Print {
                    let size = pages::print_size(self.site, &html);
                    sink.put_with(&path, size, &mut |out| {
                        pages::write_print_bodies(self.site, &html, out)
                    })?;
                } else {
                    sink.put(&path, html)?;
                }
                self.progress.fetch_add(1, Ordering::Relaxed);
                Ok::<(), RenderError>(())
            })
        };
        let (pages, files) = rayon::join(pages, || extras::write_extras(self, sink));
        pages?;
        let files = files?;
        Ok(Stats {
            pages: jobs.len(),
            files,
        })
    }

    /// Renders one page: its output path and HTML.
    pub fn render(&self, job: Job) -> Result<(String, String), RenderError> {
        let (path, html) = self.render_template(job)?;
        if job == Job::Print {
            return Ok((path, pages::splice_print_bodies(self.site, &html)));
        }
        let html = String::from_utf8(html)
            .map_err(|e| RenderError::Internal(anyhow::anyhow!("{path}: {e}")))?;
        Ok((path, html))
    }

    /// [`Renderer::render`], but the print page without its page bodies spliced in.
    fn render_template(&self, job: Job) -> Result<(String, Vec<u8>), RenderError> {
        let (template, url, mut context, place) = match job {
            Job::Page(i) => pages::page(self.site, i),
            Job::Print => pages::print(self.site),
            Job::NotFound => pages::not_found(self.site),
            other => entities::entity(self.site, other),
        };
        let sidebar = self.sidebar(&place)?;
        // Room for the page in one allocation: the sidebar, the body and the theme's markup
        // (Tera's own guess is the template's size, and the buffer then doubles its way up).
        let body = match job {
            Job::Page(i) => self.site.handbook.pages[i]
                .body
                .map_or(0, |b| self.site.markdown[b.0 as usize].html.len()),
            _ => 0,
        };
        let mut html = Vec::with_capacity(sidebar.len() + body + 8192);
        context.insert("sidebar", &sidebar);
        drop(sidebar);
        context.insert_value("site", self.site_value.clone());
        self.theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| self.theme.error(&e))?;
        let path = if job == Job::NotFound {
            "404.html".to_string()
        } else {
            urls::output_file(&url)
        };
        Ok((path, html))
    }

    /// The sidebar of the page at `place`: rendered once per key, then the page's own link is
    /// marked current.
    fn sidebar(&self, place: &nav::NavPlace) -> Result<String, RenderError> {
        let key = nav::key(&self.site.handbook, place);
        let cached = self
            .sidebars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let html = match cached {
            Some(html) => html,
            None => {
                let mut cx = Ctx::new(self.site, &place.url);
                cx.root.clone_from(&place.root);
                let mut context = tera::Context::new();
                context.insert_value("site", self.site_value.clone());
                context.insert("root", &cx.root);
                context.insert("nav_areas", &nav::area_nav(&cx, place));
                context.insert("nav_pages", &nav::page_nav(&self.site.handbook, place));
                let html = Arc::new(
                    self.theme
                        .tera
                        .render("partials/nav.html", &context)
                        .map_err(|e| self.theme.error(&e))?,
                );
                self.sidebars
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, html.clone());
                html
            }
        };
        Ok(nav::mark_current(
            &html,
            &format!("{}{}", place.root, place.url),
        ))
    }
}

/// Context pieces every page has.
#[derive(Serialize)]
pub struct PageMeta {
    /// Which template family (`role`, `page`, ...), for CSS hooks.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Site-root-relative URL.
    pub url: String,
    /// Absolute URL when `base_url` is set.
    pub canonical: Option<String>,
    /// For `<meta name="description">`.
    pub description: Option<String>,
    /// "Edit this page" URL.
    pub edit_url: Option<String>,
    /// Owning role.
    pub owner: Option<Link>,
    /// Last review date.
    pub reviewed: Option<String>,
    /// Older than `review_after_days`.
    pub stale: bool,
}

impl PageMeta {
    /// Meta for a page of `kind` at `url`, edited in `source` (relative to the handbook).
    pub fn new(cx: &Ctx, kind: &'static str, title: &str, url: &str, source: Option<&str>) -> Self {
        let hb = cx.hb();
        PageMeta {
            kind,
            title: title.to_string(),
            url: url.to_string(),
            canonical: hb.config.base_url.as_ref().map(|b| format!("{b}{url}")),
            description: None,
            edit_url: source.and_then(|s| edit_url(cx.site, s)),
            owner: None,
            reviewed: None,
            stale: false,
        }
    }
}

/// The "Edit this page" URL of `source`, when the handbook names its repository. The
/// handbook's folder inside the repository is found from the nearest `.git`.
pub fn edit_url(site: &Site, source: &str) -> Option<String> {
    let config = &site.handbook.config;
    let repo = config.repository.as_ref()?;
    Some(format!(
        "{repo}/edit/{}/{}{source}",
        config.edit_branch, site.repo_prefix
    ))
}
