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
