//! The usual front matter — a mapping of one-line plain `key: value` entries — read without the
//! full YAML parser.
//!
//! At 10,000 pages the YAML scanner was the largest single cost of parsing (7% of a build's
//! instructions), for texts like `title: Deploys\nowner: sre\n`. [`parse`] reads that shape
//! directly and gives up (`None`) on anything else — quotes, nesting, comments after a value,
//! tabs, `\r`, indicators — which then goes to [`super::yaml::parse_full`]. Where it answers, its
//! tree is the one the YAML parser builds, spans included (tested against it, below).

use super::tree::{Doc, Node, NodeKind};
use crate::source::{FileId, Span};

/// `text` (at byte `base` of `file`) as a [`Doc`], when it is a flat mapping of one-line plain
/// scalars; `None` when the full parser must decide.
pub(crate) fn parse(text: &str, file: FileId, base: usize) -> Option<Doc> {
    let mut entries = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        let next = (end + 1).min(text.len());
        if line.bytes().all(|b| b == b' ') || line.starts_with('#') {
            at = next;
            continue;
        }
        let colon = line.find(':')?;
        let key = &line[..colon];
        let first = *key.as_bytes().first()?;
        if !(first.is_ascii_alphanumeric() || first == b'_')
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let rest = &line[colon + 1..];
        let value = rest.trim_start_matches(' ');
        // `key:` alone opens a nested value on the next lines; `key:value` is not an entry.
        if value.is_empty() || value.len() == rest.len() {
            return None;
        }
        let value_start = at + colon + 1 + (rest.len() - value.len());
        let value = value.trim_end_matches(' ');
        if !plain_one_line(value) {
            return None;
        }
        let scalar = |start: usize, s: &str| Node {
            kind: NodeKind::Scalar {
                text: s.to_string(),
                plain: true,
            },
            span: Span::new(file, base + start, base + start + s.len()),
        };
        entries.push((scalar(at, key), scalar(value_start, value)));
        at = next;
    }
    let (first, _) = entries.first()?;
    let start = first.span.start as usize;
    let end = entries.last().map_or(start, |(_, v)| v.span.end as usize);
    Some(Doc::with_root(Node {
        kind: NodeKind::Map(entries),
        span: Span::new(file, start, end),
    }))
}

/// True when `value` (trimmed, non-empty) is a plain scalar that ends on its own line and means
/// the same to every YAML reader: no indicator first, no `: ` or ` #` inside, printable text.
fn plain_one_line(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    // `-` may start a plain scalar (`-1`) when it isn't a list item (`- a`).
    let list_item = first == '-' && value[1..].starts_with([' ', '\t']) || value == "-";
    if "?:,[]{}#&*!|>'\"%@`".contains(first) || list_item || value.ends_with(':') {
        return false;
    }
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1) == Some(&b' ') => return false,
            b'#' if bytes[i - 1] == b' ' => return false,
            0x20..=0x7e | 0x80.. => {}
            _ => return false,
        }
    }
    // Line breaks and marks some readers treat specially: NEL, LS, PS, BOM, C1 controls.
    value.is_ascii()
        || !value.chars().any(|c| {
            matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The full parser's tree, when it parses.
    fn full(text: &str) -> Option<Doc> {
        super::super::yaml::parse_full(text, FileId(0), 7).ok()
    }

    fn same(text: &str) {
        if let Some(fast) = parse(text, FileId(0), 7) {
            let slow = full(text).unwrap_or_else(|| panic!("fast path read invalid YAML {text:?}"));
            assert_eq!(
                format!("{:?}", fast.root),
                format!("{:?}", slow.root),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reads_usual_front_matter_like_the_full_parser() {
        let texts = [
            "title: Deploys\nowner: sre\nreviewed: 2026-01-02\n",
            "title: Größe über alles\nweight: 3\n",
            "# a comment\ntitle: A\n\n   \ndescription: ends without a newline",
            "title: a:b c#d it's \"quoted\" inside  \n",
            "draft: true\nweight: -1x\n",
            "title: ~\nn: null\nf: 1.5e3\nh: 0x1F\n",
        ];
        for text in texts {
            assert!(parse(text, FileId(0), 7).is_some(), "{text:?}");
            same(text);
        }
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        let texts = [
            "",
            "# only a comment\n",
            "title: A # comment\n",
            "title: 'quoted'\n",
            "title: \"quoted\"\n",
            "tags:\n  - a\n",
            "tags: [a, b]\n",
            "description: long\n  continued\n",
            "title: a: b\n",
            "title: ends:\n",
            "title:x\n",
            "title : x\n",
            "title:\tx\n",
            "title: x\r\n",
            "title: &a x\nother: *a\n",
            "title: !tag x\n",
            "text: |\n  block\n",
            "- a\n- b\n",
            "? key\n: value\n",
            "t\u{e9}tle: x\n",
            "title: line\u{2028}sep\n",
            "%YAML 1.2\n",
        ];
        for text in texts {
            assert!(parse(text, FileId(0), 7).is_none(), "{text:?}");
        }
    }

    /// Generated lines (key, separator, value, line end) as one text.
    fn joined(lines: &[(String, String, String, String)]) -> String {
        lines
            .iter()
            .map(|(k, c, v, e)| format!("{k}{c}{v}{e}"))
            .collect()
    }

    proptest! {
        #[test]
        fn agrees_with_the_full_parser(
            lines in prop::collection::vec(
                (
                    "[a-z_0-9][a-z0-9_ -]{0,6}",
                    "[ ]{0,2}:[ \t]{0,2}",
                    "[a-zA-Z0-9 :#'\"&*!|>,\\[\\]{}\\-?%@`~.é\u{2028}\u{85}]{0,12}",
                    "[ ]{0,2}(\n|\r\n|\n\n|\n# c\n|\n  x\n)",
                ),
                0..6,
            )
        ) {
            same(&joined(&lines));
        }

        #[test]
        fn agrees_on_mostly_valid_front_matter(
            lines in prop::collection::vec(
                (
                    "[a-z_][a-z0-9_-]{0,8}",
                    ": {1,2}",
                    r##"[a-zA-Z0-9.\-~é]{1,3}[a-zA-Z0-9 .é'"#:,\-~\[\]{}]{0,10}"##,
                    "( {0,2}\n| {0,2}\n\n|\n# c\n)",
                ),
                1..6,
            )
        ) {
            same(&joined(&lines));
        }
    }
}
