//! YAML text → a tree of nodes that remember where they came from.
//!
//! serde_yaml reports positions only for parse failures, so every YAML text is first read with
//! saphyr-parser's event stream (which carries a span per event) into a [`Node`] tree. The
//! structural check walks that tree to point each problem at the offending value, the tree is
//! then turned into a `serde_yaml::Value` for typed loading, and the lowering step looks up the
//! span of any value by its key path (see `docs/architecture.md`).
//!
//! Aliases are kept as references, never copied, so an alias bomb costs nothing to parse;
//! [`Doc::expanded_size`] measures what expanding it would cost before anyone does.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::limits;
use crate::source::{FileId, Span};

/// One YAML value with its span in the file.
#[derive(Clone, Debug)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// Byte range of the node in the whole file.
    pub span: Span,
}

/// The shape of a [`Node`].
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A scalar with its text; `plain` is false for quoted and block scalars.
    Scalar {
        /// The scalar's value after YAML unescaping and folding.
        text: String,
        /// True for unquoted scalars, whose text is resolved as null/bool/number.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
    /// A reference to the anchored node with this id.
    Alias(usize),
}

/// What a plain scalar resolves to under the YAML 1.2 core schema (as serde_yaml does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    /// `~`, `null`, or nothing.
    Null,
    /// `true` / `false`.
    Bool,
    /// An integer.
    Int,
    /// A float.
    Float,
    /// Anything else, and every quoted scalar.
    Str,
}

/// A parsed YAML document.
#[derive(Debug, Default)]
pub struct Doc {
    /// The root node; `None` for an empty document.
    pub root: Option<Node>,
    anchors: HashMap<usize, Node>,
}

/// A YAML syntax error.
#[derive(Debug)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub span: Span,
    /// The parser's message.
    pub message: String,
    /// True when a limit (nesting depth) rather than the syntax stopped the parser.
    pub limit: bool,
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// What this scalar resolves to; `None` for collections and aliases.
    pub fn scalar_type(&self) -> Option<ScalarType> {
        match &self.kind {
            NodeKind::Scalar { text, plain: true } => Some(resolve_plain(text)),
            NodeKind::Scalar { plain: false, .. } => Some(ScalarType::Str),
            _ => None,
        }
    }

    /// A human name of the node's type, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match (&self.kind, self.scalar_type()) {
            (NodeKind::Seq(_), _) => "a list",
            (NodeKind::Map(_), _) => "a mapping",
            (NodeKind::Alias(_), _) => "an alias",
            (_, Some(ScalarType::Null)) => "nothing (null)",
            (_, Some(ScalarType::Bool)) => "a boolean",
            (_, Some(ScalarType::Int)) => "an integer",
            (_, Some(ScalarType::Float)) => "a number",
            _ => "a string",
        }
    }
}

/// Resolves a plain scalar like serde_yaml 0.9 does.
pub fn resolve_plain(text: &str) -> ScalarType {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarType::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarType::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarType::Float,
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let radix_digits = |prefix: &str, ok: fn(char) -> bool| {
        unsigned
            .strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.chars().all(ok))
    };
    if (!unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit()))
        || radix_digits("0x", |c| c.is_ascii_hexdigit())
        || radix_digits("0o", |c| ('0'..='7').contains(&c))
        || radix_digits("0b", |c| c == '0' || c == '1')
    {
        return ScalarType::Int;
    }
    let looks_numeric = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && unsigned
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.');
    if looks_numeric && text.parse::<f64>().is_ok() {
        return ScalarType::Float;
    }
    ScalarType::Str
}

impl Doc {
    /// A document of `root`, without anchors.
    pub fn with_root(root: Node) -> Self {
        Doc {
            root: Some(root),
            anchors: HashMap::new(),
        }
    }

    /// The node an alias points at, or the node itself.
    pub fn deref<'a>(&'a self, node: &'a Node) -> &'a Node {
        match node.kind {
            NodeKind::Alias(id) => self.anchors.get(&id).unwrap_or(node),
            _ => node,
        }
    }

    /// The node at `path` below the root, following aliases.
    pub fn get(&self, path: &[Seg]) -> Option<&Node> {
        let mut node = self.deref(self.root.as_ref()?);
        for seg in path {
            node = match (seg, &node.kind) {
                (Seg::Key(k), NodeKind::Map(entries)) => {
                    &entries.iter().find(|(key, _)| key.as_str() == Some(k))?.1
                }
                (Seg::Index(i), NodeKind::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
            node = self.deref(node);
        }
        Some(node)
    }

    /// The span of the value at `path`; the span of the nearest existing ancestor otherwise.
    pub fn span(&self, path: &[Seg], fallback: Span) -> Span {
        for len in (0..=path.len()).rev() {
            if let Some(node) = self.get(&path[..len]) {
                return node.span;
            }
        }
        fallback
    }

    /// The span of the key of the entry at `path` (whose last step is a key).
    pub fn key_span(&self, path: &[Seg], fallback: Span) -> Span {
        let Some((Seg::Key(last), parent)) = path.split_last() else {
            return self.span(path, fallback);
        };
        match self.get(parent).map(|n| &n.kind) {
            Some(NodeKind::Map(entries)) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(last))
                .map_or_else(|| self.span(parent, fallback), |(k, _)| k.span),
            _ => self.span(parent, fallback),
        }
    }

    /// How many nodes the document would have with every alias expanded, saturating at
    /// `limit + 1` so a billion-laughs document is measured in linear time.
    pub fn expanded_size(&self, limit: usize) -> usize {
        let mut memo = HashMap::new();
        self.root
            .as_ref()
            .map_or(0, |root| self.size_of(root, limit, &mut memo))
    }

    fn size_of(&self, node: &Node, limit: usize, memo: &mut HashMap<usize, usize>) -> usize {
        let cap = limit + 1;
        match &node.kind {
            NodeKind::Scalar { .. } => 1,
            NodeKind::Seq(items) => items.iter().fold(1, |acc, n| {
                acc.saturating_add(self.size_of(n, limit, memo)).min(cap)
            }),
            NodeKind::Map(entries) => entries.iter().fold(1, |acc, (k, v)| {
                acc.saturating_add(self.size_of(k, limit, memo))
                    .saturating_add(self.size_of(v, limit, memo))
                    .min(cap)
            }),
            NodeKind::Alias(id) => {
                if let Some(&size) = memo.get(id) {
                    return size;
                }
                // An alias can only name an anchor that is already complete, so this recursion
                // ends; the memo placeholder guards against malformed input anyway.
                memo.insert(*id, cap);
                let size = self
                    .anchors
                    .get(id)
                    .map_or(1, |n| self.size_of(n, limit, memo));
                memo.insert(*id, size);
                size
            }
        }
    }
}

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

/// Parses `text`, which starts at byte `base` of file `file`, into a [`Doc`].
///
/// Only the first document of a stream is used; a second one is an error, because every
/// handbook file holds exactly one value.
pub fn parse(text: &str, file: FileId, base: usize) -> Result<Doc, SyntaxError> {
    match super::flat::parse(text, file, base) {
        Some(doc) => Ok(doc),
        None => parse_full(text, file, base),
    }
}

/// [`parse`] with the full YAML parser, whatever the text.
pub fn parse_full(text: &str, file: FileId, base: usize) -> Result<Doc, SyntaxError> {
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
        assert_eq!(d.expanded_size(1000), 1001);
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
