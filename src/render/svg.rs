//! Inline SVG diagrams that need no JavaScript: the hiring pipeline and the org chart.
//! Each comes in two layouts: the wide one (left to right, top down) scales down to its box
//! (`viewBox`), and a vertical one replaces it where the wide one would have to shrink its
//! text below about two thirds: the pipeline as a column, the org chart as an indented tree.
//! Which one shows is up to the stylesheet's container queries (see [`switch`]).

use std::fmt::Write as _;

use crate::markdown::escape_attr;
use crate::model::Handbook;
use crate::model::urls;

const BOX_W: usize = 168;
const BOX_H: usize = 64;
const GAP_X: usize = 40;
const GAP_Y: usize = 48;
const PAD: usize = 8;
/// Characters per line that fit a box at the theme's diagram font size.
const LINE_CHARS: usize = 20;

/// Splits `text` into at most two lines of about [`LINE_CHARS`], with an ellipsis if longer.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > LINE_CHARS {
            if lines.len() == 2 {
                let last = lines.last_mut().expect("two lines");
                last.push('…');
                return lines;
            }
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// A box with a link and up to two lines of text, centred at (`x`, `y`) top-left.
fn node(out: &mut String, root: &str, url: &str, title: &str, x: usize, y: usize, class: &str) {
    let _ = write!(
        out,
        "<a href=\"{}{}\" class=\"{class}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"8\"/>",
        escape_attr(root),
        escape_attr(url),
    );
    let lines = wrap(title);
    let cx = x + BOX_W / 2;
    let first = y + BOX_H / 2 + 5 - (lines.len() - 1) * 9;
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            first + i * 18,
            escape_attr(line)
        );
    }
    out.push_str("</a>");
}

/// The smallest scale at which the wide layout's text still reads (14 px → 9 px).
const MIN_SCALE: (usize, usize) = (65, 100);

/// Both layouts of a diagram in one `.diagram-switch`, whose class `fits-N` tells the
/// stylesheet the box width (in steps of 160 px) below which the narrow layout shows instead
/// (`fits-never`: always, the wide one being too wide to read at any screen's width).
fn switch(wide: &str, wide_width: usize, narrow: &str) -> String {
    let fits = wide_width * MIN_SCALE.0 / MIN_SCALE.1;
    let class = (1..=8)
        .map(|k| 320 + 160 * k)
        .find(|&n| n >= fits)
        .map_or_else(|| "fits-never".to_string(), |n| format!("fits-{n}"));
    format!("<div class=\"diagram-switch {class}\">{wide}{narrow}</div>")
}

/// The hiring pipeline: left to right, and as a column on narrow screens.
pub(crate) fn pipeline(hb: &Handbook, root: &str) -> String {
    let stages = &hb.hiring.stages;
    if stages.is_empty() {
        return String::new();
    }
    let (wide, width) = pipeline_wide(hb, root);
    switch(&wide, width, &pipeline_narrow(hb, root))
}

fn pipeline_wide(hb: &Handbook, root: &str) -> (String, usize) {
    let stages = &hb.hiring.stages;
    let width = PAD * 2 + stages.len() * BOX_W + (stages.len() - 1) * GAP_X;
    let height = PAD * 2 + BOX_H;
    let mut out = pipeline_open(hb, "layout-wide", "", width, height);
    for (i, s) in stages.iter().enumerate() {
        let x = PAD + i * (BOX_W + GAP_X);
        let y = PAD;
        node(
            &mut out,
            root,
            &urls::stage(&s.id.id),
            &s.name,
            x,
            y,
            "node stage",
        );
        if i + 1 < stages.len() {
            let _ = write!(
                out,
                "<line class=\"edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>",
                x + BOX_W,
                y + BOX_H / 2,
                x + BOX_W + GAP_X - 2,
                y + BOX_H / 2
            );
        }
    }
    out.push_str("</svg>");
    (out, width)
}

/// The opening of a diagram: its classes, size, and a title (`title`, HTML-safe) for screen
/// readers, labelled by the element with id `title_id`.
fn svg_open(class: &str, title_id: &str, width: usize, height: usize, title: &str) -> String {
    format!(
        "<svg class=\"diagram {class}\" role=\"group\" aria-labelledby=\"{title_id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{title_id}\">{title}</title>"
    )
}

/// The opening of a pipeline layout, with its arrow head (ids end in `suffix`, unique per
/// page).
fn pipeline_open(hb: &Handbook, layout: &str, suffix: &str, width: usize, height: usize) -> String {
    let names: Vec<&str> = hb.hiring.stages.iter().map(|s| s.name.as_str()).collect();
    let mut out = svg_open(
        &format!("pipeline {layout}"),
        &format!("pipeline-title{suffix}"),
        width,
        height,
        &format!("Hiring pipeline: {}", escape_attr(&names.join(" → "))),
    );
    out.push_str(&format!("<defs><marker id=\"arrow{suffix}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>"));
    out
}

/// The pipeline as a column, for narrow screens.
fn pipeline_narrow(hb: &Handbook, root: &str) -> String {
    let stages = &hb.hiring.stages;
    let gap = GAP_Y / 2;
    let width = PAD * 2 + BOX_W;
    let height = PAD * 2 + stages.len() * BOX_H + (stages.len() - 1) * gap;
    let mut out = pipeline_open(hb, "layout-narrow", "-narrow", width, height);
    for (i, s) in stages.iter().enumerate() {
        let y = PAD + i * (BOX_H + gap);
        node(
            &mut out,
            root,
            &urls::stage(&s.id.id),
            &s.name,
            PAD,
            y,
            "node stage",
        );
        if i + 1 < stages.len() {
            let x = PAD + BOX_W / 2;
            let _ = write!(
                out,
                "<line class=\"edge\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" marker-end=\"url(#arrow-narrow)\"/>",
                y + BOX_H,
                y + BOX_H + gap - 2
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The reporting lines of every role, as a top-down tree (a forest when several roles report
/// to nobody). Roles in a `reports_to` cycle have no place in a tree and are left out; the
/// `reports-to-cycle` error stops such a build anyway.
pub(crate) fn org_chart(hb: &Handbook, root: &str) -> String {
    let n = hb.roles.len();
    if n == 0 {
        return String::new();
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, r) in hb.roles.iter().enumerate() {
        match r.reports_to {
            Some(m) if m.to != i => children[m.to].push(i),
            _ => roots.push(i),
        }
    }
    // Leaf-counting layout: each subtree is as wide as its leaves, parents centred above.
    let mut layout = Layout {
        x: vec![0f64; n],
        depth: vec![0usize; n],
        next_leaf: 0f64,
        max_depth: 0,
        placed: vec![false; n],
    };
    for &r in &roots {
        layout.place(r, &children);
    }
    let Layout {
        x,
        depth,
        next_leaf,
        max_depth,
        placed,
    } = layout;
    let columns = next_leaf.max(1.0);
    let width = PAD * 2 + (columns as usize) * BOX_W + (columns as usize - 1) * GAP_X;
    let height = PAD * 2 + (max_depth + 1) * BOX_H + max_depth * GAP_Y;
    let pos = |i: usize| {
        let px = PAD as f64 + x[i] * (BOX_W + GAP_X) as f64;
        let py = PAD + depth[i] * (BOX_H + GAP_Y);
        (px.round() as usize, py)
    };
    let mut out = svg_open(
        "org-chart layout-wide",
        "org-title",
        width,
        height,
        &format!(
            "Reporting lines of {} roles",
            placed.iter().filter(|p| **p).count()
        ),
    );
    for (i, kids) in children.iter().enumerate() {
        if !placed[i] {
            continue;
        }
        let (px, py) = pos(i);
        for &k in kids.iter().filter(|&&k| placed[k]) {
            let (kx, ky) = pos(k);
            let mid = py + BOX_H + GAP_Y / 2;
            let _ = write!(
                out,
                "<path class=\"edge\" d=\"M {} {} V {mid} H {} V {ky}\"/>",
                px + BOX_W / 2,
                py + BOX_H,
                kx + BOX_W / 2
            );
        }
    }
    for (i, r) in hb.roles.iter().enumerate() {
        if placed[i] {
            let (px, py) = pos(i);
            node(
                &mut out,
                root,
                &urls::role(&r.id.id),
                &r.title,
                px,
                py,
                "node role",
            );
        }
    }
    out.push_str("</svg>");
    switch(&out, width, &org_chart_narrow(hb, root, &roots, &children))
}

/// Horizontal step of the indented org chart, per level of reporting.
const INDENT: usize = 28;

/// The org chart as an indented tree, one role per row, for narrow screens.
fn org_chart_narrow(hb: &Handbook, root: &str, roots: &[usize], children: &[Vec<usize>]) -> String {
    // Depth-first order with an explicit stack: reporting chains can be long.
    let mut rows: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut seen = vec![false; hb.roles.len()];
    let mut stack: Vec<(usize, usize, Option<usize>)> =
        roots.iter().rev().map(|&r| (r, 0, None)).collect();
    while let Some((i, depth, parent)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let row = rows.len();
        rows.push((i, depth, parent));
        stack.extend(children[i].iter().rev().map(|&k| (k, depth + 1, Some(row))));
    }
    let gap = 12;
    let max_depth = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let width = PAD * 2 + max_depth * INDENT + BOX_W;
    let height = PAD * 2 + rows.len() * BOX_H + rows.len().saturating_sub(1) * gap;
    let mut out = svg_open(
        "org-chart layout-narrow",
        "org-title-narrow",
        width,
        height,
        &format!("Reporting lines of {} roles", rows.len()),
    );
    let at = |row: usize, depth: usize| (PAD + depth * INDENT, PAD + row * (BOX_H + gap));
    for (row, &(_, depth, parent)) in rows.iter().enumerate() {
        if let Some(p) = parent {
            let (px, py) = at(p, rows[p].1);
            let (x, y) = at(row, depth);
            let _ = write!(
                out,
                "<path class=\"edge\" d=\"M {} {} V {} H {x}\"/>",
                px + INDENT / 2,
                py + BOX_H,
                y + BOX_H / 2
            );
        }
    }
    for (row, &(i, depth, _)) in rows.iter().enumerate() {
        let (x, y) = at(row, depth);
        let r = &hb.roles[i];
        node(
            &mut out,
            root,
            &urls::role(&r.id.id),
            &r.title,
            x,
            y,
            "node role",
        );
    }
    out.push_str("</svg>");
    out
}

/// Where the org chart's boxes go: column (in box widths) and row of each role.
struct Layout {
    /// Column of each role, in box widths (a parent sits between its first and last report).
    x: Vec<f64>,
    /// Row of each role.
    depth: Vec<usize>,
    /// The column the next leaf takes.
    next_leaf: f64,
    /// The deepest row used.
    max_depth: usize,
    /// Roles placed so far (roles in a loop never are).
    placed: Vec<bool>,
}

/// A step of the walk in [`Layout::place`].
enum Step {
    /// Place this role at this row, then its reports.
    Enter(usize, usize),
    /// Centre this role above its first and last report, now placed.
    Centre(usize, usize, usize),
}

impl Layout {
    /// Places the tree under `top`, depth first. The walk keeps its own stack: a chain of
    /// 12,000 `reports_to` is a handbook's data, and recursing once per level overflowed the
    /// thread's stack.
    fn place(&mut self, top: usize, children: &[Vec<usize>]) {
        let mut stack = vec![Step::Enter(top, 0)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(i, d) => {
                    if self.placed[i] {
                        continue;
                    }
                    self.placed[i] = true;
                    self.depth[i] = d;
                    self.max_depth = self.max_depth.max(d);
                    let kids: Vec<usize> = children[i]
                        .iter()
                        .copied()
                        .filter(|&k| !self.placed[k])
                        .collect();
                    let (Some(&first), Some(&last)) = (kids.first(), kids.last()) else {
                        self.x[i] = self.next_leaf;
                        self.next_leaf += 1.0;
                        continue;
                    };
                    stack.push(Step::Centre(i, first, last));
                    stack.extend(kids.iter().rev().map(|&k| Step::Enter(k, d + 1)));
                }
                Step::Centre(i, first, last) => self.x[i] = (self.x[first] + self.x[last]) / 2.0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_into_two_lines_at_most() {
        assert_eq!(wrap("Platform Engineer"), vec!["Platform Engineer"]);
        assert_eq!(
            wrap("Security and red-team engineer"),
            vec!["Security and", "red-team engineer"]
        );
        let long = wrap("A very long role title that goes on and on and on");
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    /// Issue 19, item 3: a `reports_to` chain as long as a handbook cares to make it is laid
    /// out without recursing once per level (a 12,000-role chain overflowed the stack). Run on
    /// a thread with a small stack, where the old recursion died after a few hundred levels.
    #[test]
    fn a_long_reporting_chain_needs_no_deep_stack() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        crate::testing::minimal(&dir);
        let mut site = crate::build::load(&dir, &crate::build::Options::default(), &[]).unwrap();
        let hb = &mut site.handbook;
        let template = hb.roles[0].clone();
        let n: usize = 20_000;
        hb.roles = (0..n)
            .map(|i| {
                let mut r = template.clone();
                r.id.id = format!("r{i}");
                r.reports_to = i.checked_sub(1).map(|to| crate::model::Ref {
                    to,
                    span: r.values_span,
                });
                r
            })
            .collect();
        let hb = &site.handbook;
        let svg = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn_scoped(s, || org_chart(hb, "../"))
                .unwrap()
                .join()
                .unwrap()
        });
        // One node per role in each layout: the wide tree and the narrow indented list.
        assert_eq!(svg.matches("class=\"node role\"").count(), 2 * n);
        let height = PAD * 2 + n * BOX_H + (n - 1) * GAP_Y;
        assert!(
            svg.contains(&format!("height=\"{height}\"")),
            "one row per level"
        );
    }
}
