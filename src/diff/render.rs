//! A [`Report`] as text: for a terminal ([`human`]), for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY` ([`markdown`]), and as SPEC §3's JSON array ([`write_json`]).
//!
//! Both text formats group the changes (the ladder first) and show each changed field: a text's
//! old and new wording, a list's items removed and added, a page body's changed lines.

use serde_json::Value as Json;

use super::lines;
use super::{Change, ChangeKind, EntityKind, FieldChange, Report};

/// Writes the JSON array of changes (SPEC §3) and a final newline to `out`, as it goes: with
/// every page changed, the array holds each body twice.
pub(crate) fn write_json(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report.changes)?;
    out.write_all(b"\n")
}

/// The groups changes are shown in, with the kinds in each.
const GROUPS: &[(&str, &[EntityKind])] = &[
    (
        "Ladder",
        &[EntityKind::Competency, EntityKind::Track, EntityKind::Level],
    ),
    ("Values", &[EntityKind::Value]),
    ("Roles", &[EntityKind::Role]),
    ("Hiring", &[EntityKind::Stage]),
    ("Leaving", &[EntityKind::Leaving]),
    ("Pages", &[EntityKind::Page]),
    ("Settings", &[EntityKind::Settings]),
];

/// The groups that have changes, each with its changes.
fn groups(report: &Report) -> Vec<(&'static str, Vec<&Change>)> {
    GROUPS
        .iter()
        .map(|(name, kinds)| {
            let changes = report
                .changes
                .iter()
                .filter(|c| kinds.contains(&c.kind))
                .collect();
            (*name, changes)
        })
        .filter(|(_, c): &(_, Vec<&Change>)| !c.is_empty())
        .collect()
}

fn verb(c: &Change) -> &'static str {
    match c.change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
    }
}

/// The entity: its kind and id (`value learn-fast`), or just `leaving guidelines`.
fn what(c: &Change, quote: &str) -> String {
    match c.kind {
        EntityKind::Leaving => "leaving guidelines".into(),
        kind => format!("{} {quote}{}{quote}", kind.name(), c.id),
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 change".into(),
        n => format!("{n} changes"),
    }
}

/// Lines of page bodies shown per change, at most.
const MAX_BODY_LINES: usize = 40;

/// A value on one line: a text as is, a list's items joined, nothing as `(none)`.
fn inline(v: &Json) -> String {
    match v {
        Json::Null => "(none)".into(),
        Json::String(s) => s.clone(),
        Json::Array(items) if items.is_empty() => "(none)".into(),
        Json::Array(items) => items.iter().map(item).collect::<Vec<_>>().join("; "),
        Json::Object(_) => item(v),
        other => other.to_string(),
    }
}

/// One list item: a text, or a mapping led by its text, name or title with the other fields
/// in brackets (`Reads the RFC (value: learn-fast)`).
fn item(v: &Json) -> String {
    let Json::Object(map) = v else {
        return match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
    };
    let lead = ["text", "name", "title", "item"]
        .into_iter()
        .find(|k| map.get(*k).is_some_and(Json::is_string));
    let rest: Vec<String> = map
        .iter()
        .filter(|(k, v)| Some(k.as_str()) != lead && !v.is_null() && v != &&Json::Array(vec![]))
        .map(|(k, v)| format!("{k}: {}", inline(v)))
        .collect();
    match (lead.and_then(|k| map[k].as_str()), rest.is_empty()) {
        (Some(lead), true) => lead.to_string(),
        (Some(lead), false) => format!("{lead} ({})", rest.join(", ")),
        (None, _) => rest.join(", "),
    }
}

/// How a field changed, for both text formats.
enum Shape<'a> {
    /// A short value replaced: `old → new`.
    Inline(String, String),
    /// A longer text reworded: both in full.
    Text(&'a Json, &'a Json),
    /// Items of a list removed and added, or the same items reordered.
    List {
        removed: Vec<String>,
        added: Vec<String>,
    },
    /// A page body: its changed lines with some context.
    Body(Vec<String>),
}

fn shape(d: &FieldChange) -> Shape<'_> {
    let as_list = |v: &Json| match v {
        Json::Array(a) => Some(a.iter().map(item).collect::<Vec<_>>()),
        Json::Null => Some(Vec::new()),
        _ => None,
    };
    if d.field == "body" {
        let (old, new) = (d.old.as_str().unwrap_or(""), d.new.as_str().unwrap_or(""));
        return Shape::Body(lines::hunks(&lines::diff(old, new), 2));
    }
    if d.old.is_array() || d.new.is_array() {
        if let (Some(old), Some(new)) = (as_list(&d.old), as_list(&d.new)) {
            let removed: Vec<String> = old.iter().filter(|x| !new.contains(x)).cloned().collect();
            let added: Vec<String> = new.iter().filter(|x| !old.contains(x)).cloned().collect();
            if removed.is_empty() && added.is_empty() {
                return Shape::Inline(old.join(", "), new.join(", "));
            }
            return Shape::List { removed, added };
        }
    }
    let (old, new) = (inline(&d.old), inline(&d.new));
    let short = |s: &str| s.len() <= 60 && !s.contains('\n');
    if short(&old) && short(&new) {
        Shape::Inline(old, new)
    } else {
        Shape::Text(&d.old, &d.new)
    }
}

/// The report for a terminal.
pub(crate) fn human(report: &Report) -> String {
    let mut out = String::new();
    if report.changes.is_empty() {
        out.push_str(&format!(
            "No changes to the handbook between {} and {}.\n",
            report.base, report.head
        ));
    } else {
        out.push_str(&format!(
            "{} from {} to {}:\n",
            count(report.changes.len()),
            report.base,
            report.head
        ));
    }
    for (group, changes) in groups(report) {
        out.push_str(&format!("\n{group}\n"));
        for c in changes {
            let label = if c.label == c.id {
                String::new()
            } else {
                format!(" \"{}\"", c.label)
            };
            let from = c
                .from
                .as_ref()
                .map_or(String::new(), |f| format!(" (from {f})"));
            out.push_str(&format!("  {:<8} {}{label}{from}\n", verb(c), what(c, "")));
            if let Some(alias) = &c.alias {
                out.push_str(&format!(
                    "      old links keep working with this in its front matter: {alias}\n"
                ));
            }
            if matches!(c.change, ChangeKind::Changed | ChangeKind::Moved) {
                for d in &c.details {
                    human_field(&mut out, d);
                }
            }
        }
    }
    out
}

fn human_field(out: &mut String, d: &FieldChange) {
    let indent = "        ";
    match shape(d) {
        Shape::Inline(old, new) => out.push_str(&format!("      {}: {old} → {new}\n", d.field)),
        Shape::Text(old, new) => {
            out.push_str(&format!("      {}:\n", d.field));
            for (sign, v) in [("-", old), ("+", new)] {
                for line in inline(v).lines() {
                    out.push_str(&format!("{indent}{sign} {line}\n"));
                }
            }
        }
        Shape::List { removed, added } => {
            out.push_str(&format!("      {}:\n", d.field));
            for r in removed {
                out.push_str(&format!("{indent}- {r}\n"));
            }
            for a in added {
                out.push_str(&format!("{indent}+ {a}\n"));
            }
        }
        Shape::Body(hunks) => {
            out.push_str(&format!("      {}:\n", d.field));
            for line in cut(&hunks) {
                out.push_str(&format!("{indent}{line}\n"));
            }
        }
    }
}

/// At most [`MAX_BODY_LINES`] lines, with a last line saying how many were left out.
fn cut(hunks: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = hunks.iter().take(MAX_BODY_LINES).cloned().collect();
    if hunks.len() > MAX_BODY_LINES {
        lines.push(format!("… {} more lines", hunks.len() - MAX_BODY_LINES));
    }
    lines
}

/// The report as Markdown for a pull request: a heading, what couldn't be compared, then the
/// groups, each change a list item with its fields' old and new values.
pub(crate) fn markdown(report: &Report) -> String {
    let mut out = String::from("## Handbook changes\n\n");
    if report.changes.is_empty() {
        out.push_str(&format!(
            "No changes to the handbook between {} and {}.\n",
            report.base, report.head
        ));
    } else {
        out.push_str(&format!(
            "{} from {} to {}.\n",
            count(report.changes.len()),
            report.base,
            report.head
        ));
    }
    if !report.notes.is_empty() {
        out.push_str("\n**Not everything could be compared:**\n\n");
        for note in &report.notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    for (group, changes) in groups(report) {
        out.push_str(&format!("\n### {group}\n\n"));
        for c in changes {
            markdown_change(&mut out, c);
        }
    }
    // A quoted text ends with a blank line, and so may the group before a heading.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn markdown_change(out: &mut String, c: &Change) {
    let verb = verb(c);
    let title = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
    let from = c
        .from
        .as_ref()
        .map_or(String::new(), |f| format!(" from `{f}`"));
    let label = if c.label == c.id {
        String::new()
    } else {
        format!(": {}", c.label)
    };
    out.push_str(&format!("- **{title} {}**{from}{label}\n", what(c, "`")));
    if let Some(alias) = &c.alias {
        out.push_str(&format!(
            "  - To keep old links working, add `{alias}` to its front matter.\n"
        ));
    }
    if matches!(c.change, ChangeKind::Changed | ChangeKind::Moved) {
        for d in &c.details {
            markdown_field(out, d);
        }
    }
}

fn markdown_field(out: &mut String, d: &FieldChange) {
    let field = format!("`{}`", d.field);
    match shape(d) {
        Shape::Inline(old, new) => {
            out.push_str(&format!(
                "  - {field}: {} → {}\n",
                md_inline(&old),
                md_inline(&new)
            ));
        }
        Shape::Text(old, new) => {
            out.push_str(&format!("  - {field}\n"));
            for (name, v) in [("Before", old), ("After", new)] {
                let text = inline(v);
                if text.contains('\n') {
                    out.push_str(&format!("    - {name}:\n\n"));
                    for line in text.lines() {
                        out.push_str(&format!("      > {line}\n").replace("> \n", ">\n"));
                    }
                    out.push('\n');
                } else {
                    out.push_str(&format!("    - {name}: {}\n", md_inline(&text)));
                }
            }
        }
        Shape::List { removed, added } => {
            out.push_str(&format!("  - {field}\n"));
            for r in removed {
                out.push_str(&format!("    - Removed: {}\n", md_inline(&r)));
            }
            for a in added {
                out.push_str(&format!("    - Added: {}\n", md_inline(&a)));
            }
        }
        Shape::Body(hunks) => {
            let lines = cut(&hunks);
            let longest = lines.iter().map(|l| backtick_run(l)).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            out.push_str(&format!("  - {field}\n\n    {fence}diff\n"));
            for line in lines {
                out.push_str(&format!("    {line}\n"));
            }
            out.push_str(&format!("    {fence}\n\n"));
        }
    }
}

/// A one-line text for a list item: `(none)` in italics.
fn md_inline(text: &str) -> String {
    if text == "(none)" {
        "*(none)*".into()
    } else {
        text.replace('\n', " ")
    }
}

/// The longest run of backticks in `line`, so a fence can be longer.
fn backtick_run(line: &str) -> usize {
    line.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}
