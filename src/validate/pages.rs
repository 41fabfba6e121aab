//! Page rules: pages reviewed longer ago than `review_after_days` are stale.

use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{Date, Handbook};

pub(super) fn check(hb: &Handbook, today: Date, diags: &mut Diags) {
    let Some(limit) = hb.config.review_after_days else {
        return;
    };
    for page in &hb.pages {
        let (Some(reviewed), Some(span)) = (page.reviewed, page.reviewed_span) else {
            continue;
        };
        let age = today.days_since_epoch() - reviewed.days_since_epoch();
        if age > i64::from(limit) {
            diags.push(
                Diagnostic::new(
                    Code::StalePage,
                    span,
                    format!(
                        "page \"{}\" was last reviewed on {reviewed}, {age} days ago (review_after_days: {limit})",
                        page.title
                    ),
                )
                .help("review the page and update `reviewed:`"),
            );
        }
    }
}

/// True when `page` should show a "needs review" badge.
pub(crate) fn is_stale(
    reviewed: Option<Date>,
    review_after_days: Option<u32>,
    today: Date,
) -> bool {
    match (reviewed, review_after_days) {
        (Some(r), Some(limit)) => {
            today.days_since_epoch() - r.days_since_epoch() > i64::from(limit)
        }
        _ => false,
    }
}
