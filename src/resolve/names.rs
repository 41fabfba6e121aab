//! How files under the pages folder are named on the site: `field marketing.md` →
//! `field-marketing/`, a folder's `_index.md`, `index.md` or else `README.md` → the folder, old
//! URLs (`aliases:`) → redirect pages. Names are kept as written otherwise (capitals too), as
//! GitHub, mdBook and Hugo's `disablePathToLower` publish them.

/// Top-level URL segments the site always uses; pages cannot take them. The areas'
/// segments (`values`, `roles`...) are taken too when the handbook has that area.
pub(crate) const RESERVED_SEGMENTS: &[&str] = &["competencies", "print", "assets", "search-index"];

/// Files the build writes at the top of the site, which no file of the pages folder may
/// replace.
pub(crate) const GENERATED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "search-index.json",
    "search-index.js",
    "handbook.json",
    "CNAME",
];

/// Pages named like a generated page: their body introduces it instead (when the handbook
/// has that page; otherwise they are pages like any other).
pub(crate) const INTRO_PAGES: [&str; 5] = ["values", "roles", "ladder", "hiring", "leaving"];

/// Whether the top-level URL segment `top` is the site's own, given the areas the handbook
/// has (`["values", "roles"]`). Compared without case: on a case-insensitive disk (macOS,
/// Windows) `Values/` is the folder `values/`.
pub(crate) fn is_reserved(top: &str, areas: &[&str]) -> bool {
    RESERVED_SEGMENTS
        .iter()
        .chain(areas)
        .any(|s| s.eq_ignore_ascii_case(top))
}

/// Whether `top` names a file the build writes at the top of the site (without case, as
/// [`is_reserved`]): a folder of that name (`sitemap.xml/`) could not sit beside it.
pub(crate) fn is_generated_file(top: &str) -> bool {
    GENERATED_FILES.iter().any(|f| f.eq_ignore_ascii_case(top))
}

/// Characters a file or folder name cannot carry into a URL.
const UNSAFE: &[char] = &[
    '?', '#', '%', '"', '<', '>', '\\', '|', '*', '`', '^', '{', '}', '[', ']',
];

/// The URL segment of a file or folder name: spaces become `-`; `Err` with the first character
/// that cannot be part of a URL (also for an empty name and one starting with a dot, which
/// could become `..` or a hidden path in the output).
pub(crate) fn url_segment(name: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    if name.is_empty() || name.starts_with('.') {
        return Err("a leading `.`".into());
    }
    if let Some(c) = name.chars().find(|c| UNSAFE.contains(c) || c.is_control()) {
        return Err(if c.is_control() {
            format!("the control character U+{:04X}", c as u32)
        } else {
            format!("`{c}`")
        });
    }
    Ok(if name.contains(' ') {
        name.replace(' ', "-").into()
    } else {
        name.into()
    })
}

/// What a Markdown file is, by its name without `.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PageFile {
    /// `_index.md` or `index.md`: its folder's page.
    Index,
    /// `README.md`: its folder's page when the folder has no `_index.md` or `index.md`.
    Readme,
    /// Any other file.
    Page,
}

impl PageFile {
    /// The kind of the file named `stem` (`README`, `index`, `one-on-ones`).
    pub(crate) fn of(stem: &str) -> PageFile {
        match stem {
            "_index" | "index" => PageFile::Index,
            s if s.eq_ignore_ascii_case("readme") => PageFile::Readme,
            _ => PageFile::Page,
        }
    }
}

/// An old URL as written under `aliases:` → the output file of its redirect page
/// (`old/path/index.html`, or `old.html` as it is); `Err` with why it can't be one.
pub(crate) fn alias_path(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") || alias.contains(':') {
        return Err("it must be a path of this site, not a full URL");
    }
    let path = alias.split(['?', '#']).next().unwrap_or("");
    let mut segments = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err("it cannot climb out of the site with `..`"),
            s if url_segment(s).is_err() => return Err("it holds a character a URL can't"),
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return Err("it names the home page");
    }
    let joined = segments.join("/");
    Ok(if joined.ends_with(".html") && !path.ends_with('/') {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// `one-on-ones` → `One on ones`.
pub(crate) fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_url_segments() {
        assert_eq!(
            url_segment("field marketing").as_deref(),
            Ok("field-marketing")
        );
        assert_eq!(url_segment("Team_Culture").as_deref(), Ok("Team_Culture"));
        assert_eq!(url_segment("Über uns").as_deref(), Ok("Über-uns"));
        for bad in ["", ".hidden", "..", "a?b", "50%", "a#b", "a\u{1}b", "a\"b"] {
            assert!(url_segment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn index_files() {
        assert_eq!(PageFile::of("_index"), PageFile::Index);
        assert_eq!(PageFile::of("index"), PageFile::Index);
        assert_eq!(PageFile::of("README"), PageFile::Readme);
        assert_eq!(PageFile::of("readme"), PageFile::Readme);
        assert_eq!(PageFile::of("read-me"), PageFile::Page);
    }

    #[test]
    fn aliases_become_redirect_files() {
        assert_eq!(
            alias_path("/old/path/").as_deref(),
            Ok("old/path/index.html")
        );
        assert_eq!(alias_path("old/path").as_deref(), Ok("old/path/index.html"));
        assert_eq!(alias_path("/old.html").as_deref(), Ok("old.html"));
        assert_eq!(
            alias_path("/2019/01/policy.html").as_deref(),
            Ok("2019/01/policy.html")
        );
        for bad in [
            "https://x.com/a/",
            "//x.com/a",
            "/../etc",
            "/",
            "",
            "a/b%2f",
        ] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn humanize_names() {
        assert_eq!(humanize("one-on-ones"), "One on ones");
        assert_eq!(humanize("team_culture"), "Team culture");
    }
}
