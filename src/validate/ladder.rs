//! Ladder rules: every level says what it expects for every competency of its track — or
//! that it doesn't expect it (`not_expected`), or, on a cumulative track, carries it from a
//! lower level.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Handbook;

pub(super) fn check(hb: &Handbook, diags: &mut Diags) {
    for track in &hb.ladder.tracks {
        for (l, level) in track.levels.iter().enumerate() {
            let covered = |c: usize| {
                level.expectation(c).is_some()
                    || level.not_expected.contains(&c)
                    || (track.cumulative
                        && track.levels[..l]
                            .iter()
                            .any(|lower| lower.expectation(c).is_some()))
            };
            let missing: Vec<String> = track
                .competencies
                .iter()
                .filter(|tc| !covered(tc.competency.to))
                .map(|tc| format!("`{}`", hb.ladder.competencies[tc.competency.to].id.id))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let s = if missing.len() == 1 { "y" } else { "ies" };
            diags.push(
                Diagnostic::new(
                    Code::IncompleteLevel,
                    level.id.span,
                    format!(
                        "level `{}` of track `{}` has no expectations for competenc{s} {}",
                        level.id.id,
                        track.id.id,
                        missing.join(", ")
                    ),
                )
                .help("add them under the level's `expectations:`, or list them under `not_expected:` when the level deliberately doesn't expect them"),
            );
        }
    }
}
