//! Raw HTML inside Markdown: its links are resolved like Markdown links and its ids count as
//! anchors, so a card grid of `<a href="x.md">` or an `<img src="./logo.svg">` works on the
//! site exactly as on GitHub.
//!
//! Each piece of raw HTML pulldown-cmark hands over (a block, or one inline tag) goes through
//! html5ever's tokenizer and is written back token by token: tags with their attributes
//! (URL attributes rewritten, ids marked like heading ids), text escaped, comments kept. The
//! output means the same as the input; only its spelling may change (quotes, entities).
//! `sanitize` additionally runs the whole rendered text through ammonia.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::escape::{ID, escape_attr_into};

/// The attributes that hold URLs, resolved and rewritten like Markdown links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UrlAttr {
    /// `href` (a link: its target may be a page).
    Href,
    /// `src`, `poster`, `<object data>` and each URL of a `srcset` (an embedded file).
    Src,
}

/// Rewrites one piece of raw HTML into `out`. `url` gets each URL as written and returns what
/// to write instead; `anchors` receives every `id` (and `name` of an `<a>`), which are written
/// with the [`ID`] marker, as heading ids are.
pub(crate) fn rewrite(
    html: &str,
    url: &mut dyn FnMut(&str, UrlAttr) -> String,
    anchors: &mut Vec<String>,
    out: &mut String,
) {
    let sink = Sink {
        state: RefCell::new(State {
            out,
            url,
            anchors,
            raw_until: None,
        }),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

struct Sink<'a> {
    state: RefCell<State<'a>>,
}

struct State<'a> {
    out: &'a mut String,
    url: &'a mut dyn FnMut(&str, UrlAttr) -> String,
    anchors: &'a mut Vec<String>,
    /// Inside `<script>`, `<style>`...: text is written as it is until this end tag.
    raw_until: Option<String>,
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => return state.tag(tag),
            Token::CharacterTokens(text) => {
                if state.raw_until.is_some() {
                    state.out.push_str(&text);
                } else {
                    escape_text(state.out, &text);
                }
            }
            Token::CommentToken(text) => {
                state.out.push_str("<!--");
                state.out.push_str(&text);
                state.out.push_str("-->");
            }
            Token::DoctypeToken(d) => {
                state.out.push_str("<!DOCTYPE ");
                state.out.push_str(d.name.as_deref().unwrap_or("html"));
                state.out.push('>');
            }
            Token::NullCharacterToken => state.out.push('\u{FFFD}'),
            Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

impl State<'_> {
    fn tag(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            if self.raw_until.as_deref() == Some(name) {
                self.raw_until = None;
            }
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
            return TokenSinkResult::Continue;
        }
        self.out.push('<');
        self.out.push_str(name);
        // `<a name="x">`, the anchor of old READMEs, is obsolete in HTML (the Nu checker's
        // error); written as the `id` it means, it still answers `#x`.
        let name_is_id = name == "a" && !tag.attrs.iter().any(|a| &*a.name.local == "id");
        for attr in &tag.attrs {
            let key: &str = &attr.name.local;
            let value: &str = &attr.value;
            self.out.push(' ');
            self.out
                .push_str(if key == "name" && name_is_id && !value.is_empty() {
                    "id"
                } else {
                    key
                });
            self.out.push_str("=\"");
            match (key, name) {
                ("href", _) => {
                    let resolved = (self.url)(value, UrlAttr::Href);
                    escape_attr_into(self.out, &resolved);
                }
                ("src" | "poster", _) | ("data", "object") => {
                    let resolved = (self.url)(value, UrlAttr::Src);
                    escape_attr_into(self.out, &resolved);
                }
                ("srcset", _) => {
                    let resolved = srcset(value, self.url);
                    escape_attr_into(self.out, &resolved);
                }
                ("id", _) | ("name", "a") if !value.is_empty() => {
                    self.anchors.push(value.to_string());
                    self.out.push(ID);
                    escape_attr_into(self.out, value);
                }
                _ => escape_attr_into(self.out, value),
            }
            self.out.push('"');
        }
        if tag.self_closing {
            self.out.push_str(" /");
        }
        self.out.push('>');
        // The tokenizer alone doesn't know which elements hold raw text; a tree builder
        // would tell it, and so do we.
        let raw = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
            "textarea" | "title" => Some(RawKind::Rcdata),
            _ => None,
        };
        match raw {
            Some(kind) if !tag.self_closing => {
                self.raw_until = Some(name.to_string());
                TokenSinkResult::RawData(kind)
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// A `srcset` with each candidate's URL rewritten: `a.png 1x, b.png 2x`.
fn srcset(value: &str, url: &mut dyn FnMut(&str, UrlAttr) -> String) -> String {
    let mut out = String::with_capacity(value.len() + 16);
    for candidate in value.split(',') {
        let candidate = candidate.trim();
        if candidate.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        let (src, descriptor) = candidate
            .split_once(char::is_whitespace)
            .unwrap_or((candidate, ""));
        out.push_str(&url(src, UrlAttr::Src));
        if !descriptor.trim().is_empty() {
            out.push(' ');
            out.push_str(descriptor.trim());
        }
    }
    out
}

fn escape_text(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// The rendered HTML of a page without scripts, event handlers and script URLs
/// (`markdown.raw_html: sanitize`): ammonia over the whole text, allowing everything a
/// handbook page uses (including the ids, classes and ARIA attributes the renderer writes).
pub(crate) fn sanitize(html: &str) -> String {
    use std::collections::HashSet;
    static ALLOWED: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags([
                "section",
                "figure",
                "figcaption",
                "details",
                "summary",
                "input",
                "picture",
                "source",
                "video",
                "audio",
                "track",
                "mark",
                "kbd",
                "samp",
                "var",
                "time",
                "abbr",
                "dfn",
                "aside",
                "nav",
                "header",
                "footer",
                "main",
                "article",
            ])
            .add_generic_attributes([
                "id",
                "class",
                "role",
                "tabindex",
                "aria-label",
                "aria-labelledby",
                "aria-describedby",
                "aria-hidden",
                "title",
                "lang",
                "dir",
                "name",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("img", ["loading", "srcset", "sizes", "width", "height"])
            .add_tag_attributes("source", ["src", "srcset", "type", "media", "sizes"])
            .add_tag_attributes("video", ["src", "poster", "controls", "width", "height"])
            .add_tag_attributes("audio", ["src", "controls"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .link_rel(None)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
            b
        });
    ALLOWED.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> (String, Vec<String>, Vec<(String, UrlAttr)>) {
        let mut seen = Vec::new();
        let mut anchors = Vec::new();
        let mut out = String::new();
        rewrite(
            html,
            &mut |u, a| {
                seen.push((u.to_string(), a));
                format!("<{u}>")
            },
            &mut anchors,
            &mut out,
        );
        (out, anchors, seen)
    }

    #[test]
    fn urls_are_rewritten_and_ids_marked() {
        let (out, anchors, seen) = run(
            "<a href=\"x.md\" class=card><img src='./logo.svg' alt=\"A &amp; B\"></a><p id=top name=n>t &lt; u</p>",
        );
        assert_eq!(
            out,
            "<a href=\"&lt;x.md&gt;\" class=\"card\"><img src=\"&lt;./logo.svg&gt;\" alt=\"A &amp; B\"></a><p id=\"\u{2}top\" name=\"n\">t &lt; u</p>"
        );
        assert_eq!(anchors, ["top"]);
        assert_eq!(
            seen,
            [
                ("x.md".into(), UrlAttr::Href),
                ("./logo.svg".into(), UrlAttr::Src)
            ]
        );
    }

    #[test]
    fn srcset_poster_object_data_and_named_anchors() {
        let (_, anchors, seen) = run(
            "<img srcset=\"a.png 1x, b.png 2x\"><video poster=p.jpg></video><object data=d.pdf></object><a name=old>x</a>",
        );
        let urls: Vec<&str> = seen.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(urls, ["a.png", "b.png", "p.jpg", "d.pdf"]);
        assert_eq!(anchors, ["old"]);
    }

    #[test]
    fn a_named_anchor_becomes_an_id_unless_it_has_one() {
        assert_eq!(
            run("<a name=\"contact\"></a>").0,
            "<a id=\"\u{2}contact\"></a>"
        );
        let (out, anchors, _) = run("<a id=\"x\" name=\"y\"></a><p name=\"z\"></p>");
        assert_eq!(
            out,
            "<a id=\"\u{2}x\" name=\"\u{2}y\"></a><p name=\"z\"></p>"
        );
        assert_eq!(anchors, ["x", "y"]);
    }

    #[test]
    fn script_text_is_kept_verbatim_and_pieces_stay_pieces() {
        let (out, _, _) = run("<script>if (a < b && c) {}</script>");
        assert_eq!(out, "<script>if (a < b && c) {}</script>");
        // An unclosed block start, as Markdown hands it over, stays unclosed.
        assert_eq!(run("<div class=\"grid\">").0, "<div class=\"grid\">");
        assert_eq!(run("</div>").0, "</div>");
        assert_eq!(run("<!-- note -->").0, "<!-- note -->");
    }

    #[test]
    fn sanitizing_removes_scripts_handlers_and_script_urls_only() {
        let clean = sanitize(
            "<p id=\"\u{2}x\" class=\"c\" onclick=\"alert(1)\">Hi <a href=\"javascript:alert(1)\">j</a> <a href=\"\u{1}a/\">a</a></p><script>alert(2)</script><img src=\"x.png\" onerror=\"alert(3)\">",
        );
        assert!(
            !clean.contains("onclick") && !clean.contains("onerror"),
            "{clean}"
        );
        assert!(
            !clean.contains("javascript:") && !clean.contains("<script"),
            "{clean}"
        );
        assert!(
            clean.contains("id=\"\u{2}x\"") && clean.contains("class=\"c\""),
            "{clean}"
        );
        assert!(clean.contains("href=\"\u{1}a/\""), "{clean}");
        assert!(clean.contains("<img src=\"x.png\">"), "{clean}");
    }
}
