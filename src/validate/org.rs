//! Reporting lines: `reports_to` must form a forest.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Handbook;

/// Roles of a reporting loop named in full; longer loops show the first and last few.
const NAMED: usize = 12;

/// `a → b → c → a`: the loop through `ids`, shortened to [`NAMED`] roles. Each role of a loop
/// gets this help line, so a 12,000-role loop written out in full would be 12,000 lines of
/// 12,000 names each.
fn loop_names<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> String {
    let n = ids.len();
    let first = ids.clone().next().unwrap_or_default();
    let mut names: Vec<&str> = if n <= NAMED {
        ids.collect()
    } else {
        let mut head: Vec<&str> = ids.clone().take(NAMED / 2).collect();
        head.push("…");
        head.extend(ids.skip(n - NAMED / 2));
        head
    };
    names.push(first);
    let shown = names.join(" → ");
    if n > NAMED {
        format!("{shown} ({n} roles)")
    } else {
        shown
    }
}

pub(super) fn check(hb: &Handbook, diags: &mut Diags) {
    // Each role has at most one manager, so cycles are found by walking up from every role;
    // `state` marks roles already known to reach the top (2) or on the current walk (1).
    let n = hb.roles.len();
    let mut state = vec![0u8; n];
    for start in 0..n {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let cycle = &path[from..];
                    let shown =
                        loop_names(cycle.iter().map(|&r: &usize| hb.roles[r].id.id.as_str()));
                    for &r in cycle {
                        let role = &hb.roles[r];
                        let Some(to) = role.reports_to else { continue };
                        diags.push(
                            Diagnostic::new(
                                Code::ReportsToCycle,
                                to.span,
                                format!("`reports_to` of role `{}` forms a cycle", role.id.id),
                            )
                            .help(format!("the reporting line loops: {shown}; one of these roles must report to a role outside the loop, or to nobody")),
                        );
                    }
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = hb.roles[i].reports_to.map(|r| r.to);
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_loops_are_shortened() {
        assert_eq!(loop_names(["a", "b"].into_iter()), "a → b → a");
        let ids: Vec<String> = (0..1000).map(|i| format!("r{i}")).collect();
        let shown = loop_names(ids.iter().map(String::as_str));
        assert_eq!(
            shown,
            "r0 → r1 → r2 → r3 → r4 → r5 → … → r994 → r995 → r996 → r997 → r998 → r999 → r0 (1000 roles)"
        );
    }
}
