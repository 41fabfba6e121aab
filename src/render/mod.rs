//! Templates → the output files: one job per page, rendered in parallel with templates
//! compiled once; plus the search index, sitemap, `handbook.json`, assets and `static/`.

pub mod export;
pub mod extras;
pub mod frame;
pub mod jobs;
mod kinds;
pub mod nav;
pub mod splice;
pub mod svg;
pub mod theme;
pub mod views;

pub use jobs::{Job, jobs};

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::{localize, localize_each};
use crate::model::urls;
use crate::output::Sink;
use crate::resolve::Site;
use splice::{Marks, Piece};
pub use theme::{RenderError, Theme};
use views::{Ctx, Link};

/// Pages rendered before they are written (see [`Renderer::render_all`]).
const WRITE_BATCH: usize = 32;

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
    sidebars: Mutex<HashMap<nav::NavKey, Arc<nav::Sidebar>>>,
    /// Sidebars rendered with [`Renderer::root_mark`] for `root`, by [`nav::NavKey::any_depth`].
    sidebar_shapes: Mutex<HashMap<nav::NavKey, Arc<String>>>,
    /// Stands for a relative root in a sidebar rendered for every depth (a [`Marks`]
    /// placeholder, so [`Marks::split`] finds it).
    root_mark: String,
    /// Placeholders for the sidebar and bodies, swapped for them after templating.
    marks: Marks,
    /// `content`'s placeholder, as a template value made once (cloning it shares the text).
    content_mark: tera::Value,
    /// `sidebar`'s placeholder, likewise.
    sidebar_mark: tera::Value,
}

/// A page as its template rendered it, placeholders still in, and what fills them.
struct Shell {
    /// Output path.
    path: String,
    /// Template output.
    html: Vec<u8>,
    /// The page's sidebar, its own link not yet marked.
    sidebar: Arc<nav::Sidebar>,
    /// The page's link as the sidebar spells it (`../a/`), to mark it current.
    current: String,
    /// The page's relative root, for its body's links.
    root: String,
    /// Markdown body of a free page.
    body: Option<usize>,
    /// The print page, whose placeholders stand for every page's body.
    print: bool,
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
        let marks = Marks::new();
        Renderer {
            site,
            theme,
            site_value: tera::Value::from_serializable(&view),
            progress: AtomicUsize::new(0),
            sidebars: Mutex::new(HashMap::new()),
            sidebar_shapes: Mutex::new(HashMap::new()),
            root_mark: marks.mark("root"),
            content_mark: tera::Value::from(marks.mark("content")),
            sidebar_mark: tera::Value::from(marks.mark("sidebar")),
            marks,
        }
    }

    /// Renders every page and file of the site into `sink`.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Stats, RenderError> {
        let jobs = jobs(self.site);
        let pages = || {
            // Pages are rendered a batch at a time, then written: alternating templating with
            // file-system calls page by page kept the renderer's caches and branch predictors
            // cold (13 alternating runs at 10,000 pages: 6% less CPU with batches of 32).
            jobs.par_chunks(WRITE_BATCH).try_for_each(|chunk| {
                let mut done = Vec::with_capacity(chunk.len());
                for &job in chunk {
                    let shell = self.render_template(job)?;
                    if shell.print {
                        let size = self.size(&shell);
                        // Tens of megabytes at 10,000 pages: written through, never held whole.
                        sink.put_with(&shell.path, size, &mut |out| self.fill(&shell, out))?;
                    } else {
                        let html = self.filled(&shell);
                        done.push((shell.path, html));
                    }
                }
                for (path, html) in done {
                    sink.put(&path, html)?;
                }
                self.progress.fetch_add(chunk.len(), Ordering::Relaxed);
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
        let shell = self.render_template(job)?;
        let html = String::from_utf8(self.filled(&shell))
            .map_err(|e| RenderError::Internal(anyhow::anyhow!("{}: {e}", shell.path)))?;
        Ok((shell.path, html))
    }

    /// Runs the template of `job`, with placeholders for the sidebar and the bodies.
    fn render_template(&self, job: Job) -> Result<Shell, RenderError> {
        let frame::View {
            template,
            url,
            mut context,
            place,
        } = kinds::view(self.site, job, &self.marks);
        let markdown = &self.site.markdown;
        // A body that renders to nothing (only a lifted `# Title`) is no content: templates
        // fall back to the description.
        let mut body = match job {
            Job::Page(i) => self.site.handbook.pages[i]
                .body
                .map(|b| b.0 as usize)
                .filter(|&b| !markdown[b].html.is_empty()),
            _ => None,
        };
        if let Job::Page(_) = job {
            match body {
                Some(_) if self.theme.splice_content => {
                    context.insert_value("content", self.content_mark.clone())
                }
                Some(b) => {
                    context.insert("content", &localize(&markdown[b].html, &place.root, ""));
                    body = None;
                }
                None => context.insert("content", &None::<&str>),
            }
        }
        let sidebar = self.sidebar(&place)?;
        let current = format!("{}{}", place.root, place.url);
        if self.theme.splice_sidebar {
            context.insert_value("sidebar", self.sidebar_mark.clone());
        } else {
            let marked = match sidebar.split_at_current(&current) {
                Some((before, after)) => [before, nav::CURRENT, after].concat(),
                None => sidebar.html.clone(),
            };
            context.insert("sidebar", &marked);
        }
        context.insert_value("site", self.site_value.clone());
        let mut html = Vec::with_capacity(8192);
        self.theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| self.theme.error(&e))?;
        let path = if job == Job::NotFound {
            "404.html".to_string()
        } else {
            urls::output_file(&url)
        };
        Ok(Shell {
            path,
            html,
            sidebar,
            current,
            root: place.root,
            body,
            print: job == Job::Print,
        })
    }

    /// Roughly the size of the page `shell` becomes.
    fn size(&self, shell: &Shell) -> usize {
        let md = &self.site.markdown;
        let bodies = match shell.body {
            Some(b) => md[b].html.len(),
            None if shell.print => self
                .site
                .handbook
                .pages
                .iter()
                .filter_map(|p| p.body)
                .map(|b| md[b.0 as usize].html.len())
                .sum(),
            None => 0,
        };
        // Links grow by their relative root (`../../`) once localized.
        shell.html.len() + shell.sidebar.html.len() + bodies + bodies / 16 + 32
    }

    /// The page `shell` with its placeholders filled, in memory.
    fn filled(&self, shell: &Shell) -> Vec<u8> {
        let mut html = Vec::with_capacity(self.size(shell));
        // Writing to memory cannot fail.
        let _ = self.fill(shell, &mut html);
        html
    }

    /// Writes the page `shell` to `out` with its placeholders filled: the sidebar with the
    /// page's own link marked current, the page's body, or (print page) each page's body with
    /// its heading ids prefixed `p<i>-` so they stay unique on one page.
    fn fill(&self, shell: &Shell, out: &mut dyn Write) -> io::Result<()> {
        let hb = &self.site.handbook;
        let body = |out: &mut dyn Write, md: usize, id_prefix: &str| {
            let mut result = Ok(());
            localize_each(&self.site.markdown[md].html, &shell.root, id_prefix, |s| {
                if result.is_ok() {
                    result = out.write_all(s.as_bytes());
                }
            });
            result
        };
        self.marks.split(&shell.html, |piece| match piece {
            Piece::Text(text) => out.write_all(text),
            Piece::Mark("sidebar") => match shell.sidebar.split_at_current(&shell.current) {
                Some((before, after)) => {
                    out.write_all(before.as_bytes())?;
                    out.write_all(nav::CURRENT.as_bytes())?;
                    out.write_all(after.as_bytes())
                }
                None => out.write_all(shell.sidebar.html.as_bytes()),
            },
            Piece::Mark("content") => match shell.body {
                Some(md) => body(out, md, ""),
                None => Ok(()),
            },
            Piece::Mark(page) => {
                let md = page
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| Some((i, hb.pages.get(i)?.body?)));
                match md {
                    Some((i, md)) => body(out, md.0 as usize, &format!("p{i}-")),
                    None => Ok(()),
                }
            }
        })
    }

    /// The sidebar of the page at `place`, rendered once per key.
    fn sidebar(&self, place: &nav::NavPlace) -> Result<Arc<nav::Sidebar>, RenderError> {
        let key = nav::key(&self.site.handbook, place);
        if let Some(sidebar) = lock(&self.sidebars).get(&key) {
            return Ok(sidebar.clone());
        }
        // A section's pages and its own page sit one folder apart: with the default templates
        // their sidebars differ only in the root that starts each link, so the template runs
        // once for both (at 10,000 pages that halved the sidebars rendered, 840 to 440).
        let relative = !place.root.contains("://");
        let html = if self.theme.nav_root_relative && relative {
            let shape_key = key.any_depth();
            let shape = lock(&self.sidebar_shapes).get(&shape_key).cloned();
            let shape = match shape {
                Some(shape) => shape,
                None => {
                    let shape = Arc::new(self.render_sidebar(place, &self.root_mark)?);
                    lock(&self.sidebar_shapes).insert(shape_key, shape.clone());
                    shape
                }
            };
            // The placeholders' own searcher: `str::replace` here took 1.7% of a 10,000-page build.
            let mut html = Vec::with_capacity(shape.len());
            let _ = self.marks.split(shape.as_bytes(), |piece| {
                match piece {
                    Piece::Text(text) => html.extend_from_slice(text),
                    Piece::Mark("root") => html.extend_from_slice(place.root.as_bytes()),
                    Piece::Mark(other) => html.extend_from_slice(self.marks.mark(other).as_bytes()),
                }
                Ok::<(), ()>(())
            });
            // Pieces end at ASCII placeholders, so the text stays UTF-8.
            String::from_utf8(html).map_err(|e| RenderError::Internal(e.into()))?
        } else {
            self.render_sidebar(place, &place.root)?
        };
        let sidebar = Arc::new(nav::Sidebar::new(html));
        lock(&self.sidebars).insert(key, sidebar.clone());
        Ok(sidebar)
    }

    /// Runs `partials/nav.html` for the page at `place`, with `root` as the relative root.
    fn render_sidebar(&self, place: &nav::NavPlace, root: &str) -> Result<String, RenderError> {
        let mut cx = Ctx::new(self.site, &place.url);
        root.clone_into(&mut cx.root);
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &cx.root);
        context.insert("nav_areas", &nav::area_nav(&cx, place));
        context.insert("nav_pages", &nav::page_nav(&self.site.handbook, place));
        self.theme
            .tera
            .render("partials/nav.html", &context)
            .map_err(|e| self.theme.error(&e))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
