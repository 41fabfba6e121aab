//! What plain text of a page holds besides words: bare URLs that GitHub turns into links
//! (`https://…`, `www.…`, e-mail addresses), and template tags of another site generator
//! (Jekyll's Liquid `{% include %}`, `{{ site.x }}`) that would be published as literal text;
//! and where plain text has a gap between words.

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{Event, Tag, TagEnd};

/// A piece of text: words, or a bare URL with the destination its link gets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Plain text.
    Text(&'a str),
    /// A bare URL or address as written, and its link's destination.
    Link(&'a str, String),
}

/// `text` split into plain text and bare URLs, as GitHub links them; `None` when it has none.
pub(crate) fn autolinks(text: &str) -> Option<Vec<Piece<'_>>> {
    // Nearly every text has none: a URL has `:` (`https://`) or starts `www.`, an address has
    // `@`; the finder only runs where one could be. (Searching each text for `://` and `www.`
    // with `str::contains` was 4% of a 10,000-page build.)
    let bytes = text.as_bytes();
    let www =
        memchr::memchr_iter(b'.', bytes).any(|dot| dot >= 3 && &bytes[dot - 3..dot] == b"www");
    if !www && memchr::memchr2(b':', b'@', bytes).is_none() {
        return None;
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut out = Vec::new();
    // Where the words not yet handed out start.
    let mut words = 0;
    for span in finder.spans(text) {
        let piece = span.as_str();
        let dest = match span.kind() {
            Some(LinkKind::Url) if piece.contains("://") => piece.to_string(),
            Some(LinkKind::Url) if piece.starts_with("www.") => format!("https://{piece}"),
            Some(LinkKind::Email) => format!("mailto:{piece}"),
            // `node.js` is a URL to linkify, but not to GitHub.
            _ => continue,
        };
        if words < span.start() {
            out.push(Piece::Text(&text[words..span.start()]));
        }
        out.push(Piece::Link(piece, dest));
        words = span.end();
    }
    if out.is_empty() {
        return None;
    }
    if words < text.len() {
        out.push(Piece::Text(&text[words..]));
    }
    Some(out)
}

/// The byte range of the first template tag of another site generator in `source` (Markdown as
/// written, outside code): `{% … %}` or `{{ … }}` on one line.
pub(crate) fn foreign_syntax(source: &str) -> Option<std::ops::Range<usize>> {
    memchr::memchr(b'{', source.as_bytes())?;
    [("{%", "%}"), ("{{", "}}")]
        .iter()
        .filter_map(|(open, close)| {
            let start = source.find(open)?;
            let rest = &source[start + 2..];
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            let end = line.find(close)?;
            Some(start..start + 2 + end + 2)
        })
        .min_by_key(|r| r.start)
}

/// True for the events between which plain text has a gap even when the source has no
/// whitespace there: line breaks, rules and the start or end of a block (a paragraph, a list
/// item, a table cell...). Inline marks (emphasis, links, code) are not: `[guide](x).` is
/// "guide." and `(*a*)` is "(a)".
pub(crate) fn separates_words(event: &Event<'_>) -> bool {
    let inline = |tag: &Tag<'_>| {
        matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    };
    match event {
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => !inline(tag),
        Event::End(end) => !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_urls_become_links_like_on_github() {
        assert_eq!(autolinks("plain words"), None);
        assert_eq!(
            autolinks("see https://example.com/a?b=1. Or www.example.org, or ops@acme.dev")
                .unwrap(),
            [
                Piece::Text("see "),
                Piece::Link(
                    "https://example.com/a?b=1",
                    "https://example.com/a?b=1".into()
                ),
                Piece::Text(". Or "),
                Piece::Link("www.example.org", "https://www.example.org".into()),
                Piece::Text(", or "),
                Piece::Link("ops@acme.dev", "mailto:ops@acme.dev".into()),
            ]
        );
        // A word with a dot is not a URL without `www.` or a scheme.
        assert_eq!(autolinks("node.js and a@"), None);
    }

    #[test]
    fn liquid_tags_are_found() {
        assert_eq!(foreign_syntax("a {% include x.html %} b"), Some(2..22));
        assert_eq!(foreign_syntax("Hi {{ site.title }}!"), Some(3..19));
        assert_eq!(foreign_syntax("a { b } {% c"), None);
        assert_eq!(foreign_syntax("{{ open\nclose }}"), None);
    }
}
