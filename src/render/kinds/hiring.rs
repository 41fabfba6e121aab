//! `/hiring/` with the pipeline diagram, and a page per hiring stage.

use crate::render::frame::Vars;
use serde::Serialize;

use super::values::value_card;
use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View, area_next, area_prev, crumbs, yaml_source};
use crate::render::nav::Area;
use crate::render::svg;
use crate::render::views::{Ctx, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct StageCard {
    name: String,
    url: String,
    summary: Option<String>,
    owner: Option<Link>,
    assesses: Vec<Link>,
}

fn stage_card(cx: &Ctx, s: usize) -> StageCard {
    let st = &cx.hb().hiring.stages[s];
    StageCard {
        name: st.name.clone(),
        url: urls::stage(&st.id.id),
        summary: st.summary.clone(),
        owner: st.owner.map(|o| cx.role(o.to)),
        assesses: st.assesses.iter().map(|v| cx.value(v.to)).collect(),
    }
}

pub(super) fn hiring_index(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::HIRING.to_string();
    let cx = Ctx::new(site, &url);
    let stages: Vec<StageCard> = (0..hb.hiring.stages.len())
        .map(|s| stage_card(&cx, s))
        .collect();
    let mut context = Vars::new();
    context.insert("intro", &cx.intro(hb.hiring.description, hb.intros.hiring));
    context.insert("stages", &stages);
    context.insert("pipeline", &svg::pipeline(hb, &cx.root));
    let meta = PageMeta::new(
        &cx,
        "hiring",
        "Hiring",
        &url,
        yaml_source(site, "hiring.yaml").as_deref(),
    );
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: area_prev(hb, Area::Hiring),
        next: area_next(hb, Area::Hiring),
        area: Area::Hiring,
        page: None,
    };
    frame.view(&cx, "hiring.html", url, context)
}

pub(super) fn stage(site: &Site, s: usize) -> View {
    let hb = &site.handbook;
    let st = &hb.hiring.stages[s];
    let url = urls::stage(&st.id.id);
    let cx = Ctx::new(site, &url);
    let roles: Vec<Link> = hb
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| match &r.hiring_stages {
            Some(list) => list.iter().any(|x| x.to == s),
            None => true,
        })
        .map(|(r, _)| cx.role(r))
        .collect();
    let mut context = Vars::new();
    context.insert(
        "stage",
        &serde_json::json!({
            "id": st.id.id,
            "name": st.name,
            "summary": st.summary,
            "guidance": cx.html_opt(st.guidance),
            "owner": st.owner.map(|o| cx.role(o.to)),
            "assesses": st.assesses.iter().map(|v| value_card(&cx, v.to)).collect::<Vec<_>>(),
            "competencies": st.competencies.iter().map(|c| cx.competency(c.to)).collect::<Vec<_>>(),
            "roles": roles,
            "position": s + 1,
            "count": hb.hiring.stages.len(),
        }),
    );
    let mut meta = PageMeta::new(
        &cx,
        "stage",
        &st.name,
        &url,
        yaml_source(site, "hiring.yaml").as_deref(),
    );
    meta.description = st.summary.clone();
    let prev = s.checked_sub(1).map(|j| cx.stage(j));
    let next = (s + 1 < hb.hiring.stages.len()).then(|| cx.stage(s + 1));
    let frame = Frame {
        meta,
        crumbs: crumbs(("Hiring", urls::HIRING)),
        prev,
        next,
        area: Area::Hiring,
        page: None,
    };
    frame.view(&cx, "stage.html", url, context)
}
