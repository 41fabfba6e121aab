//! The sidebar. Small handbooks get the whole page tree on every page; large ones get the top
//! level plus the path to the current page, with long sibling lists cut to a window around it,
//! so a page's size never grows with the size of the handbook (mdBook's whole-tree-per-page
//! sidebar is what made its output quadratic).

use super::views::{Ctx, NavItem};
use crate::model::Handbook;
use crate::site::urls;

/// Handbooks with at most this many pages show the whole tree on every page.
pub const FULL_TREE_LIMIT: usize = 150;
/// At most this many siblings are listed around the current page.
pub const WINDOW: usize = 40;

/// Which handbook area a page belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Values.
    Values,
    /// Roles.
    Roles,
    /// Ladder (and competencies).
    Ladder,
    /// Hiring.
    Hiring,
    /// Leaving.
    Leaving,
    /// Free pages.
    Pages,
}

/// The fixed areas of the handbook that exist in this handbook, with their URLs.
pub fn areas(hb: &Handbook) -> Vec<(Area, &'static str, &'static str)> {
    let mut out = Vec::new();
    if !hb.values.is_empty() {
        out.push((Area::Values, "Values", urls::VALUES));
    }
    if !hb.roles.is_empty() {
        out.push((Area::Roles, "Roles", urls::ROLES));
    }
    if !hb.ladder.tracks.is_empty() {
        out.push((Area::Ladder, "Career ladder", urls::LADDER));
    }
    if !hb.hiring.stages.is_empty() {
        out.push((Area::Hiring, "Hiring", urls::HIRING));
    }
    if hb.leaving.is_some() {
        out.push((Area::Leaving, "Leaving", urls::LEAVING));
    }
    out
}

/// The area links, the current area expanded with its entities.
pub fn area_nav(cx: &Ctx, area: Area, current_url: &str) -> Vec<NavItem> {
    let hb = cx.hb();
    areas(hb)
        .into_iter()
        .map(|(a, title, url)| {
            let open = a == area;
            let children = if open {
                area_children(cx, a, current_url)
            } else {
                Vec::new()
            };
            let (children, more) = window(children, current_url);
            NavItem {
                title: title.into(),
                url: url.into(),
                current: url == current_url,
                open,
                section: a != Area::Leaving,
                children,
                more,
            }
        })
        .collect()
}

fn area_children(cx: &Ctx, area: Area, current_url: &str) -> Vec<NavItem> {
    let hb = cx.hb();
    let leaf = |title: String, url: String| NavItem {
        current: url == current_url,
        title,
        url,
        open: false,
        section: false,
        children: Vec::new(),
        more: 0,
    };
    match area {
        Area::Values => (0..hb.values.len())
            .map(|i| {
                let l = cx.value(i);
                leaf(l.title, l.url)
            })
            .collect(),
        Area::Roles => (0..hb.roles.len())
            .map(|i| {
                let l = cx.role(i);
                leaf(l.title, l.url)
            })
            .collect(),
        Area::Hiring => (0..hb.hiring.stages.len())
            .map(|i| {
                let l = cx.stage(i);
                leaf(l.title, l.url)
            })
            .collect(),
        Area::Ladder => hb
            .ladder
            .tracks
            .iter()
            .enumerate()
            .map(|(t, track)| {
                let url = urls::track(&track.id.id);
                let open = current_url.starts_with(&url);
                let levels: Vec<NavItem> = if open {
                    (0..track.levels.len())
                        .map(|l| {
                            let lv = cx.level(t, l);
                            let title = match &lv.code {
                                Some(code) => format!("{code} · {}", lv.title),
                                None => lv.title,
                            };
                            leaf(title, lv.url)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                NavItem {
                    current: url == current_url,
                    title: track.name.clone(),
                    url,
                    open,
                    section: true,
                    children: levels,
                    more: 0,
                }
            })
            .collect(),
        Area::Leaving | Area::Pages => Vec::new(),
    }
}

/// The page tree for page `current` (`None` on pages outside the tree).
pub fn page_nav(hb: &Handbook, current: Option<usize>) -> Vec<NavItem> {
    let full = hb.pages.len() <= FULL_TREE_LIMIT;
    let mut path = vec![false; hb.pages.len()];
    let mut at = current;
    while let Some(i) = at {
        path[i] = true;
        at = hb.pages[i].parent;
    }
    let home = &hb.pages[0];
    let items = home
        .children
        .iter()
        .map(|&c| node(hb, c, current, &path, full))
        .collect();
    let current_url = current.map_or("", |i| hb.pages[i].url.as_str());
    window(items, current_url).0
}

fn node(hb: &Handbook, i: usize, current: Option<usize>, path: &[bool], full: bool) -> NavItem {
    let p = &hb.pages[i];
    let expand = full || path[i];
    let children: Vec<NavItem> = if expand {
        p.children
            .iter()
            .map(|&c| node(hb, c, current, path, full))
            .collect()
    } else {
        Vec::new()
    };
    let current_url = current.map_or("", |c| hb.pages[c].url.as_str());
    let (children, more) = if full {
        (children, 0)
    } else {
        window(children, current_url)
    };
    NavItem {
        title: p.title.clone(),
        url: p.url.clone(),
        current: Some(i) == current,
        open: path[i],
        section: !p.children.is_empty(),
        children,
        more,
    }
}

/// Cuts a long list to a window around the item on the current path; returns how many items
/// were left out.
fn window(items: Vec<NavItem>, current_url: &str) -> (Vec<NavItem>, usize) {
    if items.len() <= WINDOW {
        return (items, 0);
    }
    let at = items
        .iter()
        .position(|n| {
            n.current || n.open || (!current_url.is_empty() && current_url.starts_with(&n.url))
        })
        .unwrap_or(0);
    let start = at.saturating_sub(WINDOW / 2).min(items.len() - WINDOW);
    let total = items.len();
    let kept: Vec<NavItem> = items.into_iter().skip(start).take(WINDOW).collect();
    (kept, total - WINDOW)
}
