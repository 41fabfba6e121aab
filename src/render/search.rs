//! `search-index.json` (and the same as a script, for `file://`): every page with its title,
//! headings and the start of its text, for the theme's client-side search.

use serde::Serialize;

use crate::model::urls;
use crate::resolve::Site;

/// One page in the search index. Short keys keep a 10,000-page index small.
#[derive(Serialize)]
pub(crate) struct SearchEntry {
    /// Title.
    pub(crate) t: String,
    /// Site-root-relative URL.
    pub(crate) u: String,
    /// Where it is: "Roles", a section title...
    pub(crate) s: String,
    /// Headings, space-separated.
    pub(crate) h: String,
    /// The start of the body text.
    pub(crate) x: String,
}

/// The search index of `site`.
#[derive(Serialize)]
pub(crate) struct SearchIndex {
    /// Index format version.
    pub(crate) version: u32,
    /// Every page.
    pub(crate) pages: Vec<SearchEntry>,
}

/// Builds the search index: every page with its title, headings and the start of its text.
pub(crate) fn search_index(site: &Site) -> SearchIndex {
    let hb = &site.handbook;
    let limit = crate::resolve::markdown::search_text_limit(hb.pages.len());
    let md = |id: Option<crate::model::MdId>| id.map(|i| &site.markdown[i.0 as usize]);
    let text_of = |ids: &[Option<crate::model::MdId>]| {
        let mut text = String::new();
        for r in ids.iter().filter_map(|i| md(*i)) {
            if text.len() >= limit {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&r.text);
        }
        (truncate(&text, limit), limit)
    };
    let mut pages = Vec::with_capacity(hb.pages.len() + hb.values.len() + hb.roles.len() + 64);
    for p in &hb.pages {
        let r = md(p.body);
        let section = p
            .parent
            .filter(|&a| a != 0)
            .map_or_else(|| "Pages".to_string(), |a| hb.pages[a].title.clone());
        pages.push(SearchEntry {
            t: p.title.clone(),
            u: p.url.clone(),
            s: section,
            h: r.map(|r| {
                r.headings
                    .iter()
                    .map(|h| h.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .unwrap_or_default(),
            x: r.map(|r| truncate(&r.text, limit)).unwrap_or_default(),
        });
    }
    for v in &hb.values {
        let x = text_of(&[v.description]);
        pages.push(entry(
            &v.name,
            urls::value(&v.id.id),
            "Values",
            v.summary.as_deref(),
            x,
        ));
    }
    for r in &hb.roles {
        let x = text_of(&[r.description]);
        pages.push(entry(
            &r.title,
            urls::role(&r.id.id),
            "Roles",
            r.summary.as_deref(),
            x,
        ));
    }
    for t in &hb.ladder.tracks {
        let x = text_of(&[t.description]);
        pages.push(entry(
            &t.name,
            urls::track(&t.id.id),
            "Career ladder",
            None,
            x,
        ));
        for l in &t.levels {
            let x = text_of(&[l.description]);
            let title = match &l.code {
                Some(c) => format!("{c} · {}", l.title),
                None => l.title.clone(),
            };
            pages.push(entry(
                &title,
                urls::level(&t.id.id, &l.id.id),
                &t.name,
                l.summary.as_deref(),
                x,
            ));
        }
    }
    for c in &hb.ladder.competencies {
        let x = text_of(&[c.description]);
        pages.push(entry(
            &c.name,
            urls::competency(&c.id.id),
            "Competencies",
            None,
            x,
        ));
    }
    for s in &hb.hiring.stages {
        let x = text_of(&[s.guidance]);
        pages.push(entry(
            &s.name,
            urls::stage(&s.id.id),
            "Hiring",
            s.summary.as_deref(),
            x,
        ));
    }
    if let Some(l) = &hb.leaving {
        let x = text_of(&[l.description, l.alumni]);
        pages.push(entry("Leaving", urls::LEAVING.into(), "Leaving", None, x));
    }
    SearchIndex { version: 1, pages }
}

fn entry(
    title: &str,
    url: String,
    section: &str,
    summary: Option<&str>,
    (text, limit): (String, usize),
) -> SearchEntry {
    let x = match summary {
        Some(s) => truncate(&format!("{s} {text}"), limit),
        None => text,
    };
    SearchEntry {
        t: title.to_string(),
        u: url,
        s: section.to_string(),
        h: String::new(),
        x,
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = s[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three", 9), "one two…");
        assert_eq!(truncate("ééééé", 3), "é…");
    }
}
