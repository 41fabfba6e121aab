//! A link checker for built sites: every internal URL of every HTML file — `href`, `src`,
//! `srcset`, `poster`, `<object data>`, in the templates' markup and in raw HTML alike — must
//! resolve to a file of the output, and every `#anchor` to an element `id` (or `<a name>`) of
//! the target page. HTML is read with html5ever's tokenizer, so any quoting works.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One attribute of a start tag: (tag, attribute, value), the value with entities decoded.
pub type Attr = (String, String, String);

struct Collect(RefCell<Vec<Attr>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                for a in &tag.attrs {
                    self.0.borrow_mut().push((
                        tag.name.to_string(),
                        a.name.local.to_string(),
                        a.value.to_string(),
                    ));
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Every attribute of every start tag of `html`.
pub fn all_attributes(html: &str) -> Vec<Attr> {
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Values of the attribute `name` in `html`, entities decoded.
pub fn attributes(html: &str, name: &str) -> Vec<String> {
    all_attributes(html)
        .into_iter()
        .filter(|(_, a, _)| a == name)
        .map(|(_, _, v)| v)
        .collect()
}

/// The URLs of `html` a browser would follow or load.
pub fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (tag, attr, value) in all_attributes(html) {
        match (tag.as_str(), attr.as_str()) {
            (_, "href" | "src" | "poster") | ("object", "data") => out.push(value),
            (_, "srcset") => out.extend(
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(String::from),
            ),
            _ => {}
        }
    }
    out
}

/// The anchors of `html`: every `id`, and the `name` of every `<a>`.
pub fn anchors(html: &str) -> HashSet<String> {
    all_attributes(html)
        .into_iter()
        .filter(|(tag, attr, _)| attr == "id" || (tag == "a" && attr == "name"))
        .map(|(_, _, v)| v)
        .collect()
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

/// The ids `html` gives more than one element.
pub fn repeated_ids(html: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut repeated: Vec<String> = all_attributes(html)
        .into_iter()
        .filter(|(_, attr, _)| attr == "id")
        .filter_map(|(_, _, v)| (!seen.insert(v.clone())).then_some(v))
        .collect();
    repeated.sort();
    repeated.dedup();
    repeated
}

/// The heading levels of `html` in order (`<h2>` → 2).
pub fn heading_levels(html: &str) -> Vec<u8> {
    // Text and attribute values carry `<` escaped, so every `<hN` is a tag.
    html.match_indices("<h")
        .filter_map(|(i, _)| match html.as_bytes().get(i + 2..i + 4) {
            // Up to 9: a `<h7>` is no heading to a browser, but must show here.
            Some(&[d @ b'1'..=b'9', b' ' | b'>']) => Some(d - b'0'),
            _ => None,
        })
        .collect()
}

/// Where the outline of `html` skips a level going down (`<h2>` then `<h4>`).
pub fn skipped_levels(html: &str) -> Vec<(u8, u8)> {
    let levels = heading_levels(html);
    levels
        .windows(2)
        .filter(|w| w[1] > w[0] + 1)
        .map(|w| (w[0], w[1]))
        .collect()
}

/// Checks every HTML file under `site`; returns one line per broken link, and per page whose
/// ids repeat (a fragment link to a repeated id lands on the first).
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
        .map(|(rel, html)| (rel.as_str(), anchors(html)))
        .collect();
    let mut problems = Vec::new();
    for (rel, html) in &pages {
        let repeated = repeated_ids(html);
        if !repeated.is_empty() {
            problems.push(format!("{rel}: ids used twice: {}", repeated.join(", ")));
        }
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        for url in urls(html) {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("//")
                || url.starts_with("data:image/")
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
    std::fs::write(site.join("index.html"), r##"<a href="a/">ok</a><a href="a/#x">ok</a><a href="b/">no</a><a href="a/#y">no</a><h2 id="top"></h2><a href="#top">ok</a><a href="../out">no</a><a href='a/#old'>ok</a><p id="top"></p>"##).unwrap();
    std::fs::write(
        site.join("a/index.html"),
        r#"<p id="x"></p><a name=old></a><a href="../">up</a><img src="../missing.png"><img srcset="../i.png 1x, ../gone.png 2x"><video poster=../p.jpg></video><object data="../d.pdf"></object>"#,
    )
    .unwrap();
    std::fs::write(site.join("i.png"), "").unwrap();
    let problems = broken_links(site);
    assert_eq!(problems.len(), 8, "{problems:#?}");
    for gone in [
        "ids used twice: top",
        "b/",
        "a/#y",
        "../out",
        "missing.png",
        "gone.png",
        "p.jpg",
        "d.pdf",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(gone)),
            "{gone}: {problems:#?}"
        );
    }
}

const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup",
];

struct Text(RefCell<(String, bool)>);

impl TokenSink for Text {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if matches!(&*tag.name, "script" | "style") => {
                state.1 = tag.kind == TagKind::StartTag;
                if state.1 {
                    // Their content is raw text, not markup, as in a browser.
                    let kind = if &*tag.name == "script" {
                        RawKind::ScriptData
                    } else {
                        RawKind::Rawtext
                    };
                    return TokenSinkResult::RawData(kind);
                }
            }
            // Block tags separate words, inline ones don't; whitespace is collapsed below.
            Token::TagToken(tag) if !INLINE.contains(&&*tag.name) => state.0.push(' '),
            Token::CharacterTokens(t) if !state.1 => state.0.push_str(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The text a reader sees in `html` (scripts and styles left out), entities decoded and
/// whitespace collapsed to single spaces.
pub fn text(html: &str) -> String {
    let tokenizer = Tokenizer::new(
        Text(RefCell::new((String::new(), false))),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let (text, _) = tokenizer.sink.0.take();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
