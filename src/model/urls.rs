//! The URL plan: where every page of the site lives, and relative links between them.
//!
//! URLs here are site-root-relative without a leading slash (`roles/sre/`); pages render them
//! behind a relative prefix (`../../`), so the site works at `/`, at `/repo/` and from disk.

/// The file that marks a folder as a site built by handbook, written into every site (so
/// discovery never reads a site as content and a build replaces only its own sites).
pub(crate) const SITE_MARKER: &str = ".handbook-site";

/// The home page.
pub(crate) const HOME: &str = "";
/// The values index with the role × value matrix.
pub(crate) const VALUES: &str = "values/";
/// The roles index with the org chart.
pub(crate) const ROLES: &str = "roles/";
/// The ladder index.
pub(crate) const LADDER: &str = "ladder/";
/// The hiring pipeline.
pub(crate) const HIRING: &str = "hiring/";
/// Leaving guidelines.
pub(crate) const LEAVING: &str = "leaving/";
/// The whole handbook on one page.
pub(crate) const PRINT: &str = "print/";

/// A value's page.
pub(crate) fn value(id: &str) -> String {
    format!("values/{id}/")
}

/// A role's page.
pub(crate) fn role(id: &str) -> String {
    format!("roles/{id}/")
}

/// A track's page with its competency × level matrix.
pub(crate) fn track(id: &str) -> String {
    format!("ladder/{id}/")
}

/// A level's page.
pub(crate) fn level(track: &str, level: &str) -> String {
    format!("ladder/{track}/{level}/")
}

/// A track's competency × level matrix as CSV, for spreadsheets.
pub(crate) fn track_csv(id: &str) -> String {
    format!("ladder/{id}.csv")
}

/// The folder of a track's level comparisons, which no level id may take.
pub(crate) const COMPARE: &str = "compare";

/// Levels `a` (the lower) and `b` of a track side by side.
pub(crate) fn compare(track: &str, a: &str, b: &str) -> String {
    format!("ladder/{track}/{COMPARE}/{a}/{b}/")
}

/// The interview kit of a role at a level it is hired at.
pub(crate) fn interview(role: &str, level: &str) -> String {
    format!("roles/{role}/interview/{level}/")
}

/// The job description of a role at a level it is hired at.
pub(crate) fn job(role: &str, level: &str) -> String {
    format!("roles/{role}/job/{level}/")
}

/// The same job description as plain Markdown, for job boards.
pub(crate) fn job_markdown(role: &str, level: &str) -> String {
    format!("roles/{role}/job/{level}.md")
}

/// A competency's page.
pub(crate) fn competency(id: &str) -> String {
    format!("competencies/{id}/")
}

/// A hiring stage's page.
pub(crate) fn stage(id: &str) -> String {
    format!("hiring/{id}/")
}

/// The relative prefix from a page at `url` to the site root: `./`, `../`, `../../`...
pub(crate) fn root_prefix(url: &str) -> String {
    let depth = url.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// The output file of the page at `url`: `roles/sre/index.html`.
pub(crate) fn output_file(url: &str) -> String {
    format!("{url}index.html")
}

/// Every id the default templates give a section on some page, numbered ones aside: the ids a
/// YAML field's headings must not take, as the field is shown on several kinds of page (an
/// expectation on its level, its track, its competency, kits and job descriptions).
pub(crate) const ANY_TEMPLATE_ANCHOR: &[&str] = &[
    "alumni",
    "anti-patterns",
    "assesses",
    "behaviours",
    "competencies",
    "expectations",
    "guidance",
    "hiring",
    "kits",
    "ladder",
    "levels",
    "matrix",
    "offboarding",
    "org-chart",
    "other-comparisons",
    "pipeline",
    "principles",
    "questions",
    "reporting",
    "responsibilities",
    "roles",
    "scorecard",
    "stages",
    "tracks",
    "traits",
    "values",
];

/// Ids a page template puts on the page, which links may target with `#anchor` and which
/// headings of the page's Markdown must therefore not take. The default theme's templates use
/// exactly these; a test renders each kind and checks.
pub(crate) fn template_anchors(url: &str) -> &'static [&'static str] {
    let segments: Vec<&str> = url.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["values"] => &["matrix", "values"],
        ["values", _] => &[
            "behaviours",
            "anti-patterns",
            "questions",
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
            "kits",
        ],
        ["ladder"] => &["tracks", "competencies"],
        ["ladder", _] => &["levels", "matrix"],
        ["ladder", _, _] => &["expectations"],
        ["competencies", _] => &["values", "questions", "levels"],
        ["hiring"] => &["pipeline", "stages"],
        ["hiring", _] => &["guidance", "assesses", "competencies", "roles"],
        ["leaving"] => &["principles", "offboarding", "alumni"],
        _ => &[],
    }
}

/// What a Markdown link names with `@kind/id` (`@value/ownership`, `@level/ic/senior`), or
/// an area's own page with `@values`, `@roles`, `@ladder`, `@hiring`, `@leaving`, `@home`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reference<'a> {
    /// `@value/<id>`.
    Value(&'a str),
    /// `@role/<id>`.
    Role(&'a str),
    /// `@competency/<id>`.
    Competency(&'a str),
    /// `@stage/<id>`.
    Stage(&'a str),
    /// `@track/<id>`.
    Track(&'a str),
    /// `@level/<track>/<level>`.
    Level(&'a str, &'a str),
    /// `@page/<path>`: the path under the pages folder, without `.md`.
    Page(&'a str),
    /// `@home`.
    Home,
    /// `@values`, `@roles`, `@ladder`, `@hiring` or `@leaving`: an area's own page.
    Area(&'static str, &'static str),
}

/// The area pages a reference can name: `@values` → (URL, title).
const AREAS: [(&str, &str, &str); 5] = [
    ("values", VALUES, "Values"),
    ("roles", ROLES, "Roles"),
    ("ladder", LADDER, "Career ladder"),
    ("hiring", HIRING, "Hiring"),
    ("leaving", LEAVING, "Leaving"),
];

impl<'a> Reference<'a> {
    /// Reads what follows the `@`; `None` when it names no kind of reference.
    pub(crate) fn parse(text: &'a str) -> Option<Reference<'a>> {
        let (kind, id) = text.split_once('/').unwrap_or((text, ""));
        Some(match kind {
            "value" => Reference::Value(id),
            "role" => Reference::Role(id),
            "competency" => Reference::Competency(id),
            "stage" => Reference::Stage(id),
            "track" => Reference::Track(id),
            "level" => {
                let (track, level) = id.split_once('/').unwrap_or((id, ""));
                Reference::Level(track, level)
            }
            "page" => Reference::Page(id),
            "home" if id.is_empty() => Reference::Home,
            area if id.is_empty() => {
                let (_, url, title) = AREAS.iter().find(|(name, _, _)| *name == area)?;
                Reference::Area(url, title)
            }
            _ => return None,
        })
    }

    /// The reference's kind as written after `@` (`value`, `level`...), for messages.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Reference::Value(_) => "value",
            Reference::Role(_) => "role",
            Reference::Competency(_) => "competency",
            Reference::Stage(_) => "stage",
            Reference::Track(_) => "track",
            Reference::Level(..) => "level",
            Reference::Page(_) => "page",
            Reference::Home => "home",
            Reference::Area(url, _) => url.trim_end_matches('/'),
        }
    }
}

/// Every form of reference, for help lines.
pub(crate) const REFERENCE_FORMS: &str = "@value/<id>, @role/<id>, @level/<track>/<level>, @track/<id>, @competency/<id>, @stage/<id>, @page/<path>, or @values, @roles, @ladder, @hiring, @leaving, @home";

/// Why `url` cannot be a URL setting of the handbook (`base_url`, `repository`, `--base-url`),
/// or `None` when it can: an absolute `http://` or `https://` URL with a host, without spaces
/// or control characters. Anything else ends up in every page's links: `javascript:alert(1)//`
/// as `repository` made each "Edit this page" link run script.
pub(crate) fn http_url_problem(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return Some("only absolute http:// and https:// URLs are allowed");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains a space, line break or control character");
    }
    if url.contains(['"', '<', '>', '\\', '`']) {
        return Some("it contains a character that a URL must escape (\" < > \\ `)");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    if host.is_empty() || host.starts_with('.') {
        return Some("it has no host name");
    }
    None
}

/// Why `name` cannot be the custom domain written to `CNAME`, or `None` when it can: one host
/// name (`handbook.acme.dev`), letters, digits and hyphens in dot-separated labels.
pub(crate) fn host_name_problem(name: &str) -> Option<&'static str> {
    if name.contains("://") || name.contains('/') {
        return Some("write the domain only, without `https://` or a path");
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains a space or line break: `CNAME` holds one domain");
    }
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.len() > 253 || labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
        return Some(
            "a domain is dot-separated labels of letters, digits and hyphens, like `handbook.acme.dev`",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_anchor_is_kept_from_yaml_headings() {
        for url in [
            "values/",
            "values/v/",
            "roles/",
            "roles/r/",
            "ladder/",
            "ladder/t/",
            "ladder/t/l/",
            "competencies/c/",
            "hiring/",
            "hiring/s/",
            "leaving/",
        ] {
            for id in template_anchors(url) {
                assert!(ANY_TEMPLATE_ANCHOR.contains(id), "{url}: {id}");
            }
        }
    }

    #[test]
    fn prefixes_climb_one_level_per_segment() {
        assert_eq!(root_prefix(HOME), "./");
        assert_eq!(root_prefix(VALUES), "../");
        assert_eq!(root_prefix(&level("ic", "senior")), "../../../");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("roles/sre/"), "roles/sre/index.html");
    }

    #[test]
    fn references_are_read_by_kind() {
        assert_eq!(
            Reference::parse("value/care"),
            Some(Reference::Value("care"))
        );
        assert_eq!(
            Reference::parse("level/ic/senior"),
            Some(Reference::Level("ic", "senior"))
        );
        assert_eq!(
            Reference::parse("level/ic"),
            Some(Reference::Level("ic", ""))
        );
        assert_eq!(
            Reference::parse("roles"),
            Some(Reference::Area(ROLES, "Roles"))
        );
        assert_eq!(Reference::parse("home"), Some(Reference::Home));
        for bad in ["values/x", "home/x", "valeu/x", ""] {
            assert_eq!(Reference::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn anchors_depend_on_page_kind() {
        assert!(template_anchors("values/x/").contains(&"behaviours"));
        assert!(template_anchors("roles/").contains(&"org-chart"));
        assert!(template_anchors("culture/one-on-ones/").is_empty());
    }

    #[test]
    fn url_settings_are_http_urls_with_a_host() {
        for ok in [
            "https://github.com/acme/handbook",
            "https://acme.github.io/handbook/",
            "HTTP://localhost:4000/",
            "http://[::1]:4000/x?y#z",
        ] {
            assert_eq!(http_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)//",
            "JavaScript://%0aalert(1)",
            "data:text/html,x",
            "//evil.example/",
            "github.com/acme/handbook",
            "https://",
            "https:///path",
            "https://:443/",
            "https://acme.dev/a b",
            "https://acme.dev/\nx",
            "https://acme.dev/\"onmouseover=x",
        ] {
            assert!(http_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn cname_is_one_host_name() {
        for ok in ["handbook.acme.dev", "www.example.com", "a-b.c0.io"] {
            assert_eq!(host_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "handbook.acme.dev\nevil.example",
            "https://handbook.acme.dev",
            "handbook.acme.dev/docs",
            "localhost",
            "-x.example",
            "x..example",
            "a b.example",
            "café.example",
        ] {
            assert!(host_name_problem(bad).is_some(), "{bad}");
        }
    }
}
