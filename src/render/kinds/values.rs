//! `/values/` with the role × value matrix, and a page per value listing the roles, traits,
//! competencies and hiring stages that use it.

use crate::render::frame::Vars;
use serde::Serialize;

use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, View, area_next, crumbs, yaml_source};
use crate::render::nav::Area;
use crate::render::views::{Ctx, Link};
use crate::resolve::Site;

/// A value in lists.
#[derive(Serialize)]
pub(super) struct ValueCard {
    id: String,
    name: String,
    url: String,
    summary: Option<String>,
}

pub(super) fn value_card(cx: &Ctx, i: usize) -> ValueCard {
    let v = &cx.hb().values[i];
    ValueCard {
        id: v.id.id.clone(),
        name: v.name.clone(),
        url: urls::value(&v.id.id),
        summary: v.summary.clone(),
    }
}

#[derive(Serialize)]
struct MatrixRow {
    role: Link,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
struct MatrixCell {
    mapped: bool,
    traits: Vec<String>,
}

pub(super) fn values_index(site: &Site) -> View {
    let hb = &site.handbook;
    let url = urls::VALUES.to_string();
    let cx = Ctx::new(site, &url);
    let cards: Vec<ValueCard> = (0..hb.values.len()).map(|i| value_card(&cx, i)).collect();
    let rows: Vec<MatrixRow> = hb
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| MatrixRow {
            role: cx.role(r),
            cells: (0..hb.values.len())
                .map(|v| MatrixCell {
                    mapped: role.values.iter().any(|x| x.to == v),
                    traits: role
                        .traits
                        .iter()
                        .filter(|t| t.value.is_some_and(|x| x.to == v))
                        .map(|t| t.name.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut context = Vars::new();
    context.insert("intro", &cx.intro(hb.values_intro, hb.intros.values));
    context.insert("values", &cards);
    context.insert("matrix", &rows);
    let meta = PageMeta::new(
        &cx,
        "values",
        "Values",
        &url,
        yaml_source(site, "values.yaml").as_deref(),
    );
    let frame = Frame {
        meta,
        crumbs: Vec::new(),
        prev: None,
        next: area_next(hb, Area::Values),
        area: Area::Values,
        page: None,
    };
    frame.view(&cx, "values.html", url, context)
}

#[derive(Serialize)]
struct RoleUse {
    role: Link,
    traits: Vec<String>,
}

#[derive(Serialize)]
struct ValueView {
    id: String,
    name: String,
    summary: Option<String>,
    description: Option<String>,
    behaviours: Vec<String>,
    anti_patterns: Vec<String>,
    questions: Vec<String>,
    roles: Vec<RoleUse>,
    competencies: Vec<Link>,
    stages: Vec<Link>,
}

pub(super) fn value(site: &Site, i: usize) -> View {
    let hb = &site.handbook;
    let v = &hb.values[i];
    let url = urls::value(&v.id.id);
    let cx = Ctx::new(site, &url);
    let view = ValueView {
        id: v.id.id.clone(),
        name: v.name.clone(),
        summary: v.summary.clone(),
        description: cx.html_opt(v.description),
        behaviours: cx.html_list(&v.behaviours),
        anti_patterns: cx.html_list(&v.anti_patterns),
        questions: cx.html_list(&v.questions),
        roles: hb
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| r.values.iter().any(|x| x.to == i))
            .map(|(r, role)| RoleUse {
                role: cx.role(r),
                traits: role
                    .traits
                    .iter()
                    .filter(|t| t.value.is_some_and(|x| x.to == i))
                    .map(|t| t.name.clone())
                    .collect(),
            })
            .collect(),
        competencies: hb
            .ladder
            .competencies
            .iter()
            .enumerate()
            .filter(|(_, c)| c.values.iter().any(|x| x.to == i))
            .map(|(c, _)| cx.competency(c))
            .collect(),
        stages: hb
            .hiring
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.assesses.iter().any(|x| x.to == i))
            .map(|(s, _)| cx.stage(s))
            .collect(),
    };
    let mut context = Vars::new();
    context.insert("value", &view);
    context.insert("toc", &cx.toc(&[v.description]));
    let mut meta = PageMeta::new(
        &cx,
        "value",
        &v.name,
        &url,
        yaml_source(site, "values.yaml").as_deref(),
    );
    meta.description = v.summary.clone();
    let prev = i.checked_sub(1).map(|j| cx.value(j));
    let next = (i + 1 < hb.values.len()).then(|| cx.value(i + 1));
    let frame = Frame {
        meta,
        crumbs: crumbs(("Values", urls::VALUES)),
        prev,
        next,
        area: Area::Values,
        page: None,
    };
    frame.view(&cx, "value.html", url, context)
}
