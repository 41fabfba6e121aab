//! Search over every text of the handbook (issue 17): phrases taken from each kind of text —
//! level expectations, traits, responsibilities, behaviours, anti-patterns, principles,
//! checklist items, stage guidance, competency and level descriptions, pages and the end of
//! the longest page — typed into the search box in Chromium, over HTTP and from `file://`,
//! must each bring up the page (and for an entity, the section) that holds them first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::support::browser::{Browser, Page};
use crate::support::http::Server;
use crate::support::{self, run, stderr};

/// A phrase to search for and where it must lead.
#[derive(Debug)]
struct Probe {
    kind: &'static str,
    phrase: String,
    /// Site-root-relative URL (with `#fragment` for an entity's section); for a free page
    /// any section of it will do.
    url: String,
}

/// The plain words of Markdown `text`, in order: link targets, emphasis and code marks left
/// out, as a reader sees them.
fn plain_words(text: &str) -> Vec<String> {
    let mut s = String::new();
    let mut rest = text;
    // `[label](dest)` → `label`.
    while let Some(open) = rest.find('[') {
        s.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, end)) => {
                s.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                rest = after;
            }
        }
    }
    s.push_str(rest);
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect()
}

/// Five plain words from the middle of `text` that occur nowhere else in `all`, if any.
fn phrase_from(text: &str, all: &[String], from_end: bool) -> Option<String> {
    let words = plain_words(text);
    let ok = |w: &String| w.len() > 1 && w.chars().all(char::is_alphabetic);
    let n = 5.min(words.len());
    let starts: Vec<usize> = if from_end {
        (0..=words.len().saturating_sub(n)).rev().collect()
    } else {
        let mid = words.len().saturating_sub(n) / 2;
        (mid..=words.len().saturating_sub(n))
            .chain(0..mid)
            .collect()
    };
    for start in starts {
        let window = &words[start..start + n];
        if n < 3 || !window.iter().all(ok) {
            continue;
        }
        let phrase = window.join(" ");
        let lower = phrase.to_lowercase();
        let count: usize = all.iter().map(|t| t.matches(&lower).count()).sum();
        if count == 1 {
            return Some(phrase);
        }
    }
    None
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join("\n"),
        Value::Object(o) => o.values().map(text_of).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

/// Phrases of every kind of text of the example handbook, from its sources.
fn probes(site: &Path) -> Vec<Probe> {
    let model: Value =
        serde_json::from_slice(&std::fs::read(site.join("handbook.json")).unwrap()).unwrap();
    let example = support::example();
    // Candidate (kind, text, url), then phrases unique across all of them.
    let mut texts: Vec<(&'static str, String, String, bool)> = Vec::new();
    for t in model["ladder"]["tracks"].as_array().unwrap() {
        let tid = t["id"].as_str().unwrap();
        for l in t["levels"].as_array().unwrap() {
            let lid = l["id"].as_str().unwrap();
            let url = format!("ladder/{tid}/{lid}/");
            if let Some(d) = l["description"].as_str() {
                texts.push(("level description", d.into(), url.clone(), false));
            }
            for (c, e) in l["expectations"].as_object().unwrap() {
                texts.push(("expectation", text_of(e), format!("{url}#{c}"), false));
            }
        }
    }
    for c in model["ladder"]["competencies"].as_array().unwrap() {
        if let Some(d) = c["description"].as_str() {
            let url = format!("competencies/{}/", c["id"].as_str().unwrap());
            texts.push(("competency", d.into(), url, false));
        }
    }
    for r in model["roles"].as_array().unwrap() {
        let url = format!("roles/{}/", r["id"].as_str().unwrap());
        for t in r["traits"].as_array().unwrap() {
            let text = text_of(&t["name"]);
            texts.push(("trait", text, format!("{url}#traits"), false));
        }
        for x in r["responsibilities"].as_array().unwrap() {
            let text = text_of(x);
            texts.push((
                "responsibility",
                text,
                format!("{url}#responsibilities"),
                false,
            ));
        }
        if let Some(d) = r["description"].as_str() {
            texts.push(("role description", d.into(), url, false));
        }
    }
    for v in model["values"].as_array().unwrap() {
        let url = format!("values/{}/", v["id"].as_str().unwrap());
        for x in v["behaviours"].as_array().unwrap() {
            texts.push(("behaviour", text_of(x), format!("{url}#behaviours"), false));
        }
        for x in v["anti_patterns"].as_array().unwrap() {
            texts.push((
                "anti-pattern",
                text_of(x),
                format!("{url}#anti-patterns"),
                false,
            ));
        }
        for x in v["questions"].as_array().into_iter().flatten() {
            let url = format!("{url}#questions");
            texts.push(("interview question", text_of(x), url, false));
        }
    }
    for s in model["hiring"]["stages"].as_array().unwrap() {
        if let Some(g) = s["guidance"].as_str() {
            let url = format!("hiring/{}/#guidance", s["id"].as_str().unwrap());
            texts.push(("stage guidance", g.into(), url, false));
        }
    }
    let leaving = &model["leaving"];
    for (i, p) in leaving["principles"].as_array().unwrap().iter().enumerate() {
        let url = format!("leaving/#principle-{}", i + 1);
        texts.push(("principle", text_of(&p["body"]), url, false));
    }
    for o in leaving["offboarding"].as_array().unwrap() {
        let text = text_of(&o["item"]);
        texts.push(("checklist item", text, "leaving/#offboarding".into(), false));
    }
    texts.push((
        "alumni",
        text_of(&leaving["alumni"]),
        "leaving/#alumni".into(),
        false,
    ));
    // Pages: a phrase from the middle of each, and the last words of the longest one.
    let mut longest = (0, String::new(), String::new());
    for p in model["pages"].as_array().unwrap() {
        let Some(source) = p["source"].as_str() else {
            continue;
        };
        let body = std::fs::read_to_string(example.join(source)).unwrap();
        let body = match body
            .strip_prefix("---\n")
            .and_then(|b| b.split_once("\n---\n"))
        {
            Some((_, rest)) => rest.to_string(),
            None => body,
        };
        let url = p["url"].as_str().unwrap().to_string();
        if body.len() > longest.0 {
            longest = (body.len(), body.clone(), url.clone());
        }
        texts.push(("page", body, url, false));
    }
    texts.push(("end of the longest page", longest.1, longest.2, true));
    let all: Vec<String> = texts
        .iter()
        .filter(|t| !t.3)
        .map(|t| plain_words(&t.1).join(" ").to_lowercase())
        .collect();
    let mut out: Vec<Probe> = Vec::new();
    let per_kind = |kind: &str| match kind {
        "expectation" => 10,
        "page" => 6,
        _ => 4,
    };
    for (kind, text, url, from_end) in &texts {
        if out.iter().filter(|p| p.kind == *kind).count() >= per_kind(kind) {
            continue;
        }
        if let Some(phrase) = phrase_from(text, &all, *from_end) {
            out.push(Probe {
                kind,
                phrase,
                url: url.clone(),
            });
        }
    }
    out
}

/// Types `phrase` into the search box and returns the results' targets, site-root-relative,
/// and their snippets.
fn search(page: &mut Page, phrase: &str) -> Vec<(String, String)> {
    let q = serde_json::to_string(phrase).unwrap();
    page.eval(&format!(
        "(() => {{ const i = document.getElementById('hb-search'); i.focus(); i.value = {q}; \
         i.dispatchEvent(new Event('input')); }})()"
    ));
    assert!(
        page.wait_for(
            &format!(
                "document.getElementById('hb-search-results').dataset.query === {q} && \
                 !document.getElementById('hb-search-results').hidden"
            ),
            Duration::from_secs(20)
        ),
        "no results shown for {phrase:?}"
    );
    let found = page.eval(
        "Array.from(document.querySelectorAll('#hb-search-results a')).map(a => \
         [new URL(a.getAttribute('href'), location.href).href, (a.querySelector('.r-text') || {}).textContent || ''])",
    );
    let base = page.eval("new URL(document.body.dataset.root, location.href).href");
    let base = base.as_str().unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let href = r[0].as_str().unwrap();
            let rel = href
                .strip_prefix(base)
                .unwrap_or(href)
                .replace("index.html", "");
            (rel, r[1].as_str().unwrap().to_string())
        })
        .collect()
}

fn check_all(page: &mut Page, probes: &[Probe]) -> Vec<String> {
    let mut misses = Vec::new();
    for p in probes {
        let results = search(page, &p.phrase);
        let first = results.first().map(|r| r.0.as_str()).unwrap_or("(none)");
        let ok = if p.kind == "page" || p.kind == "end of the longest page" {
            first == p.url || first.starts_with(&format!("{}#", p.url))
        } else {
            first == p.url
        };
        if !ok {
            misses.push(format!(
                "{} {:?}: expected {}, got {:?}",
                p.kind,
                p.phrase,
                p.url,
                results.iter().map(|r| &r.0).collect::<Vec<_>>()
            ));
        }
    }
    misses
}

fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let o = run(&[
        "build",
        support::example().to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, site)
}

#[test]
fn forty_phrases_from_every_kind_of_text_find_their_place_over_http_and_from_disk() {
    let (_tmp, site) = example_site();
    let probes = probes(&site);
    let kinds: std::collections::BTreeSet<&str> = probes.iter().map(|p| p.kind).collect();
    assert!(probes.len() >= 40, "{} phrases: {probes:#?}", probes.len());
    eprintln!("{} phrases of {} kinds", probes.len(), kinds.len());
    for kind in [
        "expectation",
        "trait",
        "responsibility",
        "behaviour",
        "anti-pattern",
        "principle",
        "checklist item",
        "stage guidance",
        "page",
        "end of the longest page",
    ] {
        assert!(kinds.contains(kind), "no phrase of kind {kind}: {kinds:?}");
    }
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (listener, _) = Server::bind();
    let server = Server::start(listener, &site, Some("404.html"));
    let mut page = browser.page();
    for url in [
        server.url("/values/"),
        format!("file://{}", site.join("values/index.html").display()),
    ] {
        page.goto(&url);
        let misses = check_all(&mut page, &probes);
        assert!(misses.is_empty(), "from {url}:\n{}", misses.join("\n"));
        let errors = page.errors();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn snippets_show_link_texts_filled_in() {
    let (_tmp, site) = example_site();
    let Some(browser) = Browser::launch() else {
        return;
    };
    let mut page = browser.page();
    page.goto(&format!("file://{}", site.join("index.html").display()));
    // roles/developer-experience-engineer.yaml: "A [](@role/platform-engineer) makes the
    // infrastructure work".
    let results = search(&mut page, "makes the infrastructure work");
    let (url, text) = &results[0];
    assert_eq!(url, "roles/developer-experience-engineer/");
    assert!(
        text.contains("Platform Engineer makes the infrastructure work"),
        "{text:?}"
    );
}
