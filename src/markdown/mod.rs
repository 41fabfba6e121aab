//! Markdown → HTML with pulldown-cmark: GitHub extensions, GitHub-compatible heading ids, link
//! rewriting and link checking, in one pass over the events.
//!
//! The HTML produced here is *position independent*: internal URLs start with [`ROOT`] and
//! element ids (and same-page `#fragments`) with [`ID`]. [`localize`] swaps the markers for a
//! page's relative root (`../../`) and id prefix, so one rendering serves the page itself, every
//! other page that shows the same text at another depth, and the one-page `/print/` view.

mod escape;
mod footnotes;
mod fragments;
mod outline;
mod raw_html;
mod slug;
mod text;
mod types;

pub(crate) use escape::{
    ID, ROOT, encode_path, escape_attr, is_external, is_unsafe_url, localize, localize_each,
    marked_ids,
};
pub(crate) use slug::{Slugger, github_slug, slug_ascii};
pub(crate) use types::{
    Heading, LiftTitle, LinkIssue, LinkIssueKind, Rendered, Resolved, Resolver, Style,
};

use std::fmt::Write as _;

use crate::model::RawHtml;
use outline::Outline;
pub(crate) use outline::level_digits;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd, html,
};

/// The pulldown-cmark options of GitHub-flavoured Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The plain text of inline Markdown (a heading's text): emphasis, link and code marks and
/// HTML tags dropped, entities decoded.
pub(crate) fn plain_text(inline: &str) -> String {
    let mut out = String::with_capacity(inline.len());
    for event in Parser::new_ext(inline, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Renders `src` with `style`, resolving links with `resolver`.
pub(crate) fn render(src: &str, style: Style<'_>, resolver: &dyn Resolver) -> Rendered {
    let clean;
    let src = if memchr::memchr2(ROOT as u8, ID as u8, src.as_bytes()).is_some() {
        // The markers must only ever come from us; a space of the same length keeps every
        // offset (and so every diagnostic position) as it was.
        clean = src.replace([ROOT, ID], " ");
        clean.as_str()
    } else {
        src
    };
    let mut r = Renderer {
        src,
        style,
        resolver,
        out: Rendered {
            // HTML comes out about a third longer than its Markdown (heading anchors, tags):
            // room for that in one allocation, so no page's buffer doubles and is copied.
            html: String::with_capacity(src.len() * 3 / 2 + 128),
            text: String::with_capacity(src.len() + 64),
            ..Rendered::default()
        },
        slugs: Slugger::new(style.reserved_ids),
        footnotes: Vec::new(),
        footnote_numbers: Vec::new(),
        link_depth: 0,
        in_code: false,
        text_gap: false,
        outline: Outline::default(),
        fragments: Vec::new(),
    };
    r.run();
    let placed = r.place_fragments();
    if style.raw_html == RawHtml::Sanitize {
        r.out.html = raw_html::sanitize(&r.out.html);
    }
    // Both rewrite the HTML after its headings were written.
    if placed || style.raw_html == RawHtml::Sanitize {
        r.out.level_digits = level_digits(&r.out.html);
    }
    // Kept for the whole build (pages, print page, search index): copied out at their exact
    // size, since an allocator may shrink a block in place and keep its slack (mimalloc does
    // down to half), while the roomy buffer goes back for the next page.
    r.out.html = r.out.html.as_str().to_owned();
    r.out.text = r.out.text.as_str().to_owned();
    static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    r.out.serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    r.out
}

struct Renderer<'a> {
    src: &'a str,
    style: Style<'a>,
    resolver: &'a dyn Resolver,
    out: Rendered,
    slugs: Slugger,
    /// Rendered footnote definitions, in order of definition.
    footnotes: Vec<(String, String)>,
    /// Footnote labels in order of first reference, with how often each was referenced.
    footnote_numbers: Vec<(String, usize)>,
    /// Links the current event is inside: their text is not autolinked.
    link_depth: usize,
    /// The headings so far, for the level of the next.
    outline: Outline,
    /// The `#fragment` links of a text shown on other pages too, in order.
    fragments: Vec<String>,
    /// Inside a code block: no autolinks, no foreign-syntax warnings.
    in_code: bool,
    /// The plain text's next words start after a gap (whitespace in the source, a line
    /// break or a block boundary), so they are separated from the words before by a space.
    text_gap: bool,
}

type Spanned<'a> = (Event<'a>, std::ops::Range<usize>);

impl<'a> Renderer<'a> {
    fn run(&mut self) {
        let parser = Parser::new_ext(self.src, options()).into_offset_iter();
        // Flushed past 256 events: sized once, not grown (and copied) again for every page.
        let mut events: Vec<Spanned<'a>> = Vec::with_capacity(320);
        let mut iter = parser.peekable();
        let mut first_block = true;
        while let Some((event, range)) = iter.next() {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let inner = collect_until_end(&mut iter);
                    let text = heading_text(&inner);
                    let lift = first_block
                        && level == HeadingLevel::H1
                        && match self.style.lift {
                            LiftTitle::No => false,
                            LiftTitle::Always => true,
                            LiftTitle::IfTitle(title) => text.trim() == title,
                        };
                    self.heading(level, id, inner, text, lift, &mut events);
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.text_gap = true;
                    let inner = collect_until_end(&mut iter);
                    let mut html_out = String::new();
                    let mut sub = Vec::new();
                    self.transform(inner, &mut sub);
                    html::push_html(&mut html_out, sub.into_iter().map(|(e, _)| e));
                    self.footnotes.push((label.to_string(), html_out));
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                    if self.style.inline =>
                {
                    self.text_gap = true;
                }
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    // Links and images need their inner events to fill in text and alt.
                    let end = if matches!(tag, Tag::Link { .. }) {
                        TagEnd::Link
                    } else {
                        TagEnd::Image
                    };
                    let mut one = vec![(Event::Start(tag), range)];
                    one.extend(collect_until_end(&mut iter));
                    one.push((Event::End(end), 0..0));
                    self.transform(one, &mut events);
                }
                other => self.one(other, range, &mut events),
            }
            first_block = false;
            if events.len() > 256 {
                self.flush(&mut events);
            }
        }
        self.flush(&mut events);
        self.push_footnotes();
    }

    fn flush(&mut self, events: &mut Vec<Spanned<'a>>) {
        html::push_html(&mut self.out.html, events.drain(..).map(|(e, _)| e));
    }

    /// Rewrites links, images, raw HTML, task markers and footnote references.
    fn transform(&mut self, input: Vec<Spanned<'a>>, out: &mut Vec<Spanned<'a>>) {
        let mut iter = input.into_iter().peekable();
        while let Some((event, range)) = iter.next() {
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    self.link_depth += 1;
                    let empty = matches!(iter.peek(), Some((Event::End(TagEnd::Link), _)));
                    let (open, fill) = self.link(link_type, &dest_url, &title, range, empty);
                    out.push((Event::InlineHtml(open.into()), 0..0));
                    if let Some(text) = fill {
                        // Filled in here, so it never passes `text()`: searchable all the same.
                        self.push_text(&text);
                        out.push((Event::Text(text.into()), 0..0));
                    }
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let mut alt = String::new();
                    for (e, _) in iter.by_ref() {
                        match e {
                            Event::End(TagEnd::Image) => break,
                            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                            _ => {}
                        }
                    }
                    let tag = self.image(&dest_url, &title, &alt, range);
                    out.push((Event::InlineHtml(tag.into()), 0..0));
                }
                other => self.one(other, range, out),
            }
        }
    }

    /// Rewrites one event that needs no look-ahead.
    fn one(&mut self, event: Event<'a>, range: std::ops::Range<usize>, out: &mut Vec<Spanned<'a>>) {
        if text::separates_words(&event) {
            self.text_gap = true;
        }
        match event {
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                out.push((Event::InlineHtml("</a>".into()), 0..0))
            }
            Event::Html(h) | Event::InlineHtml(h) if self.style.raw_html == RawHtml::Escape => {
                out.push((Event::Text(h), range))
            }
            Event::Html(h) => {
                let html = self.raw_html(&h, &range);
                out.push((Event::Html(html.into()), range));
            }
            Event::InlineHtml(h) => {
                let html = self.raw_html(&h, &range);
                out.push((Event::InlineHtml(html.into()), range));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "Done")
                } else {
                    ("", "Not done")
                };
                out.push((
                    Event::InlineHtml(
                        format!(
                            "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                        )
                        .into(),
                    ),
                    0..0,
                ));
            }
            Event::FootnoteReference(label) => {
                let (n, earlier) = self.footnote_number(&label);
                let id = escape_attr(&slug_ascii(&label));
                // A note referenced again gets a reference id of its own (as on GitHub); the
                // note's back link returns to the first.
                // `.` never appears in a label's slug, so `fnref-1.2` is no other note's id.
                let again = match earlier {
                    0 => String::new(),
                    k => format!(".{}", k + 1),
                };
                out.push((
                    Event::InlineHtml(
                        format!(
                            "<sup class=\"footnote-ref\"><a href=\"#{ID}fn-{id}\" id=\"{ID}fnref-{id}{again}\" aria-describedby=\"{ID}footnotes\">{n}</a></sup>"
                        )
                        .into(),
                    ),
                    0..0,
                ));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                out.push((
                    Event::Html(
                        format!("<blockquote class=\"alert alert-{class}\"><p class=\"alert-title\">{title}</p>\n")
                            .into(),
                    ),
                    0..0,
                ));
            }
            // Wide tables and code scroll inside their own box, which keyboard users must
            // be able to focus (axe: scrollable-region-focusable).
            Event::Start(Tag::Table(alignments)) => {
                out.push((
                    Event::Html("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n".into()),
                    0..0,
                ));
                out.push((Event::Start(Tag::Table(alignments)), range));
            }
            Event::End(TagEnd::Table) => {
                out.push((Event::End(TagEnd::Table), range));
                out.push((Event::Html("</div>\n".into()), 0..0));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                let class = if lang.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"language-{}\"", escape_attr(lang))
                };
                self.in_code = true;
                out.push((
                    Event::Html(format!("<pre tabindex=\"0\"><code{class}>").into()),
                    0..0,
                ));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                out.push((Event::Html("</code></pre>\n".into()), 0..0))
            }
            Event::Text(t) if !self.in_code => self.text(t, range, out),
            Event::Text(ref t) | Event::Code(ref t) => {
                self.push_text(t);
                out.push((event, range));
            }
            other => out.push((other, range)),
        }
    }

    /// A text event: bare URLs become links (outside links), template tags of other site
    /// generators are reported, and the text goes to the search index.
    fn text(&mut self, t: CowStr<'a>, range: std::ops::Range<usize>, out: &mut Vec<Spanned<'a>>) {
        if let Some(found) = self.src.get(range.clone()).and_then(text::foreign_syntax) {
            let at = range.start + found.start..range.start + found.end;
            self.out.issues.push(LinkIssue {
                dest: self.src[at.clone()].to_string(),
                range: at,
                kind: LinkIssueKind::Foreign,
            });
        }
        self.push_text(&t);
        if self.link_depth > 0 {
            out.push((Event::Text(t), range));
            return;
        }
        let Some(pieces) = text::autolinks(&t) else {
            out.push((Event::Text(t), range));
            return;
        };
        for piece in pieces {
            match piece {
                text::Piece::Text(words) => {
                    out.push((Event::Text(words.to_string().into()), range.clone()))
                }
                text::Piece::Link(written, dest) => {
                    let (href, _) = self.href(&dest, range.clone(), false);
                    out.push((
                        Event::InlineHtml(format!("<a href=\"{href}\">").into()),
                        0..0,
                    ));
                    out.push((Event::Text(written.to_string().into()), 0..0));
                    out.push((Event::InlineHtml("</a>".into()), 0..0));
                }
            }
        }
    }

    /// A piece of raw HTML with its URLs resolved and its ids marked (see [`raw_html`]).
    fn raw_html(&mut self, html: &str, range: &std::ops::Range<usize>) -> String {
        let mut out = String::with_capacity(html.len() + 16);
        let mut anchors = Vec::new();
        raw_html::rewrite(
            html,
            &mut |dest, attr| {
                self.url(dest, range.clone(), attr == raw_html::UrlAttr::Src)
                    .0
            },
            &mut anchors,
            &mut out,
        );
        for anchor in &anchors {
            if !self.slugs.reserve(anchor) {
                // `## Contact` then `<a name="contact">`: left a `name`, not a second id.
                out = out.replace(
                    &format!("<a id=\"{ID}{anchor}\""),
                    &format!("<a name=\"{ID}{anchor}\""),
                );
            }
        }
        self.out.anchors.extend(anchors);
        out
    }

    /// Adds a text event's words to the plain text, spaced as the source spaces them: text
    /// events split at links, emphasis and code, so "see [guide](x)." is three of them, and
    /// the full stop belongs to the word before it. Runs of whitespace become one space.
    fn push_text(&mut self, text: &str) {
        let buf = &mut self.out.text;
        // Most text events are words between single spaces: copied whole, without splitting
        // them char by char (a `split_whitespace` of every text was 5 % of a build).
        let inner = text.trim_matches(' ');
        // Printable ASCII only (no tab, newline or other control character), checked without
        // an early exit so the loop vectorises.
        let printable = text
            .bytes()
            .fold(true, |ok, b| ok & (b.wrapping_sub(0x20) < 0x5f));
        if printable && memchr::memmem::find(inner.as_bytes(), b"  ").is_none() {
            if inner.is_empty() {
                self.text_gap |= !text.is_empty();
                return;
            }
            if (self.text_gap || text.starts_with(' ')) && !buf.is_empty() && !buf.ends_with(' ') {
                buf.push(' ');
            }
            buf.push_str(inner);
            self.text_gap = text.ends_with(' ');
            return;
        }
        let mut words = text.split_whitespace().peekable();
        if words.peek().is_none() {
            self.text_gap |= !text.is_empty();
            return;
        }
        let gap = self.text_gap || text.starts_with(char::is_whitespace);
        if gap && !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            buf.push_str(word);
        }
        self.text_gap = text.ends_with(char::is_whitespace);
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        inner: Vec<Spanned<'a>>,
        text: String,
        lift: bool,
        events: &mut Vec<Spanned<'a>>,
    ) {
        let id = match explicit_id {
            Some(id) => self.slugs.claim(id.to_string()),
            None => self.slugs.slug(&text),
        };
        // The page's title is its `<h1>`; every other heading of a page sits under it.
        let level_n = if lift {
            1
        } else {
            self.outline
                .level(level as u8, self.style.lift != LiftTitle::No)
        };
        // The section's text starts with the heading's own words, after the separating space.
        if !lift && !self.out.text.is_empty() && !self.out.text.ends_with(' ') {
            self.out.text.push(' ');
        }
        self.out.headings.push(Heading {
            level: level_n,
            id: id.clone(),
            text: text.clone(),
            text_at: self.out.text.len(),
        });
        if lift {
            self.out.lifted_title = Some(text);
            self.out.title_id = Some(id);
            return;
        }
        self.flush(events);
        let id_attr = escape_attr(&id);
        self.out.level_digits.push(self.out.html.len() as u32 + 2);
        let _ = write!(self.out.html, "<h{level_n} id=\"{ID}{id_attr}\">");
        let mut sub = Vec::new();
        self.transform(inner, &mut sub);
        html::push_html(&mut self.out.html, sub.into_iter().map(|(e, _)| e));
        let _ = writeln!(
            self.out.html,
            "<a class=\"anchor\" href=\"#{ID}{id_attr}\" aria-label=\"Link to this section: {}\">#</a></h{level_n}>",
            escape_attr(&text)
        );
        // `…</hN>\n`
        self.out.level_digits.push(self.out.html.len() as u32 - 3);
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        range: std::ops::Range<usize>,
        empty: bool,
    ) -> (String, Option<String>) {
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_attr(title))
        };
        if matches!(link_type, LinkType::Email) {
            let href = format!("mailto:{dest}");
            return (
                format!("<a href=\"{}\"{title_attr}>", escape_attr(&href)),
                None,
            );
        }
        let (href, name) = self.href(dest, range, false);
        let fill = if empty {
            Some(name.unwrap_or_else(|| dest.to_string()))
        } else {
            None
        };
        (["<a href=\"", &href, "\"", &title_attr, ">"].concat(), fill)
    }

    fn image(
        &mut self,
        dest: &str,
        title: &str,
        alt: &str,
        range: std::ops::Range<usize>,
    ) -> String {
        let (src, _) = self.href(dest, range, true);
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_attr(title))
        };
        format!(
            "<img src=\"{src}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
            escape_attr(alt)
        )
    }

    /// The attribute-escaped URL for `dest`, and the target's name for empty link text.
    fn href(
        &mut self,
        dest: &str,
        range: std::ops::Range<usize>,
        image: bool,
    ) -> (String, Option<String>) {
        let (url, name) = self.url(dest, range, image);
        (escape_attr(&url), name)
    }

    /// The URL to write for `dest` (internal ones position independent), and the target's
    /// name for empty link text; problems are recorded as issues.
    fn url(
        &mut self,
        dest: &str,
        range: std::ops::Range<usize>,
        image: bool,
    ) -> (String, Option<String>) {
        // Located only for a link with something to report: a search per link cost more
        // than resolving it.
        let src = self.src;
        let issue = |kind| LinkIssue {
            range: locate_dest(src, &range, dest),
            dest: dest.to_string(),
            kind,
        };
        if matches!(dest.trim(), "" | "#") {
            self.out.issues.push(issue(LinkIssueKind::Empty));
            return (dest.to_string(), None);
        }
        let resolved = self.resolver.resolve(dest, image);
        if self.style.record_resolutions {
            self.out
                .resolutions
                .push((dest.to_string(), image, resolved.clone()));
        }
        match resolved {
            Resolved::External | Resolved::Unchecked => (dest.to_string(), None),
            Resolved::Absolute { url } => (url, None),
            Resolved::SamePage { fragment } => {
                self.out.issues.push(issue(LinkIssueKind::Anchor {
                    target: None,
                    fragment: fragment.clone(),
                }));
                if self.style.fragments_on.is_some() {
                    // Decided once the text's own ids are known (see `place_fragments`).
                    self.fragments.push(fragment);
                    return (format!("{ID}{ID}{}{ID}", self.fragments.len() - 1), None);
                }
                (format!("#{ID}{fragment}"), None)
            }
            Resolved::Internal {
                url,
                fragment,
                name,
                anchor_target,
            } => {
                let frag_len = fragment.as_ref().map_or(0, |f| f.len() + 1);
                let mut href = String::with_capacity(ROOT.len_utf8() + url.len() + frag_len);
                href.push(ROOT);
                href.push_str(&encode_path(&url));
                if let Some(fragment) = fragment {
                    href.push('#');
                    href.push_str(&fragment);
                    if let Some(target) = anchor_target {
                        self.out.issues.push(issue(LinkIssueKind::Anchor {
                            target: Some(target),
                            fragment,
                        }));
                    }
                }
                (href, name)
            }
            Resolved::Broken { message, help } => {
                self.out
                    .issues
                    .push(issue(LinkIssueKind::Broken { message, help }));
                (dest.to_string(), None)
            }
            Resolved::Unsafe => {
                self.out.issues.push(issue(LinkIssueKind::Unsafe));
                ("#".into(), None)
            }
        }
    }
}

/// The plain text of a heading's events.
fn heading_text(inner: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (e, _) in inner {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(t);
        }
    }
    text
}

fn collect_until_end<'a>(iter: &mut impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    for (event, range) in iter.by_ref() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        inner.push((event, range));
    }
    inner
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The byte range of `dest` inside the link written at `range`, or the link's range.
fn locate_dest(src: &str, range: &std::ops::Range<usize>, dest: &str) -> std::ops::Range<usize> {
    let Some(written) = src.get(range.clone()) else {
        return range.clone();
    };
    if !dest.is_empty() {
        if let Some(i) = written.rfind(dest) {
            return range.start + i..range.start + i + dest.len();
        }
    }
    range.clone()
}

#[cfg(test)]
mod tests;
