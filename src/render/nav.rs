//! The sidebar. Small handbooks get the whole page tree on every page; large ones get the top
//! level plus the path to the current page, with long sibling lists cut to a window around it,
//! so a page's size never grows with the size of the handbook (mdBook's whole-tree-per-page
//! sidebar is what made its output quadratic).
//!
//! Pages of one section share one sidebar: it is rendered once per [`NavKey`] (with the
//! `partials/nav.html` template) and each page only marks its own link `aria-current="page"`.

use super::views::{Ctx, NavItem, group_by};
use crate::model::Handbook;
use crate::model::urls;

/// Handbooks with at most this many pages show the whole tree on every page.
pub(crate) const FULL_TREE_LIMIT: usize = 150;
/// At most this many siblings are listed around the current page.
pub(crate) const WINDOW: usize = 40;

/// Which handbook area a page belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Area {
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

/// Where a page sits in the sidebar.
#[derive(Clone, Debug)]
pub(crate) struct NavPlace {
    /// Its area.
    pub(crate) area: Area,
    /// Its index in `Handbook::pages`, for free pages.
    pub(crate) page: Option<usize>,
    /// Its URL.
    pub(crate) url: String,
    /// Its relative path to the site root, or the base URL (the 404 page).
    pub(crate) root: String,
}

/// Everything the sidebar of a page depends on besides which link is current: pages with
/// equal keys have the same sidebar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct NavKey {
    area: Area,
    /// Window start of the area's entity list, or the open track (+1) on ladder pages.
    area_sub: usize,
    /// The page section whose children are listed.
    section: Option<usize>,
    /// Window start of that section's children.
    window: usize,
    /// Folder depth of the page (its relative root); `usize::MAX` for an absolute root.
    depth: usize,
}

/// The fixed areas of the handbook that exist in this handbook, with their URLs.
pub(crate) fn areas(hb: &Handbook) -> Vec<(Area, &'static str, &'static str)> {
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

/// The sidebar key of the page at `place`.
pub(crate) fn key(hb: &Handbook, place: &NavPlace) -> NavKey {
    let url = place.url.as_str();
    let area_sub = match place.area {
        Area::Values => list_window(
            hb.values.len(),
            entity_index(&hb.index.values, url).as_ref(),
        ),
        Area::Roles => list_window(hb.roles.len(), entity_index(&hb.index.roles, url).as_ref()),
        Area::Hiring => list_window(
            hb.hiring.stages.len(),
            entity_index(&hb.index.stages, url).as_ref(),
        ),
        Area::Ladder if url.starts_with(COMPETENCIES) => {
            // Competency pages open the competency list, windowed around their own.
            let at = entity_index(&hb.index.competencies, url);
            hb.ladder.tracks.len() + 1 + list_window(hb.ladder.competencies.len(), at.as_ref())
        }
        Area::Ladder => hb
            .ladder
            .tracks
            .iter()
            .position(|t| url.starts_with(&urls::track(&t.id.id)))
            .map_or(0, |t| t + 1),
        Area::Leaving | Area::Pages => 0,
    };
    let full = hb.pages.len() <= FULL_TREE_LIMIT;
    let section = place.page.map(|i| {
        let p = &hb.pages[i];
        if p.children.is_empty() {
            p.parent.unwrap_or(0)
        } else {
            i
        }
    });
    let window = match (section, place.page) {
        (Some(s), Some(i)) if !full && hb.pages[s].children.len() > WINDOW => {
            let at = hb.pages[s].children.iter().position(|&c| c == i);
            window_start(hb.pages[s].children.len(), at.unwrap_or(0))
        }
        _ => 0,
    };
    NavKey {
        area: place.area,
        area_sub,
        section,
        window,
        depth: if place.root.contains("://") {
            usize::MAX
        } else {
            url.matches('/').count()
        },
    }
}

fn list_window(len: usize, at: Option<&usize>) -> usize {
    match at {
        Some(&i) if len > WINDOW => window_start(len, i),
        _ => 0,
    }
}

fn window_start(len: usize, at: usize) -> usize {
    at.saturating_sub(WINDOW / 2)
        .min(len.saturating_sub(WINDOW))
}

/// The area links, the current area expanded with its entities.
pub(crate) fn area_nav(cx: &Ctx, place: &NavPlace) -> Vec<NavItem> {
    let hb = cx.hb();
    areas(hb)
        .into_iter()
        .map(|(a, title, url)| {
            let open = a == place.area;
            let (children, more) = match (open, entity_list(cx, a, &place.url)) {
                (false, _) => (Vec::new(), 0),
                (true, Some(list)) => list,
                (true, None) => {
                    let children = area_children(cx, a, &place.url);
                    let at = children.iter().position(|n| place.url.starts_with(&n.url));
                    window(children, at)
                }
            };
            NavItem {
                title: title.into(),
                url: url.into(),
                open: open && !children.is_empty(),
                children,
                more,
            }
        })
        .collect()
}

/// The sidebar's list of values, roles or stages for a page at `url`: only the [`WINDOW`]
/// around the page's own entity is built, and how many are left out. Every entity page has a
/// window of its own; building the whole list to cut it down made a build quadratic in the
/// number of roles (12,000 roles: 11 of a 12-second build). `None` for other areas.
fn entity_list(cx: &Ctx, area: Area, url: &str) -> Option<(Vec<NavItem>, usize)> {
    let hb = cx.hb();
    let (n, at, link): (usize, _, &dyn Fn(usize) -> super::views::Link) = match area {
        Area::Values => (hb.values.len(), entity_index(&hb.index.values, url), &|i| {
            cx.value(i)
        }),
        Area::Roles => (hb.roles.len(), entity_index(&hb.index.roles, url), &|i| {
            cx.role(i)
        }),
        Area::Hiring => (
            hb.hiring.stages.len(),
            entity_index(&hb.index.stages, url),
            &|i| cx.stage(i),
        ),
        _ => return None,
    };
    Some(windowed(n, at, link))
}

/// The [`WINDOW`] of `n` entities around entity `at` as sidebar links (made by `link`), and
/// how many are left out; the others are never built.
fn windowed(
    n: usize,
    at: Option<usize>,
    link: &dyn Fn(usize) -> super::views::Link,
) -> (Vec<NavItem>, usize) {
    let start = list_window(n, at.as_ref());
    let items = (start..n.min(start + WINDOW))
        .map(|i| {
            let l = link(i);
            leaf(l.title, l.url)
        })
        .collect();
    (items, n.saturating_sub(WINDOW))
}

/// The entity a page at `url` belongs to (`roles/sre/` and `roles/sre/job/l1/` to `sre`), by
/// its index in `table`: the entity whose link `url` starts with. `roles/` (the area's own
/// page, which no window is centred on, even with an entity called `roles`) has none.
fn entity_index(table: &std::collections::HashMap<String, usize>, url: &str) -> Option<usize> {
    table.get(url.split('/').nth(1)?).copied()
}

fn leaf(title: String, url: String) -> NavItem {
    NavItem {
        title,
        url,
        open: false,
        children: Vec::new(),
        more: 0,
    }
}

fn area_children(cx: &Ctx, area: Area, current_url: &str) -> Vec<NavItem> {
    let hb = cx.hb();
    match area {
        Area::Ladder => {
            let tracks = hb.ladder.tracks.iter().enumerate().map(|(t, track)| {
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
                let item = NavItem {
                    title: track.name.clone(),
                    url,
                    open,
                    children: levels,
                    more: 0,
                };
                (track.group.clone(), item)
            });
            // Grouped tracks sit under their group, which links to its section of /ladder/.
            let mut out = Vec::new();
            for (group, items) in group_by(tracks) {
                match group {
                    None => out.extend(items),
                    Some(name) => out.push(NavItem {
                        url: format!("{}#{}", urls::LADDER, track_group_id(&name)),
                        title: name,
                        open: items.iter().any(|i| current_url.starts_with(&i.url)),
                        children: items,
                        more: 0,
                    }),
                }
            }
            if !hb.ladder.competencies.is_empty() {
                out.push(competencies(cx, current_url));
            }
            out
        }
        // Listed by `entity_list`, a window at a time.
        Area::Values | Area::Roles | Area::Hiring | Area::Leaving | Area::Pages => Vec::new(),
    }
}

/// The folder of competency pages.
const COMPETENCIES: &str = "competencies/";

/// The ladder's "Competencies" entry, linking to their list on `/ladder/`; on a competency's
/// page it lists them all (windowed around the page when there are many).
fn competencies(cx: &Ctx, current_url: &str) -> NavItem {
    let hb = cx.hb();
    let open = current_url.starts_with(COMPETENCIES);
    let (children, more) = if open {
        let at = entity_index(&hb.index.competencies, current_url);
        windowed(hb.ladder.competencies.len(), at, &|c| cx.competency(c))
    } else {
        (Vec::new(), 0)
    };
    NavItem {
        title: "Competencies".into(),
        url: format!("{}#competencies", urls::LADDER),
        open,
        children,
        more,
    }
}

/// The anchor of a group of tracks on the ladder page (and in the sidebar's links to it).
pub(crate) fn track_group_id(name: &str) -> String {
    format!("track-group-{}", crate::markdown::slug_ascii(name))
}

/// The page tree for the page at `place` (the top level only, outside the tree).
pub(crate) fn page_nav(hb: &Handbook, place: &NavPlace) -> Vec<NavItem> {
    let full = hb.pages.len() <= FULL_TREE_LIMIT;
    let mut path = vec![false; hb.pages.len()];
    let mut at = place.page;
    while let Some(i) = at {
        path[i] = true;
        at = hb.pages[i].parent;
    }
    let items: Vec<NavItem> = hb.pages[0]
        .children
        .iter()
        .map(|&c| node(hb, c, &path, full))
        .collect();
    let on_path = hb.pages[0].children.iter().position(|&c| path[c]);
    window(items, on_path).0
}

fn node(hb: &Handbook, i: usize, path: &[bool], full: bool) -> NavItem {
    let p = &hb.pages[i];
    let expand = full || path[i];
    let children: Vec<NavItem> = if expand {
        p.children
            .iter()
            .map(|&c| node(hb, c, path, full))
            .collect()
    } else {
        Vec::new()
    };
    let (children, more) = if full {
        (children, 0)
    } else {
        let at = p.children.iter().position(|&c| path[c]);
        window(children, at)
    };
    NavItem {
        title: p.title.clone(),
        url: p.url.clone(),
        open: path[i] && !p.children.is_empty(),
        children,
        more,
    }
}

/// Cuts a long list to [`WINDOW`] items around item `at`; returns how many were left out.
fn window(items: Vec<NavItem>, at: Option<usize>) -> (Vec<NavItem>, usize) {
    if items.len() <= WINDOW {
        return (items, 0);
    }
    let start = window_start(items.len(), at.unwrap_or(0));
    let total = items.len();
    let kept: Vec<NavItem> = items.into_iter().skip(start).take(WINDOW).collect();
    (kept, total - WINDOW)
}

/// What marks the current page's link in the sidebar.
pub(crate) const CURRENT: &str = " aria-current=\"page\"";

/// A rendered sidebar, with where each of its link targets (`href="…"`) is, found once: a
/// search of the whole sidebar for each page's own link took 2% of a 10,000-page build.
#[derive(Debug)]
pub(crate) struct Sidebar {
    /// The HTML.
    pub(crate) html: String,
    /// Byte range of each link target, in order.
    hrefs: Vec<(usize, usize)>,
}

impl Sidebar {
    /// Indexes the link targets of `html`.
    pub(crate) fn new(html: String) -> Self {
        let bytes = html.as_bytes();
        let hrefs = memchr::memmem::find_iter(bytes, b"href=\"")
            .filter_map(|i| {
                let start = i + b"href=\"".len();
                memchr::memchr(b'"', &bytes[start..]).map(|len| (start, start + len))
            })
            .collect();
        Sidebar { html, hrefs }
    }

    /// Splits the sidebar where the current page's mark ([`CURRENT`]) goes: right after the
    /// first link whose target is exactly `href`; `None` without such a link.
    pub(crate) fn split_at_current(&self, href: &str) -> Option<(&str, &str)> {
        let bytes = self.html.as_bytes();
        self.hrefs
            .iter()
            .find(|&&(start, end)| &bytes[start..end] == href.as_bytes())
            .map(|&(_, end)| self.html.split_at(end + 1))
    }
}

#[cfg(test)]
mod tests;
