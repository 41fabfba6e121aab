//! The URL plan: where every page of the site lives, and relative links between them.
//!
//! URLs here are site-root-relative without a leading slash (`roles/sre/`); pages render them
//! behind a relative prefix (`../../`), so the site works at `/`, at `/repo/` and from disk.

/// The home page.
pub const HOME: &str = "";
/// The values index with the role × value matrix.
pub const VALUES: &str = "values/";
/// The roles index with the org chart.
pub const ROLES: &str = "roles/";
/// The ladder index.
pub const LADDER: &str = "ladder/";
/// The hiring pipeline.
pub const HIRING: &str = "hiring/";
/// Leaving guidelines.
pub const LEAVING: &str = "leaving/";
/// The whole handbook on one page.
pub const PRINT: &str = "print/";

/// A value's page.
pub fn value(id: &str) -> String {
    format!("values/{id}/")
}

/// A role's page.
pub fn role(id: &str) -> String {
    format!("roles/{id}/")
}

/// A track's page with its competency × level matrix.
pub fn track(id: &str) -> String {
    format!("ladder/{id}/")
}

/// A level's page.
pub fn level(track: &str, level: &str) -> String {
    format!("ladder/{track}/{level}/")
}

/// A competency's page.
pub fn competency(id: &str) -> String {
    format!("competencies/{id}/")
}

/// A hiring stage's page.
pub fn stage(id: &str) -> String {
    format!("hiring/{id}/")
}

/// The relative prefix from a page at `url` to the site root: `./`, `../`, `../../`...
pub fn root_prefix(url: &str) -> String {
    let depth = url.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// The output file of the page at `url`: `roles/sre/index.html`.
pub fn output_file(url: &str) -> String {
    format!("{url}index.html")
}

/// Ids a page template puts on the page, which links may target with `#anchor` and which
/// headings of the page's Markdown must therefore not take. The default theme's templates use
/// exactly these; a test renders each kind and checks.
pub fn template_anchors(url: &str) -> &'static [&'static str] {
    let segments: Vec<&str> = url.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["values"] => &["matrix", "values"],
        ["values", _] => &[
            "behaviours",
            "anti-patterns",
            "roles",
            "competencies",
            "hiring",
        ],
        ["roles"] => &["org-chart", "roles"],
        ["roles", _] => &[
            "values",
            "traits",
            "responsibilities",
            "ladder",
            "hiring",
            "reporting",
        ],
        ["ladder"] => &["tracks", "competencies"],
        ["ladder", _] => &["levels", "matrix"],
        ["ladder", _, _] => &["expectations"],
        ["competencies", _] => &["values", "levels"],
        ["hiring"] => &["pipeline", "stages"],
        ["hiring", _] => &["guidance", "assesses", "roles"],
        ["leaving"] => &["principles", "offboarding", "alumni"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_climb_one_level_per_segment() {
        assert_eq!(root_prefix(HOME), "./");
        assert_eq!(root_prefix(VALUES), "../");
        assert_eq!(root_prefix(&level("ic", "senior")), "../../../");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("roles/sre/"), "roles/sre/index.html");
    }

    #[test]
    fn anchors_depend_on_page_kind() {
        assert!(template_anchors("values/x/").contains(&"behaviours"));
        assert!(template_anchors("roles/").contains(&"org-chart"));
        assert!(template_anchors("culture/one-on-ones/").is_empty());
    }
}
