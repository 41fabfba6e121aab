//! The shape of `src/` (docs/architecture.md): the pipeline's stages form a staircase, each
//! module using only those below it; no two files import each other, even through others; no
//! file over 700 lines; no `unsafe`.
//!
//! Imports are read from the source text: every `crate::`, `super::` and `self::` path and
//! every path through a child module, resolved to the file that defines it. Unit-test files
//! (`tests.rs`, `testing.rs`, and everything after a file's `#[cfg(test)]`) are left out:
//! tests may use any stage.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first. A file may use its own module and the ones before it.
const STAIRCASE: &[&str] = &[
    "source", "limits", "confined", "diag", "model", "markdown", "output", "discover", "parse",
    "resolve", "validate", "render", "build", "diff", "serve", "cli", "fuzzing",
];

/// Imports that run up the staircase on purpose (none today; the issue allows one).
const ALLOWED_UP: &[(&str, &str)] = &[];

const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, by module path (`["render", "kinds", "ladder"]`).
fn files() -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src()).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".rs") else {
            continue;
        };
        let mut parts: Vec<String> = stem.split('/').map(String::from).collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            parts.clear();
        }
        out.entry(parts).or_insert(rel);
    }
    out
}

/// The file defining the longest prefix of `path` that is a module.
fn resolve<'a>(files: &'a BTreeMap<Vec<String>, String>, path: &[String]) -> Option<&'a str> {
    (0..=path.len())
        .rev()
        .find_map(|n| files.get(&path[..n]).map(String::as_str))
}

/// The code of a file without comments and unit tests.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("pub(crate)", "pub")
        .replace("pub(super)", "pub")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Paths starting at byte `at` of `code`: `a::b::c`, or `a::{b, c::d}` (one level of braces).
fn paths_at(code: &str, at: usize) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut i = at;
    let mut base = Vec::new();
    loop {
        let start = i;
        while i < bytes.len() && is_ident(bytes[i] as char) {
            i += 1;
        }
        if i == start {
            break;
        }
        base.push(code[start..i].to_string());
        if !code[i..].starts_with("::") {
            return vec![base];
        }
        i += 2;
    }
    let mut out = vec![base.clone()];
    if let Some(group) = code[i..].strip_prefix('{') {
        let group = &group[..group.find('}').unwrap_or(group.len())];
        for item in group.split(',') {
            let item = item.split(" as ").next().unwrap_or("").trim();
            if item.is_empty() || item == "self" || item.contains('{') {
                continue;
            }
            let mut path = base.clone();
            path.extend(item.split("::").map(|s| s.trim().to_string()));
            out.push(path);
        }
    }
    out
}

/// The files each file imports.
fn imports(files: &BTreeMap<Vec<String>, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges = BTreeMap::new();
    for (module, rel) in files {
        if rel == "main.rs" || is_test_only(rel) {
            continue;
        }
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let code = code(&text);
        let children: Vec<&str> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim().trim_start_matches("pub ");
                l.strip_prefix("mod ")?.strip_suffix(';')
            })
            .collect();
        let mut found = BTreeSet::new();
        let mut add = |path: Vec<String>| {
            if let Some(target) = resolve(files, &path) {
                if target != rel {
                    found.insert(target.to_string());
                }
            }
        };
        for (i, _) in code.char_indices() {
            let before = code[..i].chars().next_back();
            if before.is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let word_end = code[i..]
                .find(|c: char| !is_ident(c))
                .map_or(code.len(), |n| i + n);
            let word = &code[i..word_end];
            if !code[word_end..].starts_with("::") {
                continue;
            }
            let from_here = match word {
                "crate" => Some(Vec::new()),
                "super" | "self" => Some(module.clone()),
                w if children.contains(&w) => Some(module.clone()),
                _ => None,
            };
            let Some(start) = from_here else { continue };
            for path in paths_at(&code, i) {
                let mut abs = start.clone();
                let mut segs = path.into_iter().peekable();
                if segs.peek().is_some_and(|s| s == "crate") {
                    segs.next();
                }
                for seg in segs {
                    match seg.as_str() {
                        "super" => {
                            abs.pop();
                        }
                        "self" => {}
                        _ => abs.push(seg),
                    }
                }
                add(abs);
            }
        }
        edges.insert(rel.clone(), found);
    }
    edges
}

/// Files compiled only for unit tests.
fn is_test_only(rel: &str) -> bool {
    rel.ends_with("tests.rs") || rel == "testing.rs"
}

fn top(rel: &str) -> &str {
    rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs")
}

#[test]
fn no_file_imports_itself_through_others() {
    let edges = imports(&files());
    // A file is in a circle when it can reach itself.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges[start].iter().collect();
        while let Some(f) = todo.pop() {
            if f == start {
                circles.push(start.clone());
                break;
            }
            if seen.insert(f) {
                todo.extend(edges.get(f).into_iter().flatten());
            }
        }
    }
    assert!(circles.is_empty(), "files in import circles: {circles:?}");
    // The reader finds what it should: a sample of known imports.
    assert!(edges["render/kinds/mod.rs"].contains("render/kinds/ladder.rs"));
    assert!(edges["resolve/values.rs"].contains("resolve/lowerer.rs"));
    assert!(edges["build/mod.rs"].contains("render/mod.rs"));
}

#[test]
fn each_stage_uses_only_the_stages_below_it() {
    let edges = imports(&files());
    let rank = |m: &str| STAIRCASE.iter().position(|s| *s == m);
    let mut up = Vec::new();
    for (from, targets) in &edges {
        let Some(a) = rank(top(from)) else {
            assert_eq!(from, "lib.rs", "{from} belongs to no stage of STAIRCASE");
            continue;
        };
        for to in targets {
            let b = rank(top(to)).unwrap_or(0);
            if b > a && !ALLOWED_UP.contains(&(from.as_str(), to.as_str())) {
                up.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(up.is_empty(), "imports up the staircase: {up:#?}");
    assert!(ALLOWED_UP.len() <= 1);
}

#[test]
fn files_are_small_and_safe() {
    for rel in files().values() {
        let text = std::fs::read_to_string(src().join(rel)).unwrap();
        let lines = text.lines().count();
        assert!(
            lines <= MAX_LINES,
            "{rel} has {lines} lines (at most {MAX_LINES})"
        );
        let code = code(&text);
        let uses_unsafe = [
            "unsafe {",
            "unsafe{",
            "unsafe fn",
            "unsafe impl",
            "unsafe extern",
        ]
        .iter()
        .any(|u| code.contains(u));
        assert!(!uses_unsafe, "{rel} uses unsafe");
    }
}
