//! Page rules: pages reviewed longer ago than `review_after_days` are stale; pages nest no
//! deeper than the page tree can be drawn.

use crate::diag::{Code, Diagnostic, Diags};
use crate::limits::MAX_PAGE_DEPTH;
use crate::model::{Date, Handbook};
use crate::source::Span;

pub(super) fn check(hb: &Handbook, today: Date, diags: &mut Diags) {
    too_deep(hb, diags);
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

/// Pages deeper in the page tree than [`MAX_PAGE_DEPTH`]: `build` could not draw their
/// sidebar, so `check` says so first.
fn too_deep(hb: &Handbook, diags: &mut Diags) {
    // Parents come before their children (pages are in depth-first order), so one pass
    // counts every page's depth.
    let mut depth = vec![0usize; hb.pages.len()];
    for (i, page) in hb.pages.iter().enumerate() {
        depth[i] = match page.parent {
            Some(p) if p < i => depth[p] + 1,
            _ => 0,
        };
        let (Some(file), true) = (page.file, depth[i] > MAX_PAGE_DEPTH) else {
            continue;
        };
        diags.push(
            Diagnostic::new(
                Code::LimitExceeded,
                Span::file_start(file),
                format!(
                    "this page is {} levels deep in the page tree (one per folder), more than the limit of {MAX_PAGE_DEPTH} (MAX_PAGE_DEPTH)",
                    depth[i]
                ),
            )
            .help("the sidebar nests one list per folder: move the page into a shallower folder"),
        );
    }
}
