//! Templates → the output files: one job per page, rendered in parallel with templates
//! compiled once; plus the search index, sitemap, `handbook.json`, assets and `static/`.
//!
//! A page kind (`kinds/`) builds a page's [`frame::View`]; the [`Renderer`] runs its template
//! with placeholders for the big pieces (body, sidebar) and writes the page with them filled in
//! (see [`splice`]).

pub(crate) mod csv;
pub(crate) mod export;
pub(crate) mod extras;
pub(crate) mod frame;
pub(crate) mod jobs;
mod kinds;
pub(crate) mod nav;
mod nest;
pub(crate) mod search;
pub(crate) mod splice;
pub(crate) mod svg;
pub(crate) mod theme;
pub(crate) mod to_markdown;
pub(crate) mod views;

pub(crate) use jobs::{Job, jobs};

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::{localize, localize_each};
use crate::model::urls;
use crate::output::Sink;
use crate::resolve::Site;
use frame::View;
use splice::{Marks, Piece};
pub(crate) use theme::{RenderError, Theme};
use views::{Ctx, Link};

/// Pages rendered before they are written (see [`Renderer::render_pages`]).
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
pub(crate) struct Stats {
    /// HTML pages written.
    pub(crate) pages: usize,
    /// Other files written (assets, static files, indexes).
    pub(crate) files: usize,
}

/// Renders pages of one site with one theme.
pub(crate) struct Renderer<'a> {
    /// The site.
    pub(crate) site: &'a Site,
    /// The compiled theme.
    pub(crate) theme: &'a Theme,
    /// Site-wide template data (`site`), serialized once.
    site_value: tera::Value,
    /// Counts rendered pages, for a progress line.
    progress: &'a AtomicUsize,
    /// Rendered sidebars, shared by the pages with the same [`nav::NavKey`].
    sidebars: Mutex<HashMap<nav::NavKey, Arc<nav::Sidebar>>>,
    /// Fingerprints of the sidebars' inputs, by [`nav::NavKey`].
    sidebar_prints: Mutex<HashMap<nav::NavKey, u64>>,
    /// Placeholders for the sidebar and bodies, swapped for them after templating.
    marks: Marks,
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
    /// A renderer of `site` with `theme`, counting the pages it renders in `progress`.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, progress: &'a AtomicUsize) -> Self {
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
            progress,
            sidebars: Mutex::new(HashMap::new()),
            sidebar_prints: Mutex::new(HashMap::new()),
            marks: Marks::new(),
        }
    }

    /// Renders the pages `jobs` into `sink`.
    pub(crate) fn render_pages(&self, jobs: &[Job], sink: &dyn Sink) -> Result<(), RenderError> {
        // Pages are rendered a batch at a time, then written: alternating templating with
        // file-system calls page by page kept the renderer's caches and branch predictors
        // cold (13 alternating runs at 10,000 pages: 6% less CPU with batches of 32).
        jobs.par_chunks(WRITE_BATCH).try_for_each(|chunk| {
            let mut done = Vec::with_capacity(chunk.len());
            for &job in chunk {
                let shell = self
                    .render_template(job)
                    .map_err(|e| self.on_page(job, e))?;
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
    }

    /// A hash of everything the page `job` is made from: its template, what the template sees,
    /// its sidebar's inputs, its Markdown body. Pages with unchanged fingerprints render to the
    /// same bytes, so `serve` renders only the pages whose fingerprint changed. The print page's
    /// placeholders differ on every run: it has no fingerprint.
    pub(crate) fn fingerprint(&self, job: Job) -> Option<u64> {
        if job == Job::Print {
            return None;
        }
        let view = kinds::view(self.site, job, &self.marks);
        let mut h = DefaultHasher::new();
        (view.template, &view.url).hash(&mut h);
        view.vars.hash_into(&mut h);
        self.sidebar_print(&view.place).hash(&mut h);
        if let Job::Page(i) = job {
            self.site.handbook.pages[i]
                .body
                .map(|b| self.site.markdown[b.0 as usize].serial)
                .hash(&mut h);
        }
        Some(h.finish())
    }

    /// The fingerprint of the sidebar's inputs at `place`, computed once per sidebar.
    fn sidebar_print(&self, place: &nav::NavPlace) -> u64 {
        let key = nav::key(&self.site.handbook, place);
        if let Some(&print) = lock(&self.sidebar_prints).get(&key) {
            return print;
        }
        let mut cx = Ctx::new(self.site, &place.url);
        place.root.clone_into(&mut cx.root);
        let mut h = DefaultHasher::new();
        let inputs = (
            nav::area_nav(&cx, place),
            nav::page_nav(&self.site.handbook, place),
        );
        let _ = serde_json::to_writer(frame::HashWriter(&mut h), &inputs);
        place.root.hash(&mut h);
        let print = h.finish();
        lock(&self.sidebar_prints).insert(key, print);
        print
    }

    /// Runs the template of `job`, with placeholders for the sidebar and the bodies.
    fn render_template(&self, job: Job) -> Result<Shell, RenderError> {
        let View {
            template,
            url,
            vars,
            place,
            nest_headings,
        } = kinds::view(self.site, job, &self.marks);
        let mut context = vars.into_context();
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
                    context.insert("content", &self.marks.mark("content"))
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
            context.insert("sidebar", &self.marks.mark("sidebar"));
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
        if nest_headings {
            html = nest::nest(&html);
        }
        let path = if job == Job::NotFound {
            "404.html".to_string()
        } else {
            urls::output_file(&url)
        };
        debug_assert_eq!(path, jobs::output_path(self.site, job));
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

    /// Names the page (and its source file) in an error that names no file of the handbook.
    fn on_page(&self, job: Job, e: RenderError) -> RenderError {
        let RenderError::Internal(e) = e else {
            return e;
        };
        let from = match job {
            Job::Page(i) => self.site.handbook.pages[i]
                .file
                .map(|f| format!(" (from {})", self.site.sources.get(f).rel)),
            _ => None,
        };
        let url = jobs::job_url(self.site, job);
        RenderError::Internal(e.context(format!(
            "cannot render the page /{url}{}",
            from.unwrap_or_default()
        )))
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
        // `deeper`: on `/print/`, each page's headings sit one level under the page's own
        // `<h2>` (at most `<h6>`), by the heading tags' level digits the renderer noted.
        let body = |out: &mut dyn Write, md: usize, id_prefix: &str, deeper: bool| {
            let rendered = &self.site.markdown[md];
            let html = rendered.html.as_str();
            let digits: &[u32] = if deeper { &rendered.level_digits } else { &[] };
            let mut result = Ok(());
            let mut push = |s: &str| {
                if result.is_ok() {
                    result = out.write_all(s.as_bytes());
                }
            };
            let mut last = 0;
            for &at in digits {
                let at = at as usize;
                localize_each(&html[last..at], &shell.root, id_prefix, &mut push);
                let level = (html.as_bytes()[at] - b'0' + 1).min(6);
                push(["1", "2", "3", "4", "5", "6"][usize::from(level) - 1]);
                last = at + 1;
            }
            localize_each(&html[last..], &shell.root, id_prefix, &mut push);
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
                Some(md) => body(out, md, "", false),
                None => Ok(()),
            },
            Piece::Mark(page) => {
                let md = page
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| Some((i, hb.pages.get(i)?.body?)));
                match md {
                    Some((i, md)) => body(out, md.0 as usize, &format!("p{i}-"), true),
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
        let mut cx = Ctx::new(self.site, &place.url);
        place.root.clone_into(&mut cx.root);
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &place.root);
        context.insert("nav_areas", &nav::area_nav(&cx, place));
        context.insert("nav_pages", &nav::page_nav(&self.site.handbook, place));
        let html = self
            .theme
            .tera
            .render("partials/nav.html", &context)
            .map_err(|e| self.theme.error(&e))?;
        let sidebar = Arc::new(nav::Sidebar::new(html));
        lock(&self.sidebars).insert(key, sidebar.clone());
        Ok(sidebar)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
