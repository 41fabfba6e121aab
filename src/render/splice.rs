//! Placeholders for the big pieces of a page's HTML — its Markdown body, its sidebar, the print
//! page's bodies — that templates print but the template engine never copies.
//!
//! Passing a page's body through a Tera context copies it three times (into a `Value`, into
//! the output, and the localized copy before both); at 10,000 pages that was a sixth of the
//! build. Templates get a short placeholder instead, and [`Marks::split`] finds the placeholders
//! in the rendered page so the renderer writes the real HTML in their place, once.
//!
//! A placeholder carries a per-process random tag, so no text of a handbook (a title with
//! control characters, say) can pass for one.

use std::hash::{BuildHasher, Hasher};

use memchr::memmem::Finder;

/// Starts and ends a placeholder.
const SEP: char = '\u{1e}';

/// One piece of a rendered page: template output, or the name of a placeholder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Output of the template, as it is.
    Text(&'a [u8]),
    /// A placeholder made by [`Marks::mark`] with this name.
    Mark(&'a str),
}

/// Makes and finds placeholders.
pub(crate) struct Marks {
    /// `SEP`, the tag, `:`; a placeholder is the prefix, its name and `SEP`.
    prefix: String,
    finder: Finder<'static>,
}

/// Names are short: `content`, `sidebar`, or a page number.
const MAX_NAME: usize = 24;

impl Marks {
    /// Placeholders with a fresh random tag.
    pub(crate) fn new() -> Self {
        let tag = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let prefix = format!("{SEP}hb{tag:016x}:");
        let finder = Finder::new(prefix.as_bytes()).into_owned();
        Marks { prefix, finder }
    }

    /// The placeholder named `name` (short, without `SEP`).
    pub(crate) fn mark(&self, name: &str) -> String {
        debug_assert!(name.len() <= MAX_NAME && !name.contains(SEP));
        format!("{}{name}{SEP}", self.prefix)
    }

    /// Hands `each` the pieces of `rendered` in order. Bytes that only look like a placeholder
    /// (cut short, or changed by a filter) are passed on as text.
    pub(crate) fn split<'a, E>(
        &self,
        rendered: &'a [u8],
        mut each: impl FnMut(Piece<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut from = 0;
        let mut search = 0;
        while let Some(found) = self.finder.find(&rendered[search..]) {
            let start = search + found;
            let name_at = start + self.prefix.len();
            let rest = &rendered[name_at..rendered.len().min(name_at + MAX_NAME + 1)];
            let name = memchr::memchr(SEP as u8, rest)
                .and_then(|end| std::str::from_utf8(&rest[..end]).ok());
            match name {
                Some(name) => {
                    each(Piece::Text(&rendered[from..start]))?;
                    each(Piece::Mark(name))?;
                    from = name_at + name.len() + 1;
                    search = from;
                }
                None => search = name_at,
            }
        }
        each(Piece::Text(&rendered[from..]))
    }
}

impl Default for Marks {
    fn default() -> Self {
        Marks::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(marks: &Marks, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        marks
            .split(text.as_bytes(), |p| {
                out.push(match p {
                    Piece::Text(t) => format!("T{}", String::from_utf8_lossy(t)),
                    Piece::Mark(m) => format!("M{m}"),
                });
                Ok::<(), ()>(())
            })
            .unwrap();
        out
    }

    #[test]
    fn placeholders_split_the_text_around_them() {
        let m = Marks::new();
        let text = format!(
            "<a>{}<b>{}{}",
            m.mark("sidebar"),
            m.mark("content"),
            m.mark("7")
        );
        assert_eq!(
            pieces(&m, &text),
            ["T<a>", "Msidebar", "T<b>", "Mcontent", "T", "M7", "T"]
        );
        assert_eq!(pieces(&m, "plain"), ["Tplain"]);
    }

    #[test]
    fn look_alikes_stay_text() {
        let m = Marks::new();
        let other = Marks::new();
        let cut = m.mark("content");
        let cut = &cut[..cut.len() - 1];
        for text in [
            // Another build's tag, as a title could carry it.
            format!("a{}b", other.mark("content")),
            // The separator alone, as a title with control characters has it.
            format!("a{SEP}0{SEP}b"),
            // Cut short at the end of the output.
            format!("a{cut}"),
            // A name too long to be one.
            format!("a{}b", m.mark("x").replace('x', &"x".repeat(40))),
        ] {
            assert_eq!(pieces(&m, &text), [format!("T{text}")], "{text:?}");
        }
    }
}
