//! A link checker for built sites: every internal `href`/`src` must resolve to a file of the
//! output, and every `#anchor` to an element id of the target page.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Attribute values of `name` in `html` (double-quoted attributes, as our templates write).
pub fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Normalizes `base_dir` + `rel` (both `/`-separated); `None` when it leaves the site.
fn join(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if (rel.ends_with('/') || rel.is_empty() || rel.ends_with("/.") || rel == ".")
        && !joined.is_empty()
    {
        joined.push('/');
    }
    Some(joined)
}

/// Checks every HTML file under `site`; returns one line per broken link.
pub fn broken_links(site: &Path) -> Vec<String> {
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            pages.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let ids: BTreeMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(rel, html)| {
            (
                rel.as_str(),
                attributes(html, "id").into_iter().map(unescape).collect(),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (rel, html) in &pages {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let mut urls: Vec<&str> = attributes(html, "href");
        urls.extend(attributes(html, "src"));
        for raw in urls {
            let url = unescape(raw);
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("//")
            {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                rel.clone()
            } else {
                match join(dir, &percent_decode(path)) {
                    Some(t) if t.is_empty() || t.ends_with('/') => format!("{t}index.html"),
                    Some(t) if site.join(&t).is_dir() => format!("{t}/index.html"),
                    Some(t) => t,
                    None => {
                        problems.push(format!("{rel}: {url} leaves the site"));
                        continue;
                    }
                }
            };
            if !site.join(&target).is_file() {
                problems.push(format!("{rel}: {url} -> missing {target}"));
                continue;
            }
            if let Some(f) = fragment {
                let f = percent_decode(f);
                if !f.is_empty()
                    && target.ends_with(".html")
                    && !ids.get(target.as_str()).is_some_and(|s| s.contains(&f))
                {
                    problems.push(format!("{rel}: {url} -> {target} has no id `{f}`"));
                }
            }
        }
    }
    problems
}

#[test]
fn the_checker_finds_broken_links_and_anchors() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::create_dir_all(site.join("a")).unwrap();
    std::fs::write(site.join("index.html"), r##"<a href="a/">ok</a><a href="a/#x">ok</a><a href="b/">no</a><a href="a/#y">no</a><h2 id="top"></h2><a href="#top">ok</a><a href="../out">no</a>"##).unwrap();
    std::fs::write(
        site.join("a/index.html"),
        r#"<p id="x"></p><a href="../">up</a><img src="../missing.png">"#,
    )
    .unwrap();
    let problems = broken_links(site);
    assert_eq!(problems.len(), 4, "{problems:#?}");
}
