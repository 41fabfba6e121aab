//! Heading levels as published: no outline skips a level (`#` then `###`). The Nu checker
//! calls a skip an error and a screen reader's outline loses its place; READMEs do it often.

/// The headings of one text that are still open, as (level written, level published),
/// shallowest first.
#[derive(Debug, Default)]
pub(crate) struct Outline(Vec<(u8, u8)>);

impl Outline {
    /// The level to publish a heading written at `written`: one below the nearest heading
    /// before it written shallower, so siblings stay siblings. With none, a page's heading
    /// sits under the page's `<h1>` title (`under_title`: an `<h2>`, even written `#`); a
    /// YAML field's keeps its level, as `render::nest` places the whole text under the
    /// template's heading.
    pub(crate) fn level(&mut self, written: u8, under_title: bool) -> u8 {
        while self.0.last().is_some_and(|&(w, _)| w >= written) {
            self.0.pop();
        }
        let level = match self.0.last() {
            // HTML has no `<h7>`: deeper headings stay `<h6>`.
            Some(&(_, parent)) => (parent + 1).min(6),
            None if under_title => 2,
            None => written,
        };
        self.0.push((written, level));
        level
    }
}

/// Where the level digits of the renderer's heading tags are in `html` (`<h2 id="` + the id
/// marker, and its `</h2>`): for HTML rewritten after rendering (sanitized).
pub(crate) fn level_digits(html: &str) -> Vec<u32> {
    let bytes = html.as_bytes();
    let mut at = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("<h").map(|i| from + i) {
        from = i + 2;
        let tag = &bytes[i..];
        let opens = tag.len() > 8
            && (b'1'..=b'6').contains(&tag[2])
            && tag[3..].starts_with(b" id=\"")
            && tag[8] == super::escape::ID as u8;
        if !opens {
            continue;
        }
        let close = format!("</h{}>", char::from(tag[2]));
        if let Some(end) = html[i..].find(&close).map(|e| i + e) {
            at.extend([i as u32 + 2, end as u32 + 3]);
            from = end + close.len();
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_digits_point_at_the_renderer_s_heading_tags() {
        let html = format!(
            "<h2>raw</h2><h3 id=\"{id}a\">A<a href=\"#{id}a\">#</a></h3>\n<p>x</p>",
            id = super::super::escape::ID
        );
        let at = level_digits(&html);
        assert_eq!(at.len(), 2);
        assert!(at.iter().all(|&i| &html[i as usize..=i as usize] == "3"));
    }
}
