//! `/roles/` with the org chart, and a page per role: its values and the traits derived from
//! them, its ladder levels, hiring stages and reporting line.

use crate::render::frame::Vars;
use serde::Serialize;

use super::values::{ValueCard, value_card};
use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View, area_next, area_prev, crumbs};
use crate::render::nav::Area;
use crate::render::svg;
use crate::render::views::LevelLink;
use crate::render::views::{Ctx, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct RoleCard {
    title: String,
    url: String,
    summary: Option<String>,
    values: Vec<Link>,
    track: Option<Link>,
    reports_to: Option<Link>,
}

pub(super) fn roles_index(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::ROLES.to_string();
    let cx = Ctx::new(site, &url);
    let cards: Vec<RoleCard> = hb
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| RoleCard {
            title: role.title.clone(),
            url: cx.role(r).url,
            summary: role.summary.clone(),
            values: role.values.iter().map(|v| cx.value(v.to)).collect(),
            track: role.track.map(|t| cx.track(t.to)),
            reports_to: role.reports_to.map(|m| cx.role(m.to)),
        })
        .collect();
    let mut context = Vars::new();
    context.insert("roles", &cards);
    context.insert("intro", &cx.intro(None, hb.intros.roles));
    context.insert("org_chart", &svg::org_chart(hb, &cx.root));
    let meta = PageMeta::new(&cx, "roles", "Roles", &url, None);
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: area_prev(hb, Area::Roles),
        next: area_next(hb, Area::Roles),
        area: Area::Roles,
        page: None,
    };
    frame.view(&cx, "roles.html", url, context)
}

#[derive(Serialize)]
struct TraitView {
    name: String,
    value: Option<Link>,
    description: Option<String>,
}

#[derive(Serialize)]
struct RoleView {
    id: String,
    title: String,
    summary: Option<String>,
    description: Option<String>,
    values: Vec<ValueCard>,
    traits: Vec<TraitView>,
    responsibilities: Vec<String>,
    track: Option<Link>,
    levels: Vec<LevelLink>,
    stages: Vec<Link>,
    all_stages: bool,
    reports_to: Option<Link>,
    direct_reports: Vec<Link>,
    kits: Vec<KitLinks>,
}

/// A role's interview kit and job description at one level.
#[derive(Serialize)]
struct KitLinks {
    level: LevelLink,
    interview: String,
    job: String,
    markdown: String,
}

pub(super) fn role(site: &Site, r: usize) -> View {
    let hb = &site.handbook;
    let role = &hb.roles[r];
    let url = urls::role(&role.id.id);
    let cx = Ctx::new(site, &url);
    let stages: Vec<Link> = match &role.hiring_stages {
        Some(s) => s.iter().map(|x| cx.stage(x.to)).collect(),
        None => (0..hb.hiring.stages.len()).map(|s| cx.stage(s)).collect(),
    };
    let view = RoleView {
        id: role.id.id.clone(),
        title: role.title.clone(),
        summary: role.summary.clone(),
        description: cx.html_opt(role.description),
        values: role.values.iter().map(|v| value_card(&cx, v.to)).collect(),
        traits: role
            .traits
            .iter()
            .map(|t| TraitView {
                name: t.name.clone(),
                value: t.value.map(|v| cx.value(v.to)),
                description: cx.html_opt(t.description),
            })
            .collect(),
        responsibilities: cx.html_list(&role.responsibilities),
        track: role.track.map(|t| cx.track(t.to)),
        levels: role
            .track
            .map(|t| role.levels.iter().map(|l| cx.level(t.to, l.to)).collect())
            .unwrap_or_default(),
        stages,
        all_stages: role.hiring_stages.is_none(),
        reports_to: role.reports_to.map(|m| cx.role(m.to)),
        direct_reports: hb
            .roles
            .iter()
            .enumerate()
            .filter(|(_, x)| x.reports_to.is_some_and(|m| m.to == r))
            .map(|(i, _)| cx.role(i))
            .collect(),
        kits: match role.track {
            Some(t) => role
                .levels
                .iter()
                .map(|l| {
                    let level = &hb.ladder.tracks[t.to].levels[l.to].id.id;
                    KitLinks {
                        level: cx.level(t.to, l.to),
                        interview: urls::interview(&role.id.id, level),
                        job: urls::job(&role.id.id, level),
                        markdown: urls::job_markdown(&role.id.id, level),
                    }
                })
                .collect(),
            None => Vec::new(),
        },
    };
    let mut context = Vars::new();
    context.insert("role", &view);
    context.insert("toc", &cx.toc(&[role.description]));
    let mut meta = PageMeta::new(
        &cx,
        "role",
        &role.title,
        &url,
        Some(site.sources.get(role.file).rel.as_str()),
    );
    meta.description = role.summary.clone();
    let prev = r.checked_sub(1).map(|j| cx.role(j));
    let next = (r + 1 < hb.roles.len()).then(|| cx.role(r + 1));
    let frame = Frame {
        meta,
        crumbs: crumbs(("Roles", urls::ROLES)),
        prev,
        next,
        area: Area::Roles,
        page: None,
    };
    frame.view(&cx, "role.html", url, context)
}
