//! docs/format.md: it documents every field of every file exactly as `handbook schema`
//! describes them (no field missing, none extra, required and list types agreeing), and its
//! examples together make a handbook that checks clean.

use std::collections::BTreeMap;
use std::path::Path;

use handbook::Kind;
use serde_json::Value;

use crate::support::{run, stderr, stdout, write};

/// One section of the doc: its heading, its table's rows (field, type, default) and its YAML
/// examples.
struct Section {
    heading: String,
    rows: Vec<[String; 3]>,
    examples: Vec<String>,
}

fn sections() -> Vec<Section> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<Section> = Vec::new();
    let mut example: Option<String> = None;
    for line in text.lines() {
        if let Some(block) = &mut example {
            if line == "```" {
                let block = example.take().unwrap();
                if let Some(s) = out.last_mut() {
                    s.examples.push(block);
                }
            } else {
                block.push_str(line);
                block.push('\n');
            }
        } else if line == "```yaml" {
            example = Some(String::new());
        } else if let Some(h) = line.strip_prefix("## ") {
            out.push(Section {
                heading: h.replace('`', "").to_lowercase(),
                rows: Vec::new(),
                examples: Vec::new(),
            });
        } else if line.starts_with("| `") {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            assert!(
                cells.len() >= 3,
                "docs/format.md: a table row with 3 cells: {line}"
            );
            let field = cells[0].trim_matches('`').to_string();
            if let Some(s) = out.last_mut() {
                s.rows.push([field, cells[1].clone(), cells[2].clone()]);
            }
        }
    }
    out
}

/// A field of a schema: its JSON types and whether it is required.
#[derive(Debug)]
struct Field {
    types: Vec<String>,
    required: bool,
}

/// Every field path of `node`: `a.b` for properties, `a[]` for list items, `a.*` for the
/// values of a mapping with free keys; `anyOf` branches share their path.
fn walk(defs: &Value, node: &Value, path: &str, out: &mut BTreeMap<String, Field>) {
    let node = match node["$ref"].as_str() {
        Some(r) => &defs[r.rsplit('/').next().unwrap()],
        None => node,
    };
    let required: Vec<&str> = node["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = node["properties"].as_object() {
        for (name, prop) in props {
            let p = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let types = match &prop["type"] {
                Value::String(t) => vec![t.clone()],
                Value::Array(ts) => ts
                    .iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            out.insert(
                p.clone(),
                Field {
                    types,
                    required: required.contains(&name.as_str()),
                },
            );
            walk(defs, prop, &p, out);
        }
    }
    if node["additionalProperties"].is_object() {
        let p = format!("{path}.*");
        out.insert(
            p.clone(),
            Field {
                types: Vec::new(),
                required: false,
            },
        );
        walk(defs, &node["additionalProperties"], &p, out);
    }
    if node["items"].is_object() {
        walk(defs, &node["items"], &format!("{path}[]"), out);
    }
    for branch in node["anyOf"].as_array().into_iter().flatten() {
        walk(defs, branch, path, out);
    }
}

/// `expectations.<competency>[]` → `expectations.*[]`.
fn normalize(field: &str) -> String {
    let mut out = String::new();
    let mut rest = field;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        out.push('*');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_field_of_every_schema_is_documented_and_nothing_else() {
    let sections = sections();
    for kind in Kind::ALL {
        let schema = kind.json_schema();
        let schema = schema.as_value();
        let title = schema["title"].as_str().unwrap().to_lowercase();
        let section = sections
            .iter()
            .find(|s| s.heading == title)
            .unwrap_or_else(|| panic!("docs/format.md has a section `## {title}`"));
        let mut fields = BTreeMap::new();
        walk(&schema["$defs"], schema, "", &mut fields);
        let documented: BTreeMap<String, &[String; 3]> =
            section.rows.iter().map(|r| (normalize(&r[0]), r)).collect();
        let missing: Vec<&String> = fields
            .keys()
            .filter(|f| !documented.contains_key(*f))
            .collect();
        let extra: Vec<&String> = documented
            .keys()
            .filter(|f| !fields.contains_key(*f))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{title}: in the schema, not in docs/format.md: {missing:?}; in the doc, not in the schema: {extra:?}"
        );
        for (path, field) in &fields {
            let [_, ty, default] = documented[path];
            if !path.ends_with('*') {
                assert_eq!(
                    default == "required",
                    field.required,
                    "{title}: `{path}` is {}required",
                    if field.required { "" } else { "not " }
                );
            }
            let has = |t: &str| field.types.iter().any(|x| x == t);
            if has("array") {
                assert!(
                    ty.starts_with("list"),
                    "{title}: `{path}` is a list, not {ty}"
                );
            }
            if has("integer") || has("boolean") {
                let t = if has("integer") { "integer" } else { "boolean" };
                assert_eq!(ty, t, "{title}: `{path}`");
            }
            if has("object") {
                assert_eq!(ty, "mapping", "{title}: `{path}`");
            }
        }
    }
}

#[test]
fn the_examples_make_a_handbook_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for section in sections() {
        let Some(example) = section.examples.first() else {
            continue;
        };
        let file = match section.heading.as_str() {
            "page front matter" => {
                write(
                    dir,
                    "pages/index.md",
                    &format!("---\n{example}---\n\nWelcome.\n"),
                );
                continue;
            }
            "roles/<id>.yaml" => example
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# "))
                .expect("the role example names its file in a comment")
                .to_string(),
            name if name.ends_with(".yaml") => name.to_string(),
            _ => continue,
        };
        write(dir, &file, example);
    }
    assert!(dir.join("handbook.yaml").is_file());
    let o = run(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]", "no warnings either");
}
