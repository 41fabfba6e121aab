//! Where the `#fragment` links of a text shown on several pages go.

use super::{ID, ROOT, Renderer, encode_path, escape_attr, marked_ids};

impl Renderer<'_> {
    /// Writes the `#fragment` links of a text shown on other pages too (a YAML field): one
    /// to the text's own heading or note stays on the page, where the text's ids go with it;
    /// any other names its owner's page (`roles/dev/#about`), so it works wherever the text is
    /// shown. Returns whether it changed the HTML.
    pub(super) fn place_fragments(&mut self) -> bool {
        let Some(owner) = self
            .style
            .fragments_on
            .filter(|_| !self.fragments.is_empty())
        else {
            return false;
        };
        let html = &self.out.html;
        let own = marked_ids(html);
        let mut placed = html.clone();
        for (n, fragment) in self.fragments.iter().enumerate() {
            let to = if own.contains(&fragment.as_str()) {
                format!("#{ID}{}", escape_attr(fragment))
            } else {
                format!(
                    "{ROOT}{}#{}",
                    escape_attr(&encode_path(owner)),
                    escape_attr(fragment)
                )
            };
            placed = placed.replace(&format!("{ID}{ID}{n}{ID}"), &to);
        }
        self.out.html = placed;
        true
    }
}
