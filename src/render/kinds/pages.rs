//! The free pages: home, sections and pages from `pages/`, and the 404 page.

use crate::render::frame::Vars;
use serde::Serialize;

use super::values::value_card;
use crate::model::PageKind;
use crate::render::frame::{Frame, PageMeta, View};
use crate::render::nav::Area;
use crate::render::views::{Ctx, Link, TocItem};
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
pub(super) fn page(site: &Site, i: usize) -> View {
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
    meta.extra = p.extra.clone();
    let rendered = p.body.map(|b| &site.markdown[b.0 as usize]);
    if let Some(id) = rendered.and_then(|r| r.title_id.as_ref()) {
        meta.title_id = id.clone();
    }
    let mut context = Vars::new();
    // `content` is added by the renderer: a placeholder for the body (see `splice`).
    let toc: Vec<TocItem> = rendered
        .map(|r| {
            r.headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocItem {
                    level: h.level,
                    id: h.id.as_str().into(),
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
    let link = |j: usize| Link::new(&hb.pages[j].title, &hb.pages[j].url);
    let mut crumbs = Vec::new();
    let mut at = p.parent;
    while let Some(a) = at {
        // The home page is the breadcrumbs' first link already ("Home").
        if hb.pages[a].kind != PageKind::Home {
            crumbs.push(link(a));
        }
        at = hb.pages[a].parent;
    }
    crumbs.reverse();
    if p.kind == PageKind::Home {
        context.insert("home", &home_view(&cx));
        if let Some(d) = hb.config.description {
            context.insert("description", &cx.html(d));
        }
    }
    let frame = Frame {
        meta,
        crumbs,
        prev: i.checked_sub(1).map(link),
        next: (i + 1 < hb.pages.len()).then(|| link(i + 1)),
        area: Area::Pages,
        page: Some(i),
    };
    frame.view(&cx, template, p.url.clone(), context)
}

/// The home page's overview of the handbook.
fn home_view(cx: &Ctx) -> serde_json::Value {
    let hb = cx.hb();
    serde_json::json!({
        "values": (0..hb.values.len()).map(|i| value_card(cx, i)).collect::<Vec<_>>(),
        "roles": (0..hb.roles.len()).map(|r| cx.role(r)).collect::<Vec<_>>(),
        "tracks": (0..hb.ladder.tracks.len()).map(|t| cx.track(t)).collect::<Vec<_>>(),
        "stages": (0..hb.hiring.stages.len()).map(|s| cx.stage(s)).collect::<Vec<_>>(),
        "has_leaving": hb.leaving.is_some(),
    })
}

/// The 404 page. GitHub Pages serves it for missing URLs at any depth, where relative links
/// would resolve against the missing URL, so with a `base_url` its links are absolute.
pub(super) fn not_found(site: &Site) -> View {
    let hb = &site.handbook;
    let url = String::new();
    let mut cx = Ctx::new(site, &url);
    if let Some(base) = &hb.config.base_url {
        cx.root = base.clone();
    }
    let context = Vars::new();
    let meta = PageMeta::new(&cx, "not-found", "Page not found", "404.html", None);
    let mut meta = meta;
    meta.canonical = None;
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: None,
        next: None,
        area: Area::Pages,
        page: None,
    };
    frame.view(&cx, "404.html", url, context)
}
