//! Splits a page into YAML front matter and Markdown body, keeping whole-file offsets (so a
//! problem on line 3 of the front matter is reported on line 3 of the file, not line 2).

/// The parts of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Split {
    /// No front matter; the body starts at `body_start` (after a byte-order mark).
    Plain {
        /// Byte offset of the Markdown body.
        body_start: usize,
    },
    /// YAML front matter between `---` lines.
    Yaml {
        /// Byte range of the YAML text.
        yaml: std::ops::Range<usize>,
        /// Byte offset of the Markdown body.
        body_start: usize,
    },
    /// A `---` line that is never closed.
    Unclosed {
        /// Byte range of the opening line.
        open: std::ops::Range<usize>,
    },
    /// TOML front matter (`+++`), which Hugo and Zola use but handbook doesn't.
    Toml {
        /// Byte range of the opening line.
        open: std::ops::Range<usize>,
    },
}

/// Splits `text` (a whole file).
pub(crate) fn split(text: &str) -> Split {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let Some(first) = lines.next() else {
        return Split::Plain { body_start: start };
    };
    let first_text = text[first.clone()].trim_end();
    if first_text == "+++" {
        return Split::Toml { open: first };
    }
    if first_text != "---" {
        return Split::Plain { body_start: start };
    }
    let yaml_start = lines.pos;
    for line in lines.by_ref() {
        let t = text[line.clone()].trim_end();
        if t == "---" || t == "..." {
            return Split::Yaml {
                yaml: yaml_start..line.start,
                body_start: lines.pos,
            };
        }
    }
    Split::Unclosed { open: first }
}

/// Iterates over lines as byte ranges without their line endings.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (len, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        let range = self.pos..self.pos + len;
        self.pos += advance;
        Some(range)
    }
}

/// The plain text of the first heading of a Markdown body (outside code fences), for pages
/// without a `title:`: ATX (`# Title`) or setext (`Title` over `=====`); emphasis, links and code
/// marks are dropped (`**Policy**` → `Policy`), and so are `{#id}` attributes and closing `#`s.
pub(crate) fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    let mut previous: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let indented = line.len() - trimmed.len() > 3;
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            previous = None;
            continue;
        }
        if !indented && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(&trimmed[..3]);
            previous = None;
            continue;
        }
        if !indented {
            if let Some(title) = atx(trimmed).or_else(|| setext(previous, trimmed)) {
                let title = crate::markdown::plain_text(&title);
                if !title.is_empty() {
                    return Some(title);
                }
            }
        }
        previous = (!trimmed.is_empty() && !indented).then_some(trimmed);
    }
    None
}

/// The text of an ATX heading line, without `{#id}` and closing `#`s.
fn atx(line: &str) -> Option<String> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut title = rest.trim().trim_end_matches('#').trim_end();
    if let Some(i) = title.rfind("{#") {
        if title.ends_with('}') {
            title = title[..i].trim_end();
        }
    }
    Some(title.trim_end_matches('#').trim_end().to_string())
}

/// The text of a setext heading: `previous` over a line of `=` or `-`.
fn setext(previous: Option<&str>, line: &str) -> Option<String> {
    let previous = previous?;
    let underline = line.trim_end();
    let is_rule = |c: char| !underline.is_empty() && underline.chars().all(|x| x == c);
    // A paragraph line over `===` or `---` is a heading; a list item or quote is not.
    let starts_block = previous.starts_with(['-', '*', '+', '>', '#', '|']);
    ((is_rule('=') || is_rule('-')) && !starts_block).then(|| previous.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_whole_file_offsets() {
        let text = "---\ntitle: A\n---\nBody\n";
        let Split::Yaml { yaml, body_start } = split(text) else {
            panic!()
        };
        assert_eq!(&text[yaml], "title: A\n");
        assert_eq!(&text[body_start..], "Body\n");
    }

    #[test]
    fn crlf_and_bom_and_dots_close() {
        let text = "\u{feff}---\r\ntitle: A\r\n...\r\nBody";
        let Split::Yaml { yaml, body_start } = split(text) else {
            panic!()
        };
        assert_eq!(&text[yaml], "title: A\r\n");
        assert_eq!(&text[body_start..], "Body");
    }

    #[test]
    fn unclosed_toml_and_plain() {
        assert!(matches!(split("---\ntitle: A\n"), Split::Unclosed { .. }));
        assert!(matches!(split("+++\ntitle = 1\n+++\n"), Split::Toml { .. }));
        assert_eq!(split("# Hi\n"), Split::Plain { body_start: 0 });
        assert_eq!(split(""), Split::Plain { body_start: 0 });
        // A thematic break later in the body is not front matter.
        assert_eq!(split("Text\n---\n"), Split::Plain { body_start: 0 });
    }

    #[test]
    fn empty_front_matter() {
        let Split::Yaml { yaml, .. } = split("---\n---\nx") else {
            panic!()
        };
        assert!(yaml.is_empty());
    }

    #[test]
    fn first_heading_skips_code_and_attributes() {
        assert_eq!(
            first_heading("```\n# no\n```\n## Real `one` {#id} ##\n").as_deref(),
            Some("Real one")
        );
        assert_eq!(first_heading("#hashtag\ntext").as_deref(), None);
        assert_eq!(first_heading("    # indented code").as_deref(), None);
    }
}
