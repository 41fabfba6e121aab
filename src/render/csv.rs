//! `/ladder/<track>.csv`: a track's competency × level table for a spreadsheet, where ladders
//! get calibrated. One row per competency in the track's order (named as the track names it),
//! one column per level; a cell holds the level's own expectation as plain text, criteria one
//! per line as `• item` (their examples below each as `  – example`), or `Not expected`.
//!
//! RFC 4180 (CRLF line ends, fields quoted when they need it), with a UTF-8 byte-order mark:
//! without it Excel reads the file as the local code page and mangles every non-ASCII letter.

use crate::model::{Expectation, MdId};
use crate::resolve::Site;

/// The CSV of track `t`.
pub(crate) fn track_csv(site: &Site, t: usize) -> String {
    let track = &site.handbook.ladder.tracks[t];
    let mut out = String::from("\u{feff}");
    let mut header = vec!["Competency".to_string()];
    header.extend(track.levels.iter().map(|lv| match &lv.code {
        Some(code) if *code != lv.title => format!("{code} · {}", lv.title),
        _ => lv.title.clone(),
    }));
    row(&mut out, &header);
    for tc in &track.competencies {
        let c = tc.competency.to;
        let name = tc
            .name
            .clone()
            .unwrap_or_else(|| site.handbook.ladder.competencies[c].name.clone());
        let mut cells = vec![name];
        cells.extend(track.levels.iter().map(|lv| {
            match lv.expectation(c) {
                Some(Expectation::Text(id)) => plain(site, *id),
                Some(Expectation::Criteria(items)) => items
                    .iter()
                    .flat_map(|item| {
                        let examples = item.examples.iter();
                        std::iter::once(format!("• {}", plain(site, item.text)))
                            .chain(examples.map(|&x| format!("  – {}", plain(site, x))))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                None if lv.not_expected.contains(&c) => "Not expected".to_string(),
                None => String::new(),
            }
        }));
        row(&mut out, &cells);
    }
    out
}

fn plain(site: &Site, id: MdId) -> String {
    site.markdown[id.0 as usize].text.trim().to_string()
}

fn row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell);
    }
    out.push_str("\r\n");
}

fn field(out: &mut String, cell: &str) {
    // A cell starting like a formula is run as one by spreadsheets (OWASP's CSV injection);
    // a leading apostrophe makes them show it as text.
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula || cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    fn f(s: &str) -> String {
        let mut out = String::new();
        field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_they_need_it() {
        assert_eq!(f("Owns a service"), "Owns a service");
        assert_eq!(f("Plans, builds"), "\"Plans, builds\"");
        assert_eq!(f("Says \"no\""), "\"Says \"\"no\"\"\"");
        assert_eq!(f("• a\n• b"), "\"• a\n• b\"");
        assert_eq!(f("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(f("-1 on review"), "\"'-1 on review\"");
    }
}
