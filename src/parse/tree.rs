//! The span tree every YAML text is read into: nodes that remember where they came from.
//!
//! serde_yaml reports positions only for parse failures, so every YAML text is first read into a
//! [`Node`] tree — by saphyr-parser's event stream ([`super::yaml`]), or for the usual flat front
//! matter by a short reader of its own ([`super::flat`]). The structural check walks that tree to
//! point each problem at the offending value, the tree is then turned into a `serde_yaml::Value`
//! for typed loading, and the resolve stage looks up the span of any value by its key path (see
//! `docs/architecture.md`).
//!
//! Aliases are kept as references, never copied, so an alias bomb costs nothing to parse;
//! [`Doc::expanded`] measures what expanding it would cost before anyone does.

use std::collections::HashMap;

use crate::source::Span;

/// One YAML value with its span in the file.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// What the node is.
    pub(crate) kind: NodeKind,
    /// Byte range of the node in the whole file.
    pub(crate) span: Span,
}

/// The shape of a [`Node`].
#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
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
pub(crate) enum ScalarType {
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
pub(crate) struct Doc {
    /// The root node; `None` for an empty document.
    pub(crate) root: Option<Node>,
    pub(super) anchors: HashMap<usize, Node>,
    /// For each sequence the structural check dropped items from (a mapping where text
    /// belongs...), keyed by its span: the tree indices of the items it kept. The typed content
    /// counts only those, so a path into it (`values[1]`) is translated here to find its node.
    pub(super) kept: Kept,
}

/// The tree indices of the kept items of each sequence that lost some, by the sequence's span
/// (start, end): see [`Doc::get`].
pub(crate) type Kept = HashMap<(u32, u32), Vec<usize>>;

/// A YAML syntax error.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    /// Where the parser stopped.
    pub(crate) span: Span,
    /// The parser's message.
    pub(crate) message: String,
    /// True when a limit (nesting depth) rather than the syntax stopped the parser.
    pub(crate) limit: bool,
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// What this scalar resolves to; `None` for collections and aliases.
    pub(crate) fn scalar_type(&self) -> Option<ScalarType> {
        match &self.kind {
            NodeKind::Scalar { text, plain: true } => Some(resolve_plain(text)),
            NodeKind::Scalar { plain: false, .. } => Some(ScalarType::Str),
            _ => None,
        }
    }

    /// A human name of the node's type, for "expected X, found Y" messages.
    pub(crate) fn type_name(&self) -> &'static str {
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
pub(crate) fn resolve_plain(text: &str) -> ScalarType {
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
    pub(crate) fn with_root(root: Node) -> Self {
        Doc {
            root: Some(root),
            anchors: HashMap::new(),
            kept: HashMap::new(),
        }
    }

    /// Records which items of each sequence the structural check kept ([`Doc::get`]).
    pub(crate) fn set_kept(&mut self, kept: Kept) {
        self.kept = kept;
    }

    /// The node an alias points at, or the node itself.
    pub(crate) fn deref<'a>(&'a self, node: &'a Node) -> &'a Node {
        match node.kind {
            NodeKind::Alias(id) => self.anchors.get(&id).unwrap_or(node),
            _ => node,
        }
    }

    /// The node at `path` below the root, following aliases. Indices count the items of the
    /// typed content: those the structural check kept.
    pub(crate) fn get(&self, path: &[Seg]) -> Option<&Node> {
        let mut node = self.deref(self.root.as_ref()?);
        for seg in path {
            node = match (seg, &node.kind) {
                (Seg::Key(k), NodeKind::Map(entries)) => {
                    &entries.iter().find(|(key, _)| key.as_str() == Some(k))?.1
                }
                (Seg::Index(i), NodeKind::Seq(items)) => {
                    match self.kept.get(&(node.span.start, node.span.end)) {
                        Some(kept) => items.get(*kept.get(*i)?)?,
                        None => items.get(*i)?,
                    }
                }
                _ => return None,
            };
            node = self.deref(node);
        }
        Some(node)
    }

    /// The span of the value at `path`; the span of the nearest existing ancestor otherwise.
    pub(crate) fn span(&self, path: &[Seg], fallback: Span) -> Span {
        for len in (0..=path.len()).rev() {
            if let Some(node) = self.get(&path[..len]) {
                return node.span;
            }
        }
        fallback
    }

    /// The span of the key of the entry at `path` (whose last step is a key).
    pub(crate) fn key_span(&self, path: &[Seg], fallback: Span) -> Span {
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

    /// The size and depth of the document with every alias expanded, without expanding it:
    /// the size saturates at `limit + 1`, so a billion-laughs document is measured in linear
    /// time.
    /// The depth counts too: everything that walks a document (the structural check, serde)
    /// recurses once per level, and an alias repeats its anchor's levels where it stands, so
    /// `a1: &a1 [*a0]`, `a2: &a2 [*a1]`... nests as deep as the chain is long.
    pub(crate) fn expanded(&self, limit: usize) -> Expanded {
        let mut memo = HashMap::new();
        self.root
            .as_ref()
            .map_or(Expanded { nodes: 0, depth: 0 }, |root| {
                self.measure(root, limit, &mut memo)
            })
    }

    fn measure(&self, node: &Node, limit: usize, memo: &mut HashMap<usize, Expanded>) -> Expanded {
        let cap = limit + 1;
        let mut add = |acc: Expanded, n: &Node| {
            let e = self.measure(n, limit, memo);
            Expanded {
                nodes: acc.nodes.saturating_add(e.nodes).min(cap),
                depth: acc.depth.max(e.depth + 1),
            }
        };
        let scalar = Expanded { nodes: 1, depth: 0 };
        let one = Expanded { nodes: 1, depth: 1 };
        match &node.kind {
            NodeKind::Scalar { .. } => scalar,
            NodeKind::Seq(items) => items.iter().fold(one, &mut add),
            NodeKind::Map(entries) => entries.iter().fold(one, |acc, (k, v)| {
                let acc = add(acc, k);
                add(acc, v)
            }),
            NodeKind::Alias(id) => {
                if let Some(&e) = memo.get(id) {
                    return e;
                }
                // An alias can only name an anchor that is already complete, so this recursion
                // ends; the memo placeholder guards against malformed input anyway.
                memo.insert(
                    *id,
                    Expanded {
                        nodes: cap,
                        depth: 0,
                    },
                );
                let e = self
                    .anchors
                    .get(id)
                    .map_or(scalar, |n| self.measure(n, limit, memo));
                memo.insert(*id, e);
                e
            }
        }
    }
}

/// A document's size and depth with its aliases expanded ([`Doc::expanded`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Expanded {
    /// Nodes, saturating just past the limit asked for.
    pub(crate) nodes: usize,
    /// Levels of collections nested in each other (a scalar alone is 0).
    pub(crate) depth: usize,
}
