//! Contexts of the free pages (home, sections, pages), the one-page print view and the 404
//! page.

use std::io::{self, Write};

use serde::Serialize;
use tera::Context;

use super::Built;
use super::PageMeta;
use super::entities;
use super::nav::{Area, NavPlace};
use super::views::{Ctx, Link, TocItem};
use crate::markdown::{localize, localize_each};
use crate::model::PageKind;
use crate::site::{Site, urls};
use crate::validate::is_stale;

#[derive(Serialize)]
struct ChildView {
    title: String,
    url: String,
    description: Option<String>,
    section: bool,
}

/// Template name, URL and context of page `i`.
pub fn page(site: &Site, i: usize) -> Built {
    let hb = &site.handbook;
    let p = &hb.pages[i];
    let cx = Ctx::new(site, &p.url);
    let (template, kind) = match p.kind {
        PageKind::Home => ("home.html", "home"),
        PageKind::Section => ("section.html", "section"),
        PageKind::Leaf => ("page.html", "page"),
    };
    let mut meta = PageMeta::new(&cx, kind, &p.title, &p.url, p.source.as_deref());
    meta.description = p.description.clone().or_else(|| {
        (p.kind == PageKind::Home)
            .then(|| hb.config.description_text.clone())
            .flatten()
    });
    meta.owner = p.owner.map(|o| cx.role(o.to));
    meta.reviewed = p.reviewed.map(|d| d.to_string());
    meta.stale = is_stale(p.reviewed, hb.config.review_after_days, site.options.today);
    let mut context = Context::new();
    let rendered = p.body.map(|b| &site.markdown[b.0 as usize]);
    let content = rendered.map(|r| localize(&r.html, &cx.root, ""));
    let toc: Vec<TocItem> = rendered
        .map(|r| {
            r.headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocItem {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    context.insert("content", &content);
    context.insert("toc", &toc);
    let children: Vec<ChildView> = p
        .children
        .iter()
        .map(|&c| {
            let child = &hb.pages[c];
            ChildView {
                title: child.title.clone(),
                url: child.url.clone(),
                description: child.description.clone(),
                section: !child.children.is_empty() || child.kind == PageKind::Section,
            }
        })
        .collect();
    context.insert("children", &children);
    let mut crumbs = Vec::new();
    let mut at = p.parent;
    while let Some(a) = at {
        crumbs.push(Link::new(&hb.pages[a].title, &hb.pages[a].url));
        at = hb.pages[a].parent;
    }
    crumbs.reverse();
    if p.kind == PageKind::Home {
        context.insert("home", &entities::home_view(&cx, i));
        if let Some(d) = hb.config.description {
            context.insert("description", &cx.html(d));
        }
    }
    let prev = i
        .checked_sub(1)
        .map(|j| Link::new(&hb.pages[j].title, &hb.pages[j].url));
    let next = hb.pages.get(i + 1).map(|n| Link::new(&n.title, &n.url));
    let nav = common(
        &mut context,
        &cx,
        meta,
        crumbs,
        prev,
        next,
        Area::Pages,
        Some(i),
    );
    (template, p.url.clone(), context, nav)
}

/// Inserts what every page has (root, page meta, breadcrumbs, previous/next) and says where
/// the page sits in the sidebar, which the renderer adds from its cache.
#[allow(clippy::too_many_arguments)]
pub fn common(
    context: &mut Context,
    cx: &Ctx,
    meta: PageMeta,
    breadcrumbs: Vec<Link>,
    prev: Option<Link>,
    next: Option<Link>,
    area: Area,
    page: Option<usize>,
) -> NavPlace {
    context.insert("root", &cx.root);
    let place = NavPlace {
        area,
        page,
        url: meta.url.clone(),
        root: cx.root.clone(),
    };
    context.insert("page", &meta);
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert("prev", &prev);
    context.insert("next", &next);
    place
}

#[derive(Serialize)]
struct PrintPage {
    id: String,
    title: String,
    depth: usize,
    html: String,
}

/// The whole handbook on one page, in navigation order: free pages, then values, roles,
/// ladder, hiring and leaving.
pub fn print(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = urls::PRINT.to_string();
    let cx = Ctx::new(site, &url);
    let pages: Vec<PrintPage> = hb
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut depth = 0;
            let mut at = p.parent;
            while let Some(a) = at {
                depth += 1;
                at = hb.pages[a].parent;
            }
            PrintPage {
                id: format!("p{i}"),
                title: p.title.clone(),
                depth,
                // The bodies are spliced into the rendered page afterwards (see
                // `splice_print_bodies`): a 10,000-page handbook's bodies are tens of megabytes
                // that needn't pass through the template engine.
                html: format!("{BODY}{i}{BODY}"),
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert("pages", &pages);
    context.insert("book", &entities::print_view(&cx));
    let meta = PageMeta::new(
        &cx,
        "print",
        &format!("{} (print)", hb.config.title),
        &url,
        None,
    );
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        None,
        None,
        Area::Pages,
        None,
    );
    ("print.html", url, context, nav)
}

/// Marks where a page body goes in the rendered print page.
const BODY: char = '\u{1e}';

/// Replaces the body markers of the rendered print page with the pages' bodies, each with its
/// heading ids prefixed `p<i>-` so they stay unique on one page.
pub fn splice_print_bodies(site: &Site, rendered: &[u8]) -> String {
    let mut out = Vec::with_capacity(print_size(site, rendered));
    // Writing to memory cannot fail.
    let _ = write_print_bodies(site, rendered, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The size of the print page once its bodies are spliced in, roughly.
pub fn print_size(site: &Site, rendered: &[u8]) -> usize {
    let bodies: usize = site
        .handbook
        .pages
        .iter()
        .filter_map(|p| p.body)
        .map(|b| site.markdown[b.0 as usize].html.len())
        .sum();
    rendered.len() + bodies + bodies / 16
}

/// [`splice_print_bodies`], written to `out` as it goes: a 10,000-page handbook's print page
/// is tens of megabytes that needn't be held in memory at once.
pub fn write_print_bodies(site: &Site, rendered: &[u8], out: &mut dyn Write) -> io::Result<()> {
    let root = urls::root_prefix(urls::PRINT);
    let mut result = Ok(());
    let mut push = |s: &[u8]| {
        if result.is_ok() {
            result = out.write_all(s);
        }
    };
    let mut parts = rendered.split(|&b| b == BODY as u8);
    push(parts.next().unwrap_or_default());
    while let (Some(index), Some(after)) = (parts.next(), parts.next()) {
        let body = std::str::from_utf8(index)
            .ok()
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| site.handbook.pages.get(i).map(|p| (i, p)));
        if let Some((i, p)) = body {
            if let Some(b) = p.body {
                let prefix = format!("p{i}-");
                localize_each(&site.markdown[b.0 as usize].html, &root, &prefix, |s| {
                    push(s.as_bytes())
                });
            }
        }
        push(after);
    }
    result
}

/// The 404 page. GitHub Pages serves it for missing URLs at any depth, where relative links
/// would resolve against the missing URL, so with a `base_url` its links are absolute.
pub fn not_found(site: &Site) -> Built {
    let hb = &site.handbook;
    let url = String::new();
    let mut cx = Ctx::new(site, &url);
    if let Some(base) = &hb.config.base_url {
        cx.root = base.clone();
    }
    let mut context = Context::new();
    let meta = PageMeta::new(&cx, "not-found", "Page not found", "404.html", None);
    let mut meta = meta;
    meta.canonical = None;
    let nav = common(
        &mut context,
        &cx,
        meta,
        Vec::new(),
        None,
        None,
        Area::Pages,
        None,
    );
    ("404.html", url, context, nav)
}
