//! Small HTML helpers: attribute escaping, URL schemes, and swapping the position markers of
//! rendered Markdown for a page's relative root and id prefix.

/// Marks the start of an internal URL; replaced by the page's relative path to the site root.
pub(crate) const ROOT: char = '\u{1}';
/// Marks the start of an element id or a same-page fragment; replaced by an id prefix.
pub(crate) const ID: char = '\u{2}';

/// Replaces the position markers: [`ROOT`] by `root` (e.g. `../../`) and [`ID`] by `id_prefix`.
pub(crate) fn localize(html: &str, root: &str, id_prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    localize_into(&mut out, html, root, id_prefix);
    out
}

/// [`localize`], appending to `out`.
pub(crate) fn localize_into(out: &mut String, html: &str, root: &str, id_prefix: &str) {
    localize_each(html, root, id_prefix, |s| out.push_str(s));
}

/// [`localize`], handing the output to `push` piece by piece (for writing straight to a file).
pub(crate) fn localize_each<'a>(
    html: &'a str,
    root: &'a str,
    id_prefix: &'a str,
    mut push: impl FnMut(&'a str),
) {
    let bytes = html.as_bytes();
    let mut last = 0;
    for i in memchr::memchr2_iter(ROOT as u8, ID as u8, bytes) {
        push(&html[last..i]);
        push(if bytes[i] == ROOT as u8 {
            root
        } else {
            id_prefix
        });
        last = i + 1;
    }
    push(&html[last..]);
}

/// The element ids rendered Markdown gives (headings, footnotes, raw HTML), without their
/// [`ID`] marker, in order.
pub(crate) fn marked_ids(html: &str) -> Vec<&str> {
    memchr::memchr_iter(ID as u8, html.as_bytes())
        .filter(|&i| html[..i].ends_with("id=\""))
        .filter_map(|i| html[i + 1..].split('"').next())
        .collect()
}

/// Characters of a file name that a URL path must carry percent-encoded: spaces, quotes,
/// angle brackets and the like (everything else, non-ASCII letters included, may stand).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// A site URL (`img/my diagram.png?x#y`) with its path percent-encoded where a file name needs
/// it (`img/my%20diagram.png?x#y`); query and fragment as they are.
pub(crate) fn encode_path(url: &str) -> std::borrow::Cow<'_, str> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    match percent_encoding::utf8_percent_encode(path, PATH).into() {
        std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(url),
        std::borrow::Cow::Owned(encoded) => std::borrow::Cow::Owned(encoded + rest),
    }
}

/// Escapes text for an HTML attribute value in double quotes (and for element text).
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_attr_into(&mut out, s);
    out
}

/// [`escape_attr`], appending to `out`.
pub(crate) fn escape_attr_into(out: &mut String, s: &str) {
    // Copied a run at a time (most attributes have nothing to escape), not char by char.
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// True when a URL would run script if followed: `javascript:`, `vbscript:`, `data:`, also
/// when disguised with case, whitespace or control characters, as browsers ignore them. A
/// raster image as `data:` (`data:image/png;base64,...`, as READMEs embed badges and logos) is
/// safe: it is never a document. SVG is not, since an SVG document can carry script.
pub(crate) fn is_unsafe_url(url: &str) -> bool {
    /// Raster image types: pictures only, wherever they are loaded.
    const RASTER: [&str; 7] = ["png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"];
    // Checked for every link: compared as it is read, without building the squeezed text.
    let squeezed = || {
        url.chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .map(|c| c.to_ascii_lowercase())
    };
    let starts = |prefix: &str| {
        let mut s = squeezed();
        prefix.chars().all(|want| s.next() == Some(want))
    };
    if starts("javascript:") || starts("vbscript:") {
        return true;
    }
    if !starts("data:") {
        return false;
    }
    !RASTER.iter().any(|kind| {
        let mut s = squeezed().skip("data:image/".len() + kind.len());
        starts(&format!("data:image/{kind}")) && matches!(s.next(), Some(';' | ','))
    })
}

/// True when `url` has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
