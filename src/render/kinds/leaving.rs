//! `/leaving/`: principles, the offboarding checklist and alumni.

use crate::render::frame::Vars;
use serde::Serialize;

use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View, area_prev, yaml_source};
use crate::render::nav::Area;
use crate::render::views::{Ctx, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct PrincipleView {
    id: String,
    title: String,
    body: Option<String>,
}

#[derive(Serialize)]
struct ChecklistItem {
    html: String,
    owner: Option<Link>,
}

#[derive(Serialize)]
pub(super) struct LeavingView {
    intro: Option<String>,
    principles: Vec<PrincipleView>,
    offboarding: Vec<ChecklistItem>,
    alumni: Option<String>,
}

pub(super) fn leaving_view(cx: &Ctx) -> Option<LeavingView> {
    let l = cx.hb().leaving.as_ref()?;
    Some(LeavingView {
        intro: cx.intro(l.description, cx.hb().intros.leaving),
        principles: l
            .principles
            .iter()
            .enumerate()
            .map(|(i, p)| PrincipleView {
                id: format!("principle-{}", i + 1),
                title: p.title.clone(),
                body: cx.html_opt(p.body),
            })
            .collect(),
        offboarding: l
            .offboarding
            .iter()
            .map(|o| ChecklistItem {
                html: cx.html(o.item),
                owner: o.owner.map(|r| cx.role(r.to)),
            })
            .collect(),
        alumni: cx.html_opt(l.alumni),
    })
}

pub(super) fn leaving(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::LEAVING.to_string();
    let cx = Ctx::new(site, &url);
    let mut context = Vars::new();
    context.insert("leaving", &leaving_view(&cx));
    if let Some(l) = &hb.leaving {
        context.insert("toc", &cx.toc(&[l.description, hb.intros.leaving]));
    }
    let meta = PageMeta::new(
        &cx,
        "leaving",
        "Leaving",
        &url,
        yaml_source(site, "leaving.yaml").as_deref(),
    );
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: area_prev(hb, Area::Leaving),
        next: None,
        area: Area::Leaving,
        page: None,
    };
    frame.view(&cx, "leaving.html", url, context)
}
