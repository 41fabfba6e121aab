//! The sidebar is rendered once per key and shared; these tests check that pages sharing a key
//! really have the same sidebar, in small (whole tree) and large (windowed) handbooks.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::*;
use crate::build::Options;
use crate::model::urls;
use crate::render::nav;
use crate::render::views::{Ctx, NavItem};
use crate::testing::{example, minimal, write};

fn place(area: Area, page: Option<usize>, url: String) -> NavPlace {
    NavPlace {
        area,
        page,
        root: urls::root_prefix(&url),
        url,
    }
}

fn assert_keys_determine_sidebars(root: &std::path::Path) -> usize {
    let site = crate::build::load(root, &Options::default(), &[]).unwrap();
    assert!(!site.has_errors(), "{:#?}", site.diagnostics);
    let hb = &site.handbook;
    let mut places: Vec<NavPlace> = (0..hb.pages.len())
        .map(|i| place(Area::Pages, Some(i), hb.pages[i].url.clone()))
        .collect();
    // The areas' own pages too.
    places.push(place(Area::Values, None, urls::VALUES.to_string()));
    places.push(place(Area::Roles, None, urls::ROLES.to_string()));
    places.push(place(Area::Hiring, None, urls::HIRING.to_string()));
    for r in &hb.roles {
        places.push(place(Area::Roles, None, urls::role(&r.id.id)));
        // A role's kit pages sit below its page and take its window (their key once didn't).
        for kit in ["job", "interview"] {
            let url = format!("{}{kit}/one/", urls::role(&r.id.id));
            places.push(place(Area::Roles, None, url));
        }
    }
    for s in &hb.hiring.stages {
        places.push(place(Area::Hiring, None, urls::stage(&s.id.id)));
    }
    for v in &hb.values {
        places.push(place(Area::Values, None, urls::value(&v.id.id)));
    }
    places.push(place(Area::Ladder, None, urls::LADDER.to_string()));
    for c in &hb.ladder.competencies {
        places.push(place(Area::Ladder, None, urls::competency(&c.id.id)));
    }
    for t in &hb.ladder.tracks {
        places.push(place(Area::Ladder, None, urls::track(&t.id.id)));
        for l in &t.levels {
            places.push(place(Area::Ladder, None, urls::level(&t.id.id, &l.id.id)));
        }
    }
    let mut seen: HashMap<nav::NavKey, (String, Vec<NavItem>, Vec<NavItem>)> = HashMap::new();
    for place in &places {
        let cx = Ctx::new(&site, &place.url);
        let built = (nav::area_nav(&cx, place), nav::page_nav(hb, place));
        let key = nav::key(hb, place);
        match seen.get(&key) {
            Some((first, areas, pages)) => {
                assert_eq!(
                    &built.0, areas,
                    "{} and {first} share a key but not area links",
                    place.url
                );
                assert_eq!(
                    &built.1, pages,
                    "{} and {first} share a key but not the page tree",
                    place.url
                );
            }
            None => {
                seen.insert(key, (place.url.clone(), built.0, built.1));
            }
        }
    }
    seen.len()
}

#[test]
fn small_handbooks_share_sidebars_by_section() {
    let keys = assert_keys_determine_sidebars(&example());
    assert!(keys < 40, "{keys} distinct sidebars for the example");
}

#[test]
fn large_handbooks_share_windowed_sidebars() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    minimal(&hb);
    let mut roles = String::new();
    for r in 0..55 {
        write(
            &hb,
            &format!("roles/r{r:02}.yaml"),
            "title: R\nvalues: [care]\n",
        );
        let _ = write!(roles, "r{r:02} ");
    }
    // A role named like its area, far down the list: the `roles/` page must not take its window.
    write(
        &hb,
        "roles/roles.yaml",
        "title: Roles role\nvalues: [care]\n",
    );
    // A flat section of 70 pages, and nested sections.
    for i in 0..70 {
        write(
            &hb,
            &format!("pages/flat/p{i:02}.md"),
            &format!("---\nweight: {i}\n---\n# Page {i}\n"),
        );
    }
    for a in 0..3 {
        write(
            &hb,
            &format!("pages/area{a}/_index.md"),
            &format!("# Area {a}\n"),
        );
        for s in 0..3 {
            for i in 0..12 {
                write(
                    &hb,
                    &format!("pages/area{a}/sub{s}/p{i}.md"),
                    &format!("# P {a}.{s}.{i}\n"),
                );
            }
        }
    }
    let keys = assert_keys_determine_sidebars(&hb);
    assert!(
        keys > 10,
        "windows and sections give several sidebars: {keys}"
    );
}

#[test]
fn marks_only_the_first_exact_link() {
    let split = |html: &str, href: &str| {
        Sidebar::new(html.to_string())
            .split_at_current(href)
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    let html = r#"<a href="../a/">A</a><a href="../a/b/">B</a><a href="../a/">A again</a>"#;
    let (before, after) = split(html, "../a/").unwrap();
    assert_eq!(
        [before.as_str(), CURRENT, &after].concat(),
        r#"<a href="../a/" aria-current="page">A</a><a href="../a/b/">B</a><a href="../a/">A again</a>"#
    );
    assert_eq!(split(html, "../z/"), None);
    // A link whose target only starts with the page's is not the page's.
    let html = r#"<a href="../a/b/">B</a><a href="../a/">A</a><a href="../a"#;
    let (before, _) = split(html, "../a/").unwrap();
    assert_eq!(before, r#"<a href="../a/b/">B</a><a href="../a/""#);
    assert_eq!(split(r#"<a href="../a"#, "../a"), None);
}

#[test]
fn windows_stay_inside_the_list() {
    assert_eq!(window_start(100, 0), 0);
    assert_eq!(window_start(100, 50), 30);
    assert_eq!(window_start(100, 99), 60);
    assert_eq!(window_start(10, 5), 0);
}

/// Issue 17: competency pages are reachable from the sidebar: the ladder lists
/// "Competencies", opened with every competency on a competency's page.
#[test]
fn competency_pages_are_in_the_sidebar() {
    let site = crate::build::load(&example(), &Options::default(), &[]).unwrap();
    let hb = &site.handbook;
    let c = &hb.ladder.competencies[1];
    let url = urls::competency(&c.id.id);
    let cx = Ctx::new(&site, &url);
    let areas = nav::area_nav(&cx, &place(Area::Ladder, None, url.clone()));
    let ladder = areas.iter().find(|a| a.url == urls::LADDER).unwrap();
    let list = ladder
        .children
        .iter()
        .find(|i| i.title == "Competencies")
        .unwrap();
    assert!(list.open);
    assert_eq!(list.children.len(), hb.ladder.competencies.len());
    assert!(
        list.children
            .iter()
            .any(|i| i.url == url && i.title == c.name)
    );
    // Closed elsewhere on the ladder, but there.
    let cx = Ctx::new(&site, urls::LADDER);
    let areas = nav::area_nav(&cx, &place(Area::Ladder, None, urls::LADDER.into()));
    let ladder = areas.iter().find(|a| a.url == urls::LADDER).unwrap();
    let list = ladder
        .children
        .iter()
        .find(|i| i.title == "Competencies")
        .unwrap();
    assert!(!list.open && list.children.is_empty());
}
