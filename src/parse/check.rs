//! The structural check: walks a YAML [`Doc`] against its kind's [`Shape`], reports every
//! unknown field, missing field and wrong type at the offending node, and returns the content
//! as a `serde_yaml::Value` with the bad parts removed, so the rest of the file still loads.

use serde_yaml::Value;

use super::hints;
use super::schema::{Shape, StructShape, Variant, humanize};
use super::tree::{Doc, Kept, Node, NodeKind, ScalarType};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::source::Span;

/// What a checked value is, for messages: spelled out only when there is a problem.
#[derive(Clone, Copy)]
enum What<'a> {
    /// The root.
    Document,
    /// The value of a mapping key.
    Field(&'a str),
    /// Item `n` (from 1) of a list.
    Item(usize, &'a What<'a>),
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Document => f.write_str("the document"),
            What::Field(name) => write!(f, "`{name}`"),
            What::Item(n, of) => write!(f, "item {n} of {of}"),
        }
    }
}

/// Checks one document.
pub(crate) struct Checker<'a> {
    doc: &'a Doc,
    /// Code for type errors: `yaml-syntax` in YAML files, `front-matter` in front matter.
    type_code: Code,
    /// Where problems of an empty document are reported.
    empty_at: Span,
    diags: Vec<Diagnostic>,
    /// The items kept of each sequence that lost some (see [`Doc::get`]).
    kept: Kept,
}

impl<'a> Checker<'a> {
    /// A checker for `doc`; type errors are reported with `type_code`, and the missing fields
    /// of an empty document at `empty_at`.
    pub(crate) fn new(doc: &'a Doc, type_code: Code, empty_at: Span) -> Self {
        Checker {
            doc,
            type_code,
            empty_at,
            diags: Vec::new(),
            kept: Kept::new(),
        }
    }

    /// Checks the whole document against `shape`; returns the cleaned value, the problems and
    /// which items of each sequence that lost some were kept (for [`Doc::set_kept`], so spans
    /// looked up by the typed content's indices stay right).
    ///
    /// An empty document is checked as an empty mapping, so it reports the missing fields.
    pub(crate) fn run(mut self, shape: &Shape) -> (Option<Value>, Vec<Diagnostic>, Kept) {
        let value = match &self.doc.root {
            Some(root) => self.check(root, shape, What::Document),
            None => match shape {
                Shape::Struct(s) => {
                    let mut map = serde_yaml::Mapping::new();
                    for f in s.fields.iter().filter(|f| f.required) {
                        self.diags.push(
                            Diagnostic::new(
                                Code::MissingField,
                                self.empty_at,
                                format!("the file is empty: missing required field `{}`", f.name),
                            )
                            .help(format!("add `{}: ...`", f.name)),
                        );
                        map.insert(f.name.clone().into(), f.shape.empty_value());
                    }
                    Some(Value::Mapping(map))
                }
                _ => None,
            },
        };
        (value, self.diags, self.kept)
    }

    fn type_error(&mut self, node: &Node, expected: &Shape, what: What) {
        // A plain value where a mapping belongs (a leaving principle written as one string):
        // say what the mapping holds; where a list of texts belongs, how to write the list.
        let help = match (expected, &node.kind) {
            (Shape::Struct(s), NodeKind::Scalar { .. }) => {
                Some(hints::as_mapping(s, node.as_str()))
            }
            (Shape::Seq(item), NodeKind::Scalar { text, .. })
                if matches!(**item, Shape::Str) && node.scalar_type() != Some(ScalarType::Null) =>
            {
                Some(format!(
                    "write a list, even of one: `[{text}]`, or `- {text}` on a line of its own"
                ))
            }
            _ => None,
        };
        self.diags.push(
            Diagnostic::new(
                self.type_code,
                node.span,
                format!(
                    "{what} must be {}, found {}",
                    expected.describe(),
                    node.type_name()
                ),
            )
            .maybe_help(help),
        );
    }

    fn check(&mut self, node: &Node, shape: &Shape, what: What) -> Option<Value> {
        let node = self.doc.deref(node);
        match shape {
            Shape::Any => Some(self.plain_value(node)),
            Shape::Nullable(inner) => {
                if node.scalar_type() == Some(ScalarType::Null) {
                    Some(Value::Null)
                } else {
                    self.check(node, inner, what)
                }
            }
            Shape::Str => match &node.kind {
                NodeKind::Scalar { text, .. } if node.scalar_type() != Some(ScalarType::Null) => {
                    Some(Value::String(text.clone()))
                }
                NodeKind::Scalar { .. } => {
                    self.diags.push(Diagnostic::new(
                        Code::MissingField,
                        node.span,
                        format!("{what} is empty"),
                    ));
                    None
                }
                _ => {
                    self.type_error(node, shape, what);
                    None
                }
            },
            Shape::Bool => match (node.scalar_type(), node.as_str()) {
                (Some(ScalarType::Bool), Some(text)) => {
                    Some(Value::Bool(text.eq_ignore_ascii_case("true")))
                }
                _ => {
                    self.type_error(node, shape, what);
                    None
                }
            },
            Shape::Int { min } => {
                let parsed = match (node.scalar_type(), node.as_str()) {
                    (Some(ScalarType::Int), Some(text)) => parse_int(text),
                    _ => None,
                };
                match (parsed, min) {
                    (Some(n), Some(m)) if n < *m => {
                        // The type is right, the value is not: "must be a whole number of
                        // zero or more, found an integer" said nothing useful.
                        let bound = if *m == 0 {
                            "zero or more".to_string()
                        } else {
                            format!("at least {m}")
                        };
                        self.diags.push(Diagnostic::new(
                            self.type_code,
                            node.span,
                            format!("{what} must be {bound}, found {n}"),
                        ));
                        None
                    }
                    (Some(n), _) => Some(Value::Number(n.into())),
                    _ => {
                        self.type_error(node, shape, what);
                        None
                    }
                }
            }
            Shape::Seq(item) => match &node.kind {
                NodeKind::Seq(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    let mut kept = Vec::new();
                    for (i, n) in items.iter().enumerate() {
                        if let Some(v) = self.check(n, item, What::Item(i + 1, &what)) {
                            out.push(v);
                            kept.push(i);
                        }
                    }
                    // A dropped item shifts the typed list's indices: remember which stayed.
                    if kept.len() < items.len() {
                        self.kept.insert((node.span.start, node.span.end), kept);
                    }
                    Some(Value::Sequence(out))
                }
                // `values: curiosity`: reported, then read as the one-item list it surely
                // meant, so the rest (the role's values) doesn't cascade into more errors.
                NodeKind::Scalar { text, .. }
                    if matches!(**item, Shape::Str)
                        && node.scalar_type() != Some(ScalarType::Null) =>
                {
                    self.type_error(node, shape, what);
                    Some(Value::Sequence(vec![Value::String(text.clone())]))
                }
                _ => {
                    self.type_error(node, shape, what);
                    None
                }
            },
            Shape::Map(values) => match &node.kind {
                NodeKind::Map(entries) => {
                    let mut map = serde_yaml::Mapping::new();
                    for (key, value) in entries {
                        let Some(name) = self.key_name(key, |k| map.contains_key(k)) else {
                            continue;
                        };
                        if let Some(v) = self.check(value, values, What::Field(&name)) {
                            map.insert(Value::String(name), v);
                        }
                    }
                    Some(Value::Mapping(map))
                }
                _ => {
                    self.type_error(node, shape, what);
                    None
                }
            },
            Shape::Struct(s) => match &node.kind {
                NodeKind::Map(entries) => {
                    // Only a list item is likely a sentence that YAML split at `: `.
                    let text = match what {
                        What::Item(..) => self.text_with_colon(node, entries, s),
                        _ => None,
                    };
                    Some(text.unwrap_or_else(|| self.check_struct(node, entries, s)))
                }
                _ => {
                    self.type_error(node, shape, what);
                    None
                }
            },
            Shape::AnyOf(options) => self.check_any_of(node, shape, options, what),
            Shape::Enum(words) => self.check_word(node, shape, words, what),
        }
    }

    /// A word of a fixed set (`raw_html: sanitize`); anything else is reported at the value,
    /// with the nearest word, or else what each word means.
    fn check_word(
        &mut self,
        node: &Node,
        shape: &Shape,
        words: &[Variant],
        what: What,
    ) -> Option<Value> {
        let text = match (&node.kind, node.scalar_type()) {
            (NodeKind::Scalar { text, .. }, Some(t)) if t != ScalarType::Null => text,
            _ => {
                self.type_error(node, shape, what);
                return None;
            }
        };
        if words.iter().any(|w| w.name == *text) {
            return Some(Value::String(text.clone()));
        }
        let names = || words.iter().map(|w| w.name.as_str());
        let lower = text.to_lowercase();
        let near = names()
            .find(|w| *w == lower)
            .or_else(|| did_you_mean(text, names()));
        let help = match near {
            Some(w) => format!("did you mean `{w}`?"),
            None => words
                .iter()
                .map(|w| match &w.description {
                    Some(d) => format!("`{}`: {}", w.name, lower_first(d.trim_end_matches('.'))),
                    None => format!("`{}`", w.name),
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        self.diags.push(
            Diagnostic::new(
                self.type_code,
                node.span,
                format!(
                    "{what} must be {}, found `{}`",
                    shape.describe(),
                    text.escape_debug()
                ),
            )
            .help(help),
        );
        None
    }

    fn check_any_of(
        &mut self,
        node: &Node,
        shape: &Shape,
        options: &[Shape],
        what: What,
    ) -> Option<Value> {
        // Pick the option whose outer type matches, then report problems inside it.
        let chosen = options.iter().find(|o| outer_matches(self.doc, node, o));
        match chosen {
            Some(option) => self.check(node, option, what),
            None => {
                self.type_error(node, shape, what);
                None
            }
        }
    }

    /// The key's text, or `None` (with a diagnostic) when it is not a string or is repeated.
    fn key_name(&mut self, key: &Node, seen: impl Fn(&str) -> bool) -> Option<String> {
        let key = self.doc.deref(key);
        let Some(name) = key.as_str() else {
            self.diags.push(Diagnostic::new(
                Code::YamlSyntax,
                key.span,
                format!("a key must be text, found {}", key.type_name()),
            ));
            return None;
        };
        if seen(name) {
            self.diags.push(Diagnostic::new(
                Code::YamlSyntax,
                key.span,
                format!("duplicate key `{name}`"),
            ));
            return None;
        }
        Some(name.to_string())
    }

    fn check_struct(&mut self, node: &Node, entries: &[(Node, Node)], s: &StructShape) -> Value {
        let mut map = serde_yaml::Mapping::with_capacity(s.fields.len());
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        let mut unknown = false;
        for (key, value) in entries {
            let Some(name) = self.key_name(key, |k| seen.contains(k)) else {
                continue;
            };
            if let Some(k) = self.doc.deref(key).as_str() {
                seen.insert(k);
            }
            let Some(field) = s.field(&name) else {
                unknown = true;
                let allowed: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
                let value_text = self.doc.deref(value).as_str();
                let help = match (hints::foreign(&name, value_text, s), hints::meant(&name, s)) {
                    (Some(instead), _) => instead,
                    (None, Some(near)) => format!(
                        "did you mean `{near}`? allowed fields: {}",
                        allowed.join(", ")
                    ),
                    (None, None) => format!(
                        "allowed fields: {}{}",
                        allowed.join(", "),
                        hints::elsewhere(s).unwrap_or_default()
                    ),
                };
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        self.doc.deref(key).span,
                        format!("unknown field `{name}`"),
                    )
                    .help(help),
                );
                continue;
            };
            if let Some(v) = self.check(value, &field.shape, What::Field(&name)) {
                // `title: ""` says no more than a missing title.
                if field.required && v.as_str().is_some_and(|t| t.trim().is_empty()) {
                    self.diags.push(
                        Diagnostic::new(
                            Code::MissingField,
                            self.doc.deref(value).span,
                            format!("{} is empty", What::Field(&name)),
                        )
                        .help(format!("write a value: `{name}: ...`")),
                    );
                }
                map.insert(Value::String(name), v);
            } else if field.required {
                map.insert(Value::String(name), field.shape.empty_value());
            }
        }
        let typos: Vec<String> = entries
            .iter()
            .filter(|_| unknown)
            .filter_map(|(k, _)| self.doc.deref(k).as_str())
            .filter(|k| s.field(k).is_none())
            .filter_map(|k| hints::meant(k, s))
            .map(str::to_string)
            .collect();
        for field in s.fields.iter().filter(|f| f.required) {
            // A misspelt required field is reported once, as the unknown field.
            let present = seen.contains(field.name.as_str());
            if !present && !typos.contains(&field.name) {
                self.diags.push(
                    Diagnostic::new(
                        Code::MissingField,
                        entries
                            .first()
                            .map_or(node.span, |(k, _)| self.doc.deref(k).span),
                        format!(
                            "missing required field `{}` in this {}",
                            field.name,
                            humanize(&s.name)
                        ),
                    )
                    .help(format!("add `{}: ...`", field.name)),
                );
            }
            if !present {
                map.insert(Value::String(field.name.clone()), field.shape.empty_value());
            }
        }
        Value::Mapping(map)
    }

    /// `- Owns the roadmap: all of it` (a list item) is a sentence with `: ` in it, which YAML
    /// reads as a mapping of one key: reported once as that, with the quoting that keeps it text, instead
    /// of an unknown field and a missing one. The struct's required fields are filled empty.
    fn text_with_colon(
        &mut self,
        node: &Node,
        entries: &[(Node, Node)],
        s: &StructShape,
    ) -> Option<Value> {
        let [(key, value)] = entries else {
            return None;
        };
        let key = self.doc.deref(key).as_str()?;
        let value = self.doc.deref(value).as_str()?;
        if s.field(key).is_some() || !key.contains(' ') {
            return None;
        }
        let text = format!("{key}: {value}").replace('"', "\\\"");
        self.diags.push(
            Diagnostic::new(
                self.type_code,
                node.span,
                format!(
                    "this text was read as a mapping of `{key}` to `{value}`: in YAML, `: ` \
                     ends a key"
                ),
            )
            .help(format!("quote the whole text: \"{text}\"")),
        );
        let mut map = serde_yaml::Mapping::new();
        for field in s.fields.iter().filter(|f| f.required) {
            map.insert(Value::String(field.name.clone()), field.shape.empty_value());
        }
        Some(Value::Mapping(map))
    }

    /// Converts a node to a value with YAML's own scalar resolution, for `Any` shapes.
    fn plain_value(&self, node: &Node) -> Value {
        let node = self.doc.deref(node);
        match &node.kind {
            NodeKind::Scalar { text, .. } => match node.scalar_type() {
                Some(ScalarType::Null) => Value::Null,
                Some(ScalarType::Bool) => Value::Bool(text.eq_ignore_ascii_case("true")),
                Some(ScalarType::Int) => {
                    parse_int(text).map_or(Value::String(text.clone()), |n| Value::Number(n.into()))
                }
                Some(ScalarType::Float) => serde_yaml::from_str(text).unwrap_or(Value::Null),
                _ => Value::String(text.clone()),
            },
            NodeKind::Seq(items) => {
                Value::Sequence(items.iter().map(|n| self.plain_value(n)).collect())
            }
            NodeKind::Map(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|(k, v)| (self.plain_value(k), self.plain_value(v)))
                    .collect(),
            ),
            NodeKind::Alias(_) => Value::Null,
        }
    }
}

fn outer_matches(doc: &Doc, node: &Node, shape: &Shape) -> bool {
    let node = doc.deref(node);
    match (shape, &node.kind) {
        (Shape::Any, _) => true,
        (Shape::Nullable(inner), _) => {
            node.scalar_type() == Some(ScalarType::Null) || outer_matches(doc, node, inner)
        }
        (Shape::Str | Shape::Enum(_), NodeKind::Scalar { .. }) => true,
        (Shape::Bool, _) => node.scalar_type() == Some(ScalarType::Bool),
        (Shape::Int { .. }, _) => node.scalar_type() == Some(ScalarType::Int),
        (Shape::Seq(_), NodeKind::Seq(_)) => true,
        (Shape::Struct(_) | Shape::Map(_), NodeKind::Map(_)) => true,
        (Shape::AnyOf(options), _) => options.iter().any(|o| outer_matches(doc, node, o)),
        _ => false,
    }
}

/// `Kept as written` → `kept as written`, to follow a colon; `URLs` stays.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if !second.is_some_and(char::is_uppercase) => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else {
        digits.parse().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::source::FileId;

    fn check(kind: Kind, text: &str) -> (Option<Value>, Vec<Diagnostic>) {
        let doc = crate::parse::parse_doc(text, FileId(0), 0).unwrap();
        let (value, diags, _) = Checker::new(&doc, Code::YamlSyntax, Span::file_start(FileId(0)))
            .run(crate::parse::schema::shape(kind));
        (value, diags)
    }

    #[test]
    fn reports_every_unknown_field_with_a_suggestion() {
        let text = "title: SRE\nvaleus: [a]\nsumary: x\n";
        let (value, diags) = check(Kind::Role, text);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].code, Code::UnknownField);
        assert_eq!(&text[diags[0].span.range()], "valeus");
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `values`?")
        );
        assert!(diags[1].help.as_deref().unwrap().contains("`summary`"));
        // The rest of the file still loads.
        let role: crate::model::raw::RawRole = serde_yaml::from_value(value.unwrap()).unwrap();
        assert_eq!(role.title, "SRE");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = "title: SRE\nvalues: ownership\n";
        let (_, diags) = check(Kind::Role, text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert_eq!(&text[diags[0].span.range()], "ownership");
        assert!(
            diags[0].message.contains("must be a list of texts"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn missing_fields_are_filled_so_entities_survive() {
        let text = "values:\n  - id: a\n  - name: B\n";
        let (value, diags) = check(Kind::Values, text);
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.message.clone())).collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert!(codes.iter().all(|(c, _)| *c == Code::MissingField));
        let file: crate::model::raw::RawValuesFile =
            serde_yaml::from_value(value.unwrap()).unwrap();
        assert_eq!(file.values.len(), 2);
        assert_eq!(file.values[0].id, "a");
    }

    #[test]
    fn expectations_accept_text_criteria_and_detailed_criteria() {
        let text = "tracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: l1\n        title: One\n        expectations:\n          a: Some text\n          b: [one, {text: two, examples: [x]}]\n          c: {text: wrong}\n";
        let (value, diags) = check(Kind::Ladder, text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(text[diags[0].span.range()].starts_with("{text: wrong}"));
        assert_eq!(
            diags[0].message,
            "`c` must be text or a list of texts or mappings (each a detailed criterion), found a mapping"
        );
        let ladder: crate::model::raw::RawLadder = serde_yaml::from_value(value.unwrap()).unwrap();
        assert_eq!(ladder.tracks[0].levels[0].expectations.len(), 2);
    }

    #[test]
    fn paths_into_a_list_that_lost_items_find_the_kept_ones() {
        let text = "title: SRE\nvalues: [{id: a}, ghost, [x], care]\n";
        let mut doc = crate::parse::parse_doc(text, FileId(0), 0).unwrap();
        let (value, diags, kept) =
            Checker::new(&doc, Code::YamlSyntax, Span::file_start(FileId(0)))
                .run(crate::parse::schema::shape(Kind::Role));
        assert_eq!(diags.len(), 2, "{diags:?}");
        doc.set_kept(kept);
        let role: crate::model::raw::RawRole = serde_yaml::from_value(value.unwrap()).unwrap();
        assert_eq!(role.values, ["ghost", "care"]);
        use crate::parse::tree::Seg;
        for (i, id) in role.values.iter().enumerate() {
            let node = doc.get(&[Seg::Key("values"), Seg::Index(i)]).unwrap();
            assert_eq!(&text[node.span.range()], id);
        }
        assert!(doc.get(&[Seg::Key("values"), Seg::Index(2)]).is_none());
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let (_, diags) = check(Kind::Role, "title: a\ntitle: b\n");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("duplicate key"));
    }

    #[test]
    fn front_matter_types() {
        let text = "weight: first\ndraft: yes\n";
        let doc = crate::parse::parse_doc(text, FileId(0), 0).unwrap();
        let (_, diags, _) = Checker::new(&doc, Code::FrontMatter, Span::file_start(FileId(0)))
            .run(crate::parse::schema::shape(Kind::FrontMatter));
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == Code::FrontMatter));
    }

    #[test]
    fn ints_parse_in_every_radix() {
        assert_eq!(parse_int("-0x10"), Some(-16));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("99999999999999999999"), None);
    }
}
