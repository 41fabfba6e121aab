//! Rendered HTML back to plain Markdown, for the job descriptions that go to job boards: the
//! structure stays (headings, lists, emphasis, code, tables), links become their text (entity
//! links with their filled-in names; a web address the text doesn't show follows it in
//! brackets, since a job board can't follow a link it doesn't have), images their alt text, and
//! no HTML is left.
//!
//! It reads the HTML our own Markdown rendering produced (plus any raw HTML an author wrote),
//! with html5ever's tokenizer, so entities and any quoting are handled.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// `html` as Markdown without HTML.
pub(crate) fn html_to_markdown(html: &str) -> String {
    let tokenizer = Tokenizer::new(
        Writer(RefCell::new(State::default())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.0.take();
    tidy(&state.out)
}

#[derive(Default)]
struct State {
    out: String,
    /// Open lists: ordered?, items so far.
    lists: Vec<(bool, usize)>,
    /// Inside `<pre>`: text is kept as written.
    pre: bool,
    /// Inside `<script>` or `<style>`, or a heading's `#` self-link: text is dropped.
    skip: bool,
    /// Cells written in the current table row.
    cells: usize,
    /// Table rows written so far in the current table.
    rows: usize,
    /// The web address of the open link and where its text starts in `out`.
    link: Option<(String, usize)>,
}

struct Writer(RefCell<State>);

impl State {
    /// Ends the current block: the next text starts a new paragraph.
    fn block(&mut self) {
        self.out.push_str("\n\n");
    }

    fn start(&mut self, tag: &Tag) -> Option<RawKind> {
        match &*tag.name {
            "script" => {
                self.skip = true;
                return Some(RawKind::ScriptData);
            }
            "style" => {
                self.skip = true;
                return Some(RawKind::Rawtext);
            }
            "p" | "div" | "section" | "article" | "details" | "summary" | "dl" | "dt" | "dd"
            | "figure" | "figcaption" | "hr" => self.block(),
            "table" => {
                self.block();
                self.rows = 0;
            }
            "blockquote" => {
                self.block();
                self.out.push_str("> ");
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block();
                let level = usize::from(tag.name.as_bytes()[1] - b'0');
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
            }
            "ul" | "ol" => {
                if self.lists.is_empty() {
                    self.block();
                }
                self.lists.push((&*tag.name == "ol", 0));
            }
            "li" => {
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                self.out.push('\n');
                self.out.push_str(&"  ".repeat(depth - 1));
                self.out.push_str(&marker);
            }
            // The `#` link our headings carry to themselves.
            "a" if tag.attrs.iter().any(|a| {
                &*a.name.local == "class" && a.value.split(' ').any(|c| c == "anchor")
            }) =>
            {
                self.skip = true;
            }
            "a" => {
                let href = tag.attrs.iter().find(|a| &*a.name.local == "href");
                self.link = href
                    .map(|a| a.value.to_string())
                    .filter(|h| {
                        ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|p| h.starts_with(p))
                    })
                    .map(|h| (h, self.out.len()));
            }
            "strong" | "b" => self.out.push_str("**"),
            "em" | "i" => self.out.push('_'),
            "code" if !self.pre => self.out.push('`'),
            "pre" => {
                self.block();
                self.out.push_str("```\n");
                self.pre = true;
            }
            "br" => self.out.push('\n'),
            "img" => {
                if let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt") {
                    self.text(&alt.value);
                }
            }
            "tr" => {
                self.out.push_str("\n|");
                self.cells = 0;
            }
            "td" | "th" => {
                self.out.push(' ');
                self.cells += 1;
            }
            _ => {}
        }
        None
    }

    fn end(&mut self, tag: &Tag) {
        match &*tag.name {
            "script" | "style" => self.skip = false,
            "a" => {
                self.skip = false;
                if let Some((href, start)) = self.link.take() {
                    let text = self.out[start..].trim();
                    let shown = href.strip_prefix("mailto:").unwrap_or(&href);
                    if !text.is_empty() && !text.contains(shown) {
                        self.out.push_str(&format!(" ({href})"));
                    }
                }
            }
            "td" | "th" => self.out.push_str(" |"),
            "tr" => {
                self.rows += 1;
                // GitHub's tables need the line under the header row.
                if self.rows == 1 {
                    self.out.push_str("\n|");
                    self.out.push_str(&" --- |".repeat(self.cells.max(1)));
                }
            }
            "p" | "div" | "section" | "article" | "blockquote" | "h1" | "h2" | "h3" | "h4"
            | "h5" | "h6" | "details" | "summary" | "dl" | "dt" | "dd" | "figure"
            | "figcaption" | "table" => self.block(),
            "ul" | "ol" => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.block();
                }
            }
            "strong" | "b" => self.out.push_str("**"),
            "em" | "i" => self.out.push('_'),
            "code" if !self.pre => self.out.push('`'),
            "pre" => {
                self.pre = false;
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push_str("```");
                self.block();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip {
            return;
        }
        if self.pre {
            self.out.push_str(text);
            return;
        }
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !self.out.ends_with([' ', '\n']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            space = false;
            // Characters Markdown would read as markup (or as HTML) are escaped; `#` and `>`
            // only where they would start a heading or a quote.
            let line_start = self.out.is_empty() || self.out.ends_with('\n');
            if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|')
                || (line_start && matches!(c, '#' | '>'))
            {
                self.out.push('\\');
            }
            self.out.push(c);
        }
        if space && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
    }
}

impl TokenSink for Writer {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                if let Some(raw) = state.start(&tag) {
                    return TokenSinkResult::RawData(raw);
                }
            }
            Token::TagToken(tag) => state.end(&tag),
            Token::CharacterTokens(text) => state.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Trailing spaces off every line, at most one blank line in a row, no blank line between
/// the items of a list, one newline at the end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            let item = is_item(line);
            let after_item = out.lines().last().is_some_and(is_item);
            if blank > 0 && !(item && after_item) {
                out.push('\n');
            }
            out.push('\n');
        }
        blank = 0;
        // A line can't start with the space left before a block.
        out.push_str(if is_item(line) {
            line
        } else {
            line.trim_start()
        });
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn structure_stays_and_links_become_text() {
        assert_eq!(
            md("<p>Read <a href=\"../x/\">the <em>guide</em></a> &amp; <strong>ask</strong>.</p>"),
            "Read the _guide_ & **ask**.\n"
        );
        assert_eq!(
            md(
                "<h2 id=\"a\">Title<a class=\"anchor\" href=\"#a\">#</a></h2><ul><li>One</li><li>Two<ul><li>Deep</li></ul></li></ul><p>After</p>"
            ),
            "## Title\n\n- One\n- Two\n  - Deep\n\nAfter\n"
        );
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b\n");
        assert_eq!(
            md(
                "<table><thead><tr><th>Pool</th><th>Cost</th></tr></thead><tbody><tr><td>Alumni</td><td>Low | none</td></tr></tbody></table>"
            ),
            "| Pool | Cost |\n| --- | --- |\n| Alumni | Low \\| none |\n"
        );
        assert_eq!(
            md("<pre><code>let x = a * b;\n</code></pre>"),
            "```\nlet x = a * b;\n```\n"
        );
    }

    #[test]
    fn web_addresses_the_text_does_not_show_follow_it() {
        assert_eq!(
            md(
                "<p>See <a href=\"https://x.org/guide\">the guide</a>, <a href=\"../on-call/\">on-call</a> and <a href=\"https://x.org\">https://x.org</a>.</p>"
            ),
            "See the guide (https://x.org/guide), on-call and https://x.org.\n"
        );
        assert_eq!(
            md("<p><a href=\"mailto:jobs@x.org\">jobs@x.org</a></p>"),
            "jobs@x.org\n"
        );
    }

    #[test]
    fn nothing_is_left_that_a_job_board_would_read_as_html_or_markup() {
        let out = md(
            "<p>Use &lt;b&gt; and a_b * c</p><script>alert(1)</script><img alt=\"Logo\" src=x.png>",
        );
        assert_eq!(out, "Use \\<b> and a\\_b \\* c\n\nLogo\n");
    }
}
