//! Contexts of the free pages (home, sections, pages), the one-page print view and the 404
//! page.

use serde::Serialize;
use tera::Context;

use super::Built;
use super::PageMeta;
use super::entities;
use super::nav::{Area, NavPlace};
use super::splice::Marks;
use super::views::{Ctx, Link, LinkRef, TocItem};
use crate::model::PageKind;
use crate::model::urls;
use crate::resolve::Site;
use crate::validate::is_stale;

#[derive(Serialize)]
struct ChildView<'a> {
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
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
    // `content` is added by the renderer: a placeholder for the body (see `splice`).
    let rendered = p.body.map(|b| &site.markdown[b.0 as usize]);
    let toc: Vec<TocItem> = rendered
        .map(|r| {
            r.headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocItem {
                    level: h.level,
                    id: &h.id,
                    text: &h.text,
                })
                .collect()
        })
        .unwrap_or_default();
    context.insert("toc", &toc);
    let children: Vec<ChildView> = p
        .children
        .iter()
        .map(|&c| {
            let child = &hb.pages[c];
            ChildView {
                title: &child.title,
                url: &child.url,
                description: child.description.as_deref(),
                section: !child.children.is_empty() || child.kind == PageKind::Section,
            }
        })
        .collect();
    context.insert("children", &children);
    let link = |j: usize| LinkRef {
        title: &hb.pages[j].title,
        url: &hb.pages[j].url,
    };
    let mut crumbs = Vec::new();
    let mut at = p.parent;
    while let Some(a) = at {
        crumbs.push(link(a));
        at = hb.pages[a].parent;
    }
    crumbs.reverse();
    if p.kind == PageKind::Home {
        context.insert("home", &entities::home_view(&cx, i));
        if let Some(d) = hb.config.description {
            context.insert("description", &cx.html(d));
        }
    }
    let prev = i.checked_sub(1).map(link);
    let next = (i + 1 < hb.pages.len()).then(|| link(i + 1));
    let nav = common_views(
        &mut context,
        &cx,
        meta,
        &crumbs,
        &prev,
        &next,
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
    common_views(context, cx, meta, &breadcrumbs, &prev, &next, area, page)
}

/// [`common`], with links in any serializable form (free pages borrow theirs).
#[allow(clippy::too_many_arguments)]
fn common_views(
    context: &mut Context,
    cx: &Ctx,
    meta: PageMeta,
    breadcrumbs: &impl Serialize,
    prev: &impl Serialize,
    next: &impl Serialize,
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
    context.insert("breadcrumbs", breadcrumbs);
    context.insert("prev", prev);
    context.insert("next", next);
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
/// Each page's `html` is a placeholder from `marks` the renderer replaces with its body.
pub fn print(site: &Site, marks: &Marks) -> Built {
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
                // A 10,000-page handbook's bodies are tens of megabytes that needn't pass
                // through the template engine.
                html: marks.mark(&i.to_string()),
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
