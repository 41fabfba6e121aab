//! YAML text → the span tree ([`super::tree`]), with saphyr-parser's event stream (which
//! carries a span per event): any YAML a handbook may hold.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::tree::{Doc, Node, NodeKind, SyntaxError};
use crate::limits;
use crate::source::{FileId, Span};

/// Converts the parser's character positions to byte offsets in the whole file.
struct Positions<'a> {
    text: &'a str,
    base: usize,
    ascii: bool,
    char_to_byte: Vec<u32>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let ascii = text.is_ascii();
        let char_to_byte = if ascii {
            Vec::new()
        } else {
            let mut v: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
            v.push(text.len() as u32);
            v
        };
        Positions {
            text,
            base,
            ascii,
            char_to_byte,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let local = if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.char_to_byte
                .get(char_index)
                .map_or(self.text.len(), |&b| b as usize)
        };
        self.base + local
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parses `text`, which starts at byte `base` of file `file`, into a [`Doc`], with the full
/// YAML parser.
///
/// Only the first document of a stream is used; a second one is an error, because every
/// handbook file holds exactly one value.
pub(crate) fn parse_full(text: &str, file: FileId, base: usize) -> Result<Doc, SyntaxError> {
    let pos = Positions::new(text, base);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut doc = Doc::default();
    let mut documents = 0;
    let mut last_end = base;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let at = pos.byte(e.marker().index());
            // The parser has its own nesting limit for flow collections; it is ours too.
            let limit = e.info().contains("recursion limit");
            SyntaxError {
                span: Span::new(file, at, at),
                message: if limit {
                    format!(
                        "nesting deeper than the parser allows (limit: MAX_YAML_DEPTH = {})",
                        limits::MAX_YAML_DEPTH
                    )
                } else {
                    e.info().to_string()
                },
                limit,
            }
        })?;
        let start = pos.byte(span.start.index());
        let end = pos.byte(span.end.index());
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        span: Span::new(file, start, end),
                        message: "a second YAML document (`---`) in one file; each handbook file holds one document".into(),
                        limit: false,
                    });
                }
                continue;
            }
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    kind: NodeKind::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    span: Span::new(file, start, end),
                };
                if anchor > 0 {
                    doc.anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(id) => Node {
                kind: NodeKind::Alias(id),
                span: Span::new(file, start, end),
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= limits::MAX_YAML_DEPTH {
                    return Err(SyntaxError {
                        span: Span::new(file, start, end),
                        message: format!(
                            "nesting deeper than {} levels (limit: MAX_YAML_DEPTH)",
                            limits::MAX_YAML_DEPTH
                        ),
                        limit: true,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (kind, start, anchor) = match stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) => (NodeKind::Seq(items), start, anchor),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (NodeKind::Map(entries), start, anchor),
                    None => continue,
                };
                // Block collections end where their last child ends, not at the next token.
                let end = if matches!(event, Event::SequenceEnd) && text_at(text, base, end) == "]"
                    || matches!(event, Event::MappingEnd) && text_at(text, base, end) == "}"
                {
                    end
                } else {
                    last_end.max(start)
                };
                let node = Node {
                    kind,
                    span: Span::new(file, start, end),
                };
                if anchor > 0 {
                    doc.anchors.insert(anchor, node.clone());
                }
                node
            }
            _ => continue,
        };
        last_end = node.span.end as usize;
        match stack.last_mut() {
            None => doc.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(doc)
}

/// The one character just before byte `end` (file offsets), used to tell flow from block ends.
fn text_at(text: &str, base: usize, end: usize) -> &str {
    let local = end.saturating_sub(base);
    if local == 0 || local > text.len() || !text.is_char_boundary(local - 1) {
        return "";
    }
    &text[local - 1..local]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_doc as parse;
    use crate::parse::tree::{ScalarType, Seg, resolve_plain};

    fn doc(text: &str) -> Doc {
        parse(text, FileId(0), 0).expect("parses")
    }

    #[test]
    fn spans_point_at_values() {
        let text = "title: Hello\nvalues: [learn-fast, ownership]\n";
        let d = doc(text);
        let v = d.get(&[Seg::Key("values"), Seg::Index(1)]).unwrap();
        assert_eq!(&text[v.span.range()], "ownership");
        let t = d.get(&[Seg::Key("title")]).unwrap();
        assert_eq!(&text[t.span.range()], "Hello");
        let k = d.key_span(&[Seg::Key("values")], Span::file_start(FileId(0)));
        assert_eq!(&text[k.range()], "values");
    }

    #[test]
    fn spans_are_bytes_even_after_multibyte_text() {
        let text = "name: Größe\nid: x\n";
        let d = doc(text);
        let v = d.get(&[Seg::Key("id")]).unwrap();
        assert_eq!(&text[v.span.range()], "x");
    }

    #[test]
    fn base_offset_is_added() {
        let d = parse("a: b\n", FileId(0), 10).unwrap();
        assert_eq!(d.get(&[Seg::Key("a")]).unwrap().span.start, 13);
    }

    #[test]
    fn plain_scalars_resolve_like_serde_yaml() {
        assert_eq!(resolve_plain("~"), ScalarType::Null);
        assert_eq!(resolve_plain("TRUE"), ScalarType::Bool);
        assert_eq!(resolve_plain("yes"), ScalarType::Str);
        assert_eq!(resolve_plain("-12"), ScalarType::Int);
        assert_eq!(resolve_plain("0x1F"), ScalarType::Int);
        assert_eq!(resolve_plain("1.5e3"), ScalarType::Float);
        assert_eq!(resolve_plain("2024-01-01"), ScalarType::Str);
        assert_eq!(resolve_plain(".inf"), ScalarType::Float);
        assert_eq!(resolve_plain("e3"), ScalarType::Str);
    }

    #[test]
    fn alias_bombs_are_measured_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            text.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let d = doc(&text);
        assert_eq!(d.expanded(1000).nodes, 1001);
    }

    #[test]
    fn depth_counts_aliases_expanded() {
        let mut text = String::from("a0: &a0 x\n");
        for i in 1..100 {
            text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        let d = doc(&text);
        let e = d.expanded(1_000_000);
        assert_eq!(
            e.depth, 100,
            "the root mapping, then 99 lists in each other"
        );
        assert_eq!(doc("a: [b, {c: d}]\n").expanded(100).depth, 3);
        assert_eq!(doc("x\n").expanded(100).depth, 0);
    }

    #[test]
    fn deep_nesting_is_a_limit_error() {
        let text = "[".repeat(10_000);
        let err = parse(&text, FileId(0), 0).unwrap_err();
        assert!(err.limit, "{}", err.message);
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse("a: [1, 2\n", FileId(0), 0).unwrap_err();
        assert!(!err.limit);
        assert!(err.span.start > 0);
    }

    #[test]
    fn a_second_document_is_an_error() {
        assert!(parse("a: 1\n---\nb: 2\n", FileId(0), 0).is_err());
    }
}
