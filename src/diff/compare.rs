//! Two lists of entities → the changes between them: entities matched by kind and id, field by
//! field; what is left over paired into moves (an id changed, a page's file moved); the rest
//! added or removed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value as Json;

use super::entities::{Entity, EntityKind};

/// How an entity changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ChangeKind {
    /// Only in HEAD.
    Added,
    /// Only in BASE.
    Removed,
    /// In both, with different fields.
    Changed,
    /// In both under different ids (fields may differ too).
    Moved,
}

/// One field that differs: its value in BASE and in HEAD (`null` when absent).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct FieldChange {
    /// The field (`name`, `expectations.technical-depth`, `body`).
    pub(crate) field: String,
    /// Its value in BASE.
    pub(crate) old: Arc<Json>,
    /// Its value in HEAD.
    pub(crate) new: Arc<Json>,
}

/// One change, in the JSON shape of SPEC §3 (plus what the other formats show).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Change {
    /// The entity's kind.
    pub(crate) kind: EntityKind,
    /// Its id (in HEAD, except for a removed entity).
    pub(crate) id: String,
    /// What happened to it.
    pub(crate) change: ChangeKind,
    /// A moved entity's id in BASE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<String>,
    /// The fields that differ (empty for added and removed entities).
    pub(crate) fields: Vec<String>,
    /// Each field's old and new value; for an added or removed entity, all its fields.
    pub(crate) details: Vec<FieldChange>,
    /// Its name or title.
    #[serde(skip)]
    pub(crate) label: String,
    /// For a moved page: the line its front matter should get so old links keep working
    /// (`None` when it already has it).
    #[serde(skip)]
    pub(crate) alias: Option<String>,
    #[serde(skip)]
    order: usize,
}

/// The changes from `base` to `head`, in report order (by kind, then in handbook order).
/// Entities written in a file that one side couldn't read (`*_failed`) are left out on both
/// sides: such a file would otherwise look emptied.
pub(crate) fn compare(
    base: &[Entity],
    head: &[Entity],
    base_failed: &HashSet<String>,
    head_failed: &HashSet<String>,
) -> Vec<Change> {
    let base: Vec<&Entity> = base
        .iter()
        .filter(|e| !head_failed.contains(&e.file))
        .collect();
    let head: Vec<&Entity> = head
        .iter()
        .filter(|e| !base_failed.contains(&e.file))
        .collect();
    let by_key: HashMap<(EntityKind, &str), &Entity> =
        base.iter().map(|e| ((e.kind, e.id.as_str()), *e)).collect();
    let mut matched: HashSet<(EntityKind, &str)> = HashSet::new();
    let mut changes = Vec::new();
    let mut added = Vec::new();
    for &new in &head {
        let key = (new.kind, new.id.as_str());
        match by_key.get(&key) {
            Some(old) => {
                matched.insert(key);
                let details = field_changes(old, new);
                if !details.is_empty() {
                    changes.push(change(new, ChangeKind::Changed, details));
                }
            }
            None => added.push(new),
        }
    }
    let removed: Vec<&Entity> = base
        .iter()
        .copied()
        .filter(|e| !matched.contains(&(e.kind, e.id.as_str())))
        .collect();
    let (moves, added, removed) = pair_moves(added, removed);
    for (old, new) in moves {
        let mut c = change(new, ChangeKind::Moved, field_changes(old, new));
        c.from = Some(old.id.clone());
        c.alias = alias(old, new);
        changes.push(c);
    }
    for new in added {
        changes.push(change(new, ChangeKind::Added, all_fields(new, false)));
    }
    for old in removed {
        changes.push(change(old, ChangeKind::Removed, all_fields(old, true)));
    }
    changes.sort_by_key(|c| (c.kind, c.order));
    changes
}

fn change(e: &Entity, change: ChangeKind, details: Vec<FieldChange>) -> Change {
    let fields = match change {
        ChangeKind::Changed | ChangeKind::Moved => {
            details.iter().map(|d| d.field.clone()).collect()
        }
        ChangeKind::Added | ChangeKind::Removed => Vec::new(),
    };
    Change {
        kind: e.kind,
        id: e.id.clone(),
        change,
        from: None,
        fields,
        details,
        label: e.label.clone(),
        alias: None,
        order: e.order,
    }
}

/// The fields of `e` that have a value (not empty lists, which are what an absent list reads
/// as), as changes from nothing (or to nothing: `removed`).
fn all_fields(e: &Entity, removed: bool) -> Vec<FieldChange> {
    e.fields
        .iter()
        .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        .map(|(name, v)| {
            let none = Arc::new(Json::Null);
            let (old, new) = if removed {
                (v.clone(), none)
            } else {
                (none, v.clone())
            };
            FieldChange {
                field: name.clone(),
                old,
                new,
            }
        })
        .collect()
}

/// The fields that differ between `old` and `new`, in `new`'s order then `old`'s. A field
/// absent on one side is `null` there, unless that side is partial (then it isn't compared).
pub(crate) fn field_changes(old: &Entity, new: &Entity) -> Vec<FieldChange> {
    let mut names: Vec<&str> = new.fields.iter().map(|(n, _)| n.as_str()).collect();
    for (n, _) in &old.fields {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    let has = |e: &Entity, name: &str| e.fields.iter().any(|(n, _)| n == name);
    let mut out = Vec::new();
    for name in names {
        if (old.partial || new.partial) && !(has(old, name) && has(new, name)) {
            continue;
        }
        let (a, b) = (old.field(name), new.field(name));
        let differs = if new.kind == EntityKind::Track && name == "levels" {
            // Levels added or removed are reported on the levels; only a new order is the
            // track's own change.
            common_order(a, b) != common_order(b, a)
        } else {
            a != b
        };
        if differs {
            out.push(FieldChange {
                field: name.to_string(),
                old: old.shared(name),
                new: new.shared(name),
            });
        }
    }
    out
}

/// The items of `a` that `b` has too, in `a`'s order.
fn common_order<'a>(a: &'a Json, b: &Json) -> Vec<&'a Json> {
    let other = b.as_array().map_or(&[][..], Vec::as_slice);
    a.as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|x| other.contains(x))
        .collect()
}

type Pairs<'a> = Vec<(&'a Entity, &'a Entity)>;

/// Pairs removed and added entities of one kind into moves: first those whose fields are all
/// equal, then pages whose bodies are mostly the same lines (as git's rename detection does).
/// Returns the moves and what is left added and removed.
fn pair_moves<'a>(
    added: Vec<&'a Entity>,
    removed: Vec<&'a Entity>,
) -> (Pairs<'a>, Vec<&'a Entity>, Vec<&'a Entity>) {
    let mut moves = Vec::new();
    let mut taken_old = vec![false; removed.len()];
    let mut taken_new = vec![false; added.len()];
    let mut exact: HashMap<(EntityKind, String), Vec<usize>> = HashMap::new();
    for (i, old) in removed.iter().enumerate().rev() {
        exact.entry((old.kind, key(old))).or_default().push(i);
    }
    for (j, new) in added.iter().enumerate() {
        if let Some(i) = exact.get_mut(&(new.kind, key(new))).and_then(Vec::pop) {
            moves.push((removed[i], *new));
            taken_old[i] = true;
            taken_new[j] = true;
        }
    }
    let similar = similar_pages(&added, &removed, &taken_new, &taken_old);
    for (i, j) in similar {
        moves.push((removed[i], added[j]));
        taken_old[i] = true;
        taken_new[j] = true;
    }
    let added = added
        .into_iter()
        .zip(taken_new)
        .filter_map(|(e, t)| (!t).then_some(e))
        .collect();
    let removed = removed
        .into_iter()
        .zip(taken_old)
        .filter_map(|(e, t)| (!t).then_some(e))
        .collect();
    (moves, added, removed)
}

/// An entity's fields as one comparable string.
fn key(e: &Entity) -> String {
    serde_json::to_string(&e.fields).unwrap_or_default()
}

/// Past this many (removed × added) page pairs, only pages with the same file name are
/// compared for similarity, so a folder of thousands of renamed pages stays fast.
const MAX_PAIRS: usize = 250_000;

/// (removed, added) index pairs of pages not yet taken whose bodies share at least half their
/// lines, best first.
fn similar_pages(
    added: &[&Entity],
    removed: &[&Entity],
    taken_new: &[bool],
    taken_old: &[bool],
) -> Vec<(usize, usize)> {
    let pages = |list: &[&Entity], taken: &[bool]| -> Vec<usize> {
        (0..list.len())
            .filter(|&i| !taken[i] && list[i].kind == EntityKind::Page)
            .collect()
    };
    let (olds, news) = (pages(removed, taken_old), pages(added, taken_new));
    let all = olds.len() * news.len() <= MAX_PAIRS;
    let name = |e: &Entity| e.file.rsplit('/').next().unwrap_or("").to_string();
    let mut scored = Vec::new();
    for &i in &olds {
        let old_lines = line_counts(removed[i].field("body"));
        for &j in &news {
            if !all && name(removed[i]) != name(added[j]) {
                continue;
            }
            let score = similarity(&old_lines, &line_counts(added[j].field("body")));
            if score >= 0.5 {
                scored.push((score, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_old, mut used_new) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (_, i, j) in scored {
        if !used_old.contains(&i) && !used_new.contains(&j) {
            used_old.insert(i);
            used_new.insert(j);
            out.push((i, j));
        }
    }
    out
}

/// How many times each non-blank line occurs in a text.
fn line_counts(text: &Json) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for line in text.as_str().unwrap_or("").lines() {
        let line = line.trim();
        if !line.is_empty() {
            *counts.entry(line).or_insert(0) += 1;
        }
    }
    counts
}

/// The share of lines two texts have in common (1.0: the same lines).
fn similarity(a: &HashMap<&str, usize>, b: &HashMap<&str, usize>) -> f64 {
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if na + nb == 0 {
        return 1.0;
    }
    let common: usize = a
        .iter()
        .map(|(line, &n)| n.min(b.get(line).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// The `aliases:` line a moved page needs so its old URL keeps working (its aliases so far,
/// plus the old URL), unless its front matter already lists the old URL.
fn alias(old: &Entity, new: &Entity) -> Option<String> {
    if new.kind != EntityKind::Page {
        return None;
    }
    let url = format!("/{}", old.url.as_deref()?);
    let listed: Vec<&str> = new
        .field("aliases")
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    if listed
        .iter()
        .any(|s| s.trim_matches('/') == url.trim_matches('/'))
    {
        return None;
    }
    let all: Vec<&str> = listed.into_iter().chain([url.as_str()]).collect();
    Some(format!("aliases: [{}]", all.join(", ")))
}
