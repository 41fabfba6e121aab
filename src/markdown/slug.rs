//! Heading ids: GitHub's slugs, made unique per page.

use std::collections::{HashMap, HashSet};

/// Makes heading ids unique the way GitHub does: `intro`, `intro-1`, `intro-2`...
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    reserved: &'static [&'static str],
    /// Ids given out.
    seen: HashSet<String>,
    /// For each id claimed more than once, the first number not yet tried after it. Ids are
    /// never given back, so numbers below it stay taken and need no second try: without this,
    /// n equal headings cost n²/2 tries (16,000 `## s` took 12 seconds).
    next: HashMap<String, usize>,
    /// Ids tried so far, to show that claiming stays linear.
    tries: usize,
}

impl Slugger {
    /// A slugger that treats `reserved` as already taken.
    pub(crate) fn new(reserved: &'static [&'static str]) -> Self {
        Slugger {
            reserved,
            seen: HashSet::new(),
            next: HashMap::new(),
            tries: 0,
        }
    }

    /// The unique id for a heading with text `text`; `section` for one whose text gives no
    /// slug (`## `, `## !!!`), since an element cannot have an empty id.
    pub(crate) fn slug(&mut self, text: &str) -> String {
        match github_slug(text) {
            s if s.is_empty() => self.claim("section".into()),
            s => self.claim(s),
        }
    }

    /// Marks `id` as taken (an `id` or `<a name>` of raw HTML), so no later heading takes it;
    /// false when a heading has it already.
    pub(crate) fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string())
    }

    /// Claims `base`, or the first free `base-N`.
    pub(crate) fn claim(&mut self, base: String) -> String {
        if self.take(&base) {
            return base;
        }
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if self.take(&candidate) {
                self.next.insert(base, n);
                return candidate;
            }
        }
    }

    /// Takes `id` if it is free.
    fn take(&mut self, id: &str) -> bool {
        self.tries += 1;
        if self.reserved.contains(&id) || self.seen.contains(id) {
            return false;
        }
        self.seen.insert(id.to_string());
        true
    }
}

/// GitHub's heading slug: lowercase; keep letters, marks, numbers, `_`, `-` and spaces; each
/// space becomes `-`. (github-slugger's rule, so `#anchors` written for GitHub keep working.)
pub(crate) fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            out.push('-');
        } else if c == '-' || c == '_' || c.is_alphanumeric() || is_mark(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    // Combining marks (accents written as separate code points) are kept by GitHub.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A slug restricted to `a-z`, `0-9` and `-`, for ids and file names we generate.
pub(crate) fn slug_ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_numbered_like_github() {
        let mut s = Slugger::new(&["traits"]);
        let ids: Vec<String> = ["Intro", "Intro", "Intro 1", "Intro", "Traits", "Traits"]
            .iter()
            .map(|t| s.slug(t))
            .collect();
        assert_eq!(
            ids,
            [
                "intro",
                "intro-1",
                "intro-1-1",
                "intro-2",
                "traits-1",
                "traits-2"
            ]
        );
        // A number taken by another heading first is skipped, not given twice.
        let mut s = Slugger::new(&[]);
        let ids: Vec<String> = ["s 2", "s", "s", "s", "s"]
            .iter()
            .map(|t| s.slug(t))
            .collect();
        assert_eq!(ids, ["s-2", "s", "s-1", "s-3", "s-4"]);
    }

    /// Issue 19, item 2: n equal headings cost a number of tries linear in n (the old loop
    /// tried `-1`, `-2`... from 1 for each: n²/2 tries).
    #[test]
    fn many_equal_headings_take_linear_tries() {
        let mut s = Slugger::new(&[]);
        let n = 5_000;
        for _ in 0..n {
            s.slug("s");
        }
        assert!(s.tries <= 2 * n, "{} tries for {n} headings", s.tries);
        assert_eq!(s.slug("s"), format!("s-{n}"));
    }
}
