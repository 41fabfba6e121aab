//! A line diff, for showing how a page's body changed.

/// One line of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// In both texts.
    Same(&'a str),
    /// Only in the old text.
    Removed(&'a str),
    /// Only in the new text.
    Added(&'a str),
}

/// Past this many cells (old lines × new lines between the common start and end), the middle
/// is shown as removed then added instead of aligned line by line.
const MAX_CELLS: usize = 4_000_000;

/// The lines of `old` and `new` aligned: a longest common subsequence between the common
/// start and end.
pub(crate) fn diff<'a>(old: &'a str, new: &'a str) -> Vec<Line<'a>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<Line> = a[..prefix].iter().map(|l| Line::Same(l)).collect();
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        out.extend(ma.iter().map(|l| Line::Removed(l)));
        out.extend(mb.iter().map(|l| Line::Added(l)));
    } else {
        out.extend(lcs(ma, mb));
    }
    out.extend(a[a.len() - suffix..].iter().map(|l| Line::Same(l)));
    out
}

fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Line<'a>> {
    let (n, m) = (a.len(), b.len());
    // table[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut table = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if a[i] == b[j] {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(Line::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[at(i + 1, j)] >= table[at(i, j + 1)]) {
            out.push(Line::Removed(a[i]));
            i += 1;
        } else {
            out.push(Line::Added(b[j]));
            j += 1;
        }
    }
    out
}

/// The changed lines of a diff with `context` unchanged lines around each change, as
/// unified-diff lines (`-`, `+`, ` `), with `…` where unchanged lines are left out.
pub(crate) fn hunks(lines: &[Line], context: usize) -> Vec<String> {
    let changed: Vec<bool> = lines.iter().map(|l| !matches!(l, Line::Same(_))).collect();
    let near = |i: usize| {
        let lo = i.saturating_sub(context);
        let hi = (i + context + 1).min(lines.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = Vec::new();
    let mut skipped = false;
    for (i, line) in lines.iter().enumerate() {
        if !near(i) {
            skipped = true;
            continue;
        }
        if skipped && !out.is_empty() {
            out.push("…".to_string());
        }
        skipped = false;
        out.push(match line {
            Line::Same(l) => format!(" {l}"),
            Line::Removed(l) => format!("-{l}"),
            Line::Added(l) => format!("+{l}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_lines_and_shows_only_the_changes_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nC\nd\ne\nf\ng\nh\n";
        let lines = diff(old, new);
        assert_eq!(
            lines,
            vec![
                Line::Same("a"),
                Line::Same("b"),
                Line::Removed("c"),
                Line::Added("C"),
                Line::Same("d"),
                Line::Same("e"),
                Line::Same("f"),
                Line::Same("g"),
                Line::Added("h"),
            ]
        );
        assert_eq!(
            hunks(&lines, 1),
            vec![" b", "-c", "+C", " d", "…", " g", "+h"]
        );
    }

    #[test]
    fn identical_texts_have_no_hunks() {
        assert!(hunks(&diff("x\ny\n", "x\ny\n"), 3).is_empty());
    }
}
