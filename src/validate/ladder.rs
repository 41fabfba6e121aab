//! Ladder rules: every level says what it expects for every competency of its track.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::Handbook;

pub(super) fn check(hb: &Handbook, diags: &mut Diags) {
    for track in &hb.ladder.tracks {
        for level in &track.levels {
            let missing: Vec<String> = track
                .competencies
                .iter()
                .filter(|c| level.expectation(c.to).is_none())
                .map(|c| format!("`{}`", hb.ladder.competencies[c.to].id.id))
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
                .help("add them under the level's `expectations:`"),
            );
        }
    }
}
