//! Reporting lines: `reports_to` must form a forest.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Handbook;

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
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|&r| hb.roles[r].id.id.as_str())
                        .collect();
                    let shown = names.join(" → ");
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
