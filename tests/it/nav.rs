//! The sidebar is rendered once per key and shared; these tests check that pages sharing a key
//! really have the same sidebar, in small (whole tree) and large (windowed) handbooks.

use std::collections::HashMap;
use std::fmt::Write as _;

use handbook::build::{self as site, Options};
use handbook::model::urls;
use handbook::render::nav::{self, Area, NavPlace};
use handbook::render::views::Ctx;

use crate::support::{self, write};

fn place(area: Area, page: Option<usize>, url: String) -> NavPlace {
    NavPlace {
        area,
        page,
        root: urls::root_prefix(&url),
        url,
    }
}

fn assert_keys_determine_sidebars(root: &std::path::Path) -> usize {
    let site = site::load(root, &Options::default(), &[]).unwrap();
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
    }
    for s in &hb.hiring.stages {
        places.push(place(Area::Hiring, None, urls::stage(&s.id.id)));
    }
    for v in &hb.values {
        places.push(place(Area::Values, None, urls::value(&v.id.id)));
    }
    for t in &hb.ladder.tracks {
        places.push(place(Area::Ladder, None, urls::track(&t.id.id)));
        for l in &t.levels {
            places.push(place(Area::Ladder, None, urls::level(&t.id.id, &l.id.id)));
        }
    }
    let mut seen: HashMap<
        nav::NavKey,
        (
            String,
            Vec<handbook::render::views::NavItem>,
            Vec<handbook::render::views::NavItem>,
        ),
    > = HashMap::new();
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
    let keys = assert_keys_determine_sidebars(&support::example());
    assert!(keys < 40, "{keys} distinct sidebars for the example");
}

#[test]
fn large_handbooks_share_windowed_sidebars() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("hb");
    support::minimal(&hb);
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

/// The `<nav id="hb-sidebar">` of a built page.
fn sidebar_of(site: &std::path::Path, page: &str) -> String {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let start = html.find("id=\"hb-sidebar\"").unwrap();
    let end = start + html[start..].find("</nav>").unwrap();
    html[start..end].to_string()
}

#[test]
fn a_section_and_its_pages_get_their_own_roots_in_shared_sidebars() {
    // The default templates: one sidebar rendering serves the section page (one folder deep)
    // and its pages (two deep), each with its own relative root.
    let (_tmp, hb) = support::example_copy();
    let out = hb.join("public");
    let o = support::run(&["build", hb.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    let section = sidebar_of(&out, "culture/index.html");
    let page = sidebar_of(&out, "culture/one-on-ones/index.html");
    assert!(section.contains(r#"href="../values/""#), "{section}");
    assert!(page.contains(r#"href="../../values/""#), "{page}");
    assert!(
        section.contains(r#"href="../culture/" aria-current="page""#),
        "{section}"
    );
    assert!(
        page.contains(r#"href="../../culture/one-on-ones/" aria-current="page""#),
        "{page}"
    );
    let plain = |s: &str| s.replace("../", "").replace(nav::CURRENT, "");
    assert_eq!(
        plain(&section),
        plain(&page),
        "the same sidebar apart from roots and the current link"
    );

    // A sidebar template that does more with `root` than start links is rendered per depth.
    write(
        &hb,
        "templates/partials/nav.html",
        "<p>[{{ root }}] is {{ root | length }} long</p>",
    );
    let o = support::run(&["build", hb.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    assert!(sidebar_of(&out, "culture/index.html").contains("[../] is 3 long"));
    assert!(sidebar_of(&out, "culture/one-on-ones/index.html").contains("[../../] is 6 long"));
}
