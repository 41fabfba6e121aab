//! Heading levels of Markdown shown inside a template. A value's description, a stage's
//! guidance or a trait's description may have `## Example`; shown under the template's own
//! `<h4>`, that heading must become an `<h5>`, or the page's outline skips levels and nests
//! wrongly (SPEC §6). Which template heading a text lands under is only known once the
//! template has run, so a text's headings are first marked with their level relative to the
//! text's own top level ([`relative`]), and the rendered page is then given real levels, one
//! below the template heading before each ([`nest`]).

/// Marks `<h` + relative level in place of `<h` + level; never in rendered Markdown otherwise
/// (control characters are not kept in HTML).
const MARK: u8 = 0x03;

/// `html`, rendered Markdown whose first heading has level `top`, with each heading's tags
/// (`<h2 id="…">…</h2>`) marked with its level relative to `top` (1 for `top`, and for any
/// shallower heading after it). `digits` are where the level digits of those tags are
/// (`Rendered::level_digits`).
pub(crate) fn relative(html: &str, digits: &[u32], top: u8) -> String {
    let mut out = String::with_capacity(html.len() + digits.len());
    let mut last = 0;
    for &at in digits {
        let at = at as usize;
        let level = html.as_bytes()[at] - b'0';
        out.push_str(&html[last..at]);
        out.push(char::from(MARK));
        out.push(char::from(b'0' + (level.saturating_sub(top) + 1)));
        last = at + 1;
    }
    out.push_str(&html[last..]);
    out
}

/// The rendered page `html` with every marked heading given its level: its relative level
/// below the last unmarked (template) heading before it, at most 6.
pub(crate) fn nest(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut last = 1u8;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &html[i..]).map(|a| i + a) {
        let tag = &html[at..];
        let (closing, name) = match tag.get(1) {
            Some(b'/') => (true, &tag[2..]),
            _ => (false, &tag[1..]),
        };
        match name {
            [b'h', MARK, rel, ..] => {
                let level = last.saturating_add(rel - b'0').min(6);
                out.extend_from_slice(&html[i..at]);
                out.extend_from_slice(if closing { b"</h" } else { b"<h" });
                out.push(b'0' + level);
                i = at + if closing { 5 } else { 4 };
                continue;
            }
            [b'h', d @ b'1'..=b'6', next, ..] if !closing && matches!(next, b' ' | b'>') => {
                last = d - b'0';
            }
            _ => {}
        }
        out.extend_from_slice(&html[i..=at]);
        i = at + 1;
    }
    out.extend_from_slice(&html[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{ID, level_digits};

    fn rel(html: &str, top: u8) -> String {
        relative(html, &level_digits(html), top)
    }

    fn heading(level: u8, id: &str) -> String {
        format!("<h{level} id=\"{ID}{id}\">T<a href=\"#{ID}{id}\">#</a></h{level}>\n")
    }

    #[test]
    fn headings_nest_below_the_template_heading_before_them() {
        let text = format!("{}<p>x</p>{}", heading(2, "a"), heading(3, "b"));
        let marked = rel(&text, 2);
        assert!(
            !marked.contains("<h2") && !marked.contains("</h3>"),
            "{marked}"
        );
        let page = format!(
            "<h1>P</h1>{marked}<h2>Section</h2><ul><li>{marked}</li></ul><h4 class=\"x\">Deep</h4>{marked}<h2>End</h2>"
        );
        let nested = String::from_utf8(nest(page.as_bytes())).unwrap();
        let levels: Vec<&str> = nested
            .match_indices("<h")
            .map(|(i, _)| &nested[i..i + 3])
            .collect();
        assert_eq!(
            levels,
            [
                "<h1", "<h2", "<h3", "<h2", "<h3", "<h4", "<h4", "<h5", "<h6", "<h2"
            ]
        );
        assert!(nested.contains("</h5>") && nested.contains("</h6>"));
        assert!(!nested.contains(char::from(MARK)));
        // Ids, links and text are left as they were.
        assert_eq!(nested.matches(&format!("id=\"{ID}a\"")).count(), 3);
    }

    #[test]
    fn deep_texts_are_capped_and_shallow_ones_lifted() {
        let text = format!("{}{}", heading(4, "a"), heading(6, "b"));
        let nested = nest(format!("<h5>x</h5>{}", rel(&text, 4)).as_bytes());
        let nested = String::from_utf8(nested).unwrap();
        assert!(
            nested.contains("<h6 id") && !nested.contains("<h7"),
            "{nested}"
        );
        // A text whose top heading is `####` under an `<h1>` starts at `<h2>`.
        let nested =
            String::from_utf8(nest(format!("<h1>x</h1>{}", rel(&text, 4)).as_bytes())).unwrap();
        assert!(
            nested.contains("<h2 id") && nested.contains("<h4 id"),
            "{nested}"
        );
    }

    #[test]
    fn other_tags_are_untouched() {
        let page = "<head><header><hr><h1 id=\"x\">A</h1><hgroup></hgroup></header>";
        assert_eq!(nest(page.as_bytes()), page.as_bytes());
        assert_eq!(rel("<h2>raw</h2>", 2), "<h2>raw</h2>");
    }
}
