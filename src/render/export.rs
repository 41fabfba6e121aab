//! `handbook.json`: the whole validated model for other tools, with ids instead of indices and
//! Markdown as written.

use serde::Serialize;

use crate::model::urls;
use crate::model::{Expectation, MdId};
use crate::resolve::Site;

/// The export's format version; bumped on incompatible changes.
pub(crate) const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: u32,
    generator: String,
    title: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    values: Vec<serde_json::Value>,
    roles: Vec<serde_json::Value>,
    ladder: serde_json::Value,
    hiring: serde_json::Value,
    leaving: Option<serde_json::Value>,
    pages: Vec<PageExport<'a>>,
}

/// One page of the export, serialized straight from the model: at 10,000 pages, building a
/// `serde_json::Value` for each first cost about 2% of the build. Fields in alphabetical order,
/// as `serde_json::Map` (a sorted map) wrote them.
#[derive(Serialize)]
struct PageExport<'a> {
    aliases: Vec<String>,
    description: Option<&'a str>,
    draft: bool,
    extra: Option<&'a serde_json::Map<String, serde_json::Value>>,
    id: &'a str,
    kind: crate::model::PageKind,
    owner: Option<&'a str>,
    parent: Option<&'a str>,
    reviewed: Option<String>,
    source: Option<&'a str>,
    title: &'a str,
    url: &'a str,
    weight: Option<i64>,
}

/// Builds the export of `site`.
pub(crate) fn export(site: &Site) -> impl Serialize + '_ {
    let hb = &site.handbook;
    let md = |id: MdId| hb.md(id).text(&site.sources).to_string();
    let md_opt = |id: Option<MdId>| id.map(md);
    let mds = |ids: &[MdId]| ids.iter().map(|&i| md(i)).collect::<Vec<_>>();
    let value_id = |i: usize| hb.values[i].id.id.clone();
    let role_id = |i: usize| hb.roles[i].id.id.clone();
    let values = hb
        .values
        .iter()
        .map(|v| {
            serde_json::json!({
                "id": v.id.id, "name": v.name, "url": urls::value(&v.id.id),
                "summary": v.summary, "description": md_opt(v.description),
                "behaviours": mds(&v.behaviours), "anti_patterns": mds(&v.anti_patterns),
                "questions": mds(&v.questions),
            })
        })
        .collect();
    let roles = hb
        .roles
        .iter()
        .map(|r| {
            let track = r.track.map(|t| &hb.ladder.tracks[t.to]);
            serde_json::json!({
                "id": r.id.id, "title": r.title, "url": urls::role(&r.id.id),
                "source": site.sources.get(r.file).rel,
                "summary": r.summary, "description": md_opt(r.description),
                "values": r.values.iter().map(|v| value_id(v.to)).collect::<Vec<_>>(),
                "traits": r.traits.iter().map(|t| serde_json::json!({
                    "name": t.name, "value": t.value.map(|v| value_id(v.to)),
                    "description": md_opt(t.description),
                })).collect::<Vec<_>>(),
                "responsibilities": mds(&r.responsibilities),
                "track": track.map(|t| t.id.id.clone()),
                "levels": r.levels.iter().filter_map(|l| track.map(|t| t.levels[l.to].id.id.clone())).collect::<Vec<_>>(),
                "reports_to": r.reports_to.map(|m| role_id(m.to)),
                "hiring_stages": r.hiring_stages.as_ref().map(|s| s.iter().map(|x| hb.hiring.stages[x.to].id.id.clone()).collect::<Vec<_>>()),
                "kits": r.levels.iter().filter_map(|l| track.map(|t| {
                    let level = &t.levels[l.to].id.id;
                    serde_json::json!({
                        "level": level,
                        "interview": urls::interview(&r.id.id, level),
                        "job": urls::job(&r.id.id, level),
                        "job_markdown": urls::job_markdown(&r.id.id, level),
                    })
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let expectation = |e: &Expectation| match e {
        Expectation::Text(t) => serde_json::json!(md(*t)),
        Expectation::Criteria(c) => serde_json::json!(
            c.iter()
                .map(|c| serde_json::json!({"text": md(c.text), "examples": mds(&c.examples)}))
                .collect::<Vec<_>>()
        ),
    };
    let ladder = serde_json::json!({
        "description": md_opt(hb.ladder.description),
        "competencies": hb.ladder.competencies.iter().map(|c| serde_json::json!({
            "id": c.id.id, "name": c.name, "group": c.group, "url": urls::competency(&c.id.id),
            "description": md_opt(c.description),
            "values": c.values.iter().map(|v| value_id(v.to)).collect::<Vec<_>>(),
            "questions": mds(&c.questions),
        })).collect::<Vec<_>>(),
        "tracks": hb.ladder.tracks.iter().map(|t| serde_json::json!({
            "id": t.id.id, "name": t.name, "url": urls::track(&t.id.id),
            "summary": t.summary, "group": t.group, "cumulative": t.cumulative,
            "description": md_opt(t.description),
            "competencies": t.competencies.iter().map(|c| hb.ladder.competencies[c.competency.to].id.id.clone()).collect::<Vec<_>>(),
            "wording": t.competencies.iter().filter(|c| c.name.is_some() || c.description.is_some()).map(|c| (
                hb.ladder.competencies[c.competency.to].id.id.clone(),
                serde_json::json!({"name": c.name, "description": md_opt(c.description)}),
            )).collect::<serde_json::Map<_, _>>(),
            "levels": t.levels.iter().map(|l| serde_json::json!({
                "id": l.id.id, "code": l.code, "title": l.title, "summary": l.summary,
                "url": urls::level(&t.id.id, &l.id.id), "description": md_opt(l.description),
                "expectations": l.expectations.iter().map(|(c, e)| (hb.ladder.competencies[*c].id.id.clone(), expectation(e))).collect::<serde_json::Map<_, _>>(),
                "not_expected": l.not_expected.iter().map(|c| hb.ladder.competencies[*c].id.id.clone()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let hiring = serde_json::json!({
        "description": md_opt(hb.hiring.description),
        "stages": hb.hiring.stages.iter().map(|s| serde_json::json!({
            "id": s.id.id, "name": s.name, "url": urls::stage(&s.id.id), "summary": s.summary,
            "owner": s.owner.map(|o| role_id(o.to)),
            "assesses": s.assesses.iter().map(|v| value_id(v.to)).collect::<Vec<_>>(),
            "competencies": s.competencies.iter().map(|c| hb.ladder.competencies[c.to].id.id.clone()).collect::<Vec<_>>(),
            "guidance": md_opt(s.guidance),
        })).collect::<Vec<_>>(),
    });
    let leaving = hb.leaving.as_ref().map(|l| {
        serde_json::json!({
            "description": md_opt(l.description),
            "principles": l.principles.iter().map(|p| serde_json::json!({"title": p.title, "body": md_opt(p.body)})).collect::<Vec<_>>(),
            "offboarding": l.offboarding.iter().map(|o| serde_json::json!({"item": md(o.item), "owner": o.owner.map(|r| role_id(r.to))})).collect::<Vec<_>>(),
            "alumni": md_opt(l.alumni),
        })
    });
    let pages = hb
        .pages
        .iter()
        .map(|p| PageExport {
            aliases: p
                .aliases
                .iter()
                .map(|a| format!("/{}", a.path.trim_end_matches("index.html")))
                .collect(),
            description: p.description.as_deref(),
            draft: p.draft,
            extra: p.extra.as_ref(),
            id: &p.id,
            kind: p.kind,
            owner: p.owner.map(|o| hb.roles[o.to].id.id.as_str()),
            parent: p.parent.map(|a| hb.pages[a].id.as_str()),
            reviewed: p.reviewed.map(|d| d.to_string()),
            source: p.source.as_deref(),
            title: &p.title,
            url: &p.url,
            weight: p.weight,
        })
        .collect();
    Export {
        format: FORMAT,
        generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
        title: &hb.config.title,
        description: hb.config.description_text.as_deref(),
        base_url: hb.config.base_url.as_deref(),
        values,
        roles,
        ladder,
        hiring,
        leaving,
        pages,
    }
}
