//! `rules:` in `handbook.yaml`: the severity each rule is reported with, so a large handbook
//! can be built on its first day (`broken-link: warning`) and its problems burned down.

use crate::diag::Diagnostic;
use crate::model::Config;

/// `diagnostics` with the handbook's severities: rules set to `off` are dropped, the others
/// take the configured severity.
pub(crate) fn apply(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let rules = &config.settings.rules;
    if rules.is_empty() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .filter_map(
            |mut d| match rules.iter().find(|(code, _)| *code == d.code) {
                Some((_, None)) => None,
                Some((_, Some(severity))) => {
                    d.severity = *severity;
                    Some(d)
                }
                None => Some(d),
            },
        )
        .collect()
}
