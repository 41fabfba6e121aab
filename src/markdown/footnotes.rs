//! Footnotes: numbered in order of first reference, their notes gathered at the end of the
//! text in that order, each with a link back to its first reference.

use std::fmt::Write as _;

use super::{ID, Renderer, escape_attr, slug_ascii};

impl Renderer<'_> {
    /// The number of the note `label`, and how often it was referenced before.
    pub(super) fn footnote_number(&mut self, label: &str) -> (usize, usize) {
        match self.footnote_numbers.iter().position(|(l, _)| l == label) {
            Some(i) => {
                self.footnote_numbers[i].1 += 1;
                (i + 1, self.footnote_numbers[i].1 - 1)
            }
            None => {
                self.footnote_numbers.push((label.to_string(), 1));
                (self.footnote_numbers.len(), 0)
            }
        }
    }

    /// Writes the notes, in order of first reference.
    pub(super) fn push_footnotes(&mut self) {
        if self.footnotes.is_empty() {
            return;
        }
        let mut notes = std::mem::take(&mut self.footnotes);
        let order = |label: &str| {
            self.footnote_numbers
                .iter()
                .position(|(l, _)| l == label)
                .unwrap_or(usize::MAX)
        };
        notes.sort_by_key(|(label, _)| order(label));
        let html = &mut self.out.html;
        let _ = write!(
            html,
            "<section class=\"footnotes\" id=\"{ID}footnotes\" aria-label=\"Footnotes\">\n<ol>\n"
        );
        for (label, body) in notes {
            let id = escape_attr(&slug_ascii(&label));
            let back = if self.footnote_numbers.iter().any(|(l, _)| *l == label) {
                format!(
                    " <a href=\"#{ID}fnref-{id}\" class=\"footnote-back\" aria-label=\"Back to reference\">↩</a>"
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                html,
                "<li id=\"{ID}fn-{id}\">{}{back}</li>",
                body.trim_end()
            );
        }
        html.push_str("</ol>\n</section>\n");
    }
}
