//! `/ladder/<track>/compare/<a>/<b>/`: two levels of a track side by side, per competency in
//! the track's order and groups, for a promotion case ("what changes from L2 to L4"). Where the
//! two share criteria, what only the higher level asks is marked added and what only the lower
//! asks is marked as such; where they share nothing, nothing is marked (a badge on every item
//! says nothing). On a cumulative track each side is the level's whole bar.

use serde::Serialize;

use super::ladder::grouped;
use crate::model::urls;
use crate::render::frame::{Frame, PageMeta, Vars, View};
use crate::render::nav::Area;
use crate::render::views::{Ctx, ExpectationView, Link};
use crate::resolve::Site;

#[derive(Serialize)]
struct CompareGroup {
    name: Option<String>,
    rows: Vec<CompareRow>,
}

#[derive(Serialize)]
struct CompareRow {
    competency: Link,
    id: String,
    lower: ExpectationView,
    higher: ExpectationView,
    /// Both levels ask the same.
    same: bool,
}

/// A criterion's text as compared: its HTML with whitespace collapsed.
fn key(html: &str) -> String {
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks the criteria only one side has (`new` on the higher side means added, on the lower
/// side only there) when the sides share any; returns whether both sides ask the same.
fn mark(lower: &mut ExpectationView, higher: &mut ExpectationView) -> bool {
    let texts = |e: &ExpectationView| -> Vec<String> {
        match &e.html {
            Some(h) => vec![key(h)],
            None => e.criteria.iter().map(|c| key(&c.html)).collect(),
        }
    };
    let (low, high) = (texts(lower), texts(higher));
    if low == high {
        return true;
    }
    if !high.iter().any(|h| low.contains(h)) {
        return false;
    }
    for c in &mut higher.criteria {
        c.new = !low.contains(&key(&c.html));
    }
    for c in &mut lower.criteria {
        c.new = !high.contains(&key(&c.html));
    }
    false
}

pub(super) fn compare(site: &Site, t: usize, a: usize, b: usize) -> View {
    let hb = &site.handbook;
    let track = &hb.ladder.tracks[t];
    let url = urls::compare(&track.id.id, &track.levels[a].id.id, &track.levels[b].id.id);
    let cx = Ctx::new(site, &url);
    let groups: Vec<CompareGroup> = grouped(hb, t)
        .into_iter()
        .map(|(name, comps)| CompareGroup {
            name,
            rows: comps
                .into_iter()
                .map(|c| {
                    let mut lower = cx.with_ids(format!("a-{c}-")).bar(t, a, c);
                    let mut higher = cx.with_ids(format!("b-{c}-")).bar(t, b, c);
                    let same = mark(&mut lower, &mut higher);
                    CompareRow {
                        competency: cx.track_competency(t, c),
                        id: hb.ladder.competencies[c].id.id.clone(),
                        lower,
                        higher,
                        same,
                    }
                })
                .collect(),
        })
        .collect();
    // Every other pair of the track, for moving between comparisons.
    let pairs: Vec<serde_json::Value> = (0..track.levels.len())
        .flat_map(|x| (x + 1..track.levels.len()).map(move |y| (x, y)))
        .map(|(x, y)| {
            let current = (x, y) == (a, b);
            serde_json::json!({
                "lower": cx.level(t, x).title,
                "higher": cx.level(t, y).title,
                "url": urls::compare(&track.id.id, &track.levels[x].id.id, &track.levels[y].id.id),
                "current": current,
            })
        })
        .collect();
    let marked = groups.iter().flat_map(|g| &g.rows).any(|r| {
        r.lower
            .criteria
            .iter()
            .chain(&r.higher.criteria)
            .any(|c| c.new)
    });
    let mut context = Vars::new();
    context.insert(
        "compare",
        &serde_json::json!({
            "marked": marked,
            "track": cx.track(t),
            "lower": cx.level(t, a),
            "higher": cx.level(t, b),
            "cumulative": track.cumulative,
            "pairs": pairs,
        }),
    );
    context.insert("groups", &groups);
    let (la, lb) = (cx.level(t, a), cx.level(t, b));
    let title = format!("{} → {}", la.title, lb.title);
    let mut meta = PageMeta::new(&cx, "compare", &title, &url, None);
    meta.description = Some(format!(
        "What changes from {} to {} on the {} track.",
        la.title, lb.title, track.name
    ));
    let frame = Frame {
        meta,
        crumbs: vec![Link::new("Career ladder", urls::LADDER), cx.track(t)],
        prev: None,
        next: None,
        area: Area::Ladder,
        page: None,
    };
    frame.view(&cx, "compare.html", url, context)
}

/// Links from level `l`'s page to its comparisons with every other level of the track.
pub(super) fn links_from_level(cx: &Ctx, t: usize, l: usize) -> Vec<Link> {
    let track = &cx.hb().ladder.tracks[t];
    (0..track.levels.len())
        .filter(|&x| x != l)
        .map(|x| {
            let (a, b) = if x < l { (x, l) } else { (l, x) };
            Link::new(
                cx.level(t, x).title,
                urls::compare(&track.id.id, &track.levels[a].id.id, &track.levels[b].id.id),
            )
        })
        .collect()
}
