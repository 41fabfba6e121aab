//! Sidebars in built pages: each page's own relative root and current link.

use crate::support::{self, write};

/// The `<nav id="hb-sidebar">` of a built page.
fn sidebar_of(site: &std::path::Path, page: &str) -> String {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let start = html.find("id=\"hb-sidebar\"").unwrap();
    let end = start + html[start..].find("</nav>").unwrap();
    html[start..end].to_string()
}

#[test]
fn a_section_and_its_pages_get_their_own_roots() {
    // The section page (one folder deep) and its pages (two deep) list the same links, each
    // with its own relative root and its own link marked current.
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
    let plain = |s: &str| s.replace("../", "").replace(" aria-current=\"page\"", "");
    assert_eq!(
        plain(&section),
        plain(&page),
        "the same sidebar apart from roots and the current link"
    );

    // A sidebar template that does more with `root` than start links sees its page's root.
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
