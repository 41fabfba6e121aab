//! Where the `#fragment` links of a text shown on several pages go.

use super::{ID, ROOT, Renderer, encode_path, escape_attr};

impl Renderer<'_> {
    /// Writes the `#fragment` links of a text shown on other pages too (a YAML field): one
    /// to the text's own heading or note stays on the page, where the text's ids go with it;
    /// any other names its owner's page (`roles/dev/#about`), so it works wherever the text is
    /// shown.
    pub(super) fn place_fragments(&mut self) {
        let Some(owner) = self
            .style
            .fragments_on
            .filter(|_| !self.fragments.is_empty())
        else {
            return;
        };
        let html = &self.out.html;
        let own: Vec<&str> = html
            .match_indices(&format!("id=\"{ID}"))
            .filter_map(|(at, m)| html[at + m.len()..].split('"').next())
            .collect();
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
    }
}
