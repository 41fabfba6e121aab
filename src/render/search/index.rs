//! The search index as files the theme's script loads on demand, each a script (which, unlike
//! `fetch`, also works from `file://`):
//!
//! - `search-index.js` (and the same JSON as `search-index.json`): the manifest — the number
//!   of documents, the first term and size of every term shard, the first document of every
//!   document chunk. A few kilobytes even at 10,000 pages.
//! - `search-index/t<N>.js`: a shard of the inverted index, a contiguous range of the sorted terms,
//!   each with its postings: which documents contain it and whether in their title.
//! - `search-index/d<N>.js`: a chunk of documents in order: URL, title, place and whole text, for
//!   the results shown and their snippets.
//!
//! A query loads the manifest, the shards of its words and the chunks of the results it shows,
//! so what it downloads depends on the words, not on the size of the handbook. The format is
//! in docs/theming.md.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::Doc;
use crate::output::Sink;

/// Index format version, in the manifest.
pub(crate) const VERSION: u32 = 2;
/// About this many bytes per term shard (a term with a longer list gets a shard of its own).
const SHARD_BYTES: usize = 48 * 1024;
/// About this many bytes of text per chunk of documents.
const CHUNK_BYTES: usize = 32 * 1024;
/// Documents tokenized per task.
const BATCH: usize = 256;
/// Terms longer than this (bytes) are left out: hashes and run-together strings nobody types.
const MAX_TERM: usize = 48;

/// Where a term occurs in a document, in the two low bits of a posting.
const IN_BODY: u32 = 0;
const IN_PLACE: u32 = 1;
const IN_TITLE: u32 = 2;

/// What a byte is to the tokenizer: bit flags, so a word's bytes can be or-ed together.
const SEP: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const OTHER: u8 = 4;

/// The class of every byte: ASCII letters and digits, capitals, separators, and the bytes of
/// non-ASCII characters (which may be letters or not: decoded when a word has any).
static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c >= 128 {
            OTHER
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// The words of `text` as the theme's script splits a query: runs of letters and digits
/// (Unicode's Alphabetic and Numeric, `[\p{Alphabetic}\p{N}]+` in JavaScript), lower-cased,
/// at least two characters long. Bytes are classified with a table (this runs over every word
/// of the handbook: a byte-by-byte `char` split was 10 % of a 10,000-page build's
/// instructions), non-ASCII characters decoded one by one.
#[cfg(test)]
fn for_each_term<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>)) {
    for_each_word(text, |word, case| f(lowered(word, case)));
}

/// What a word's letters are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// ASCII, lower case and digits only: the word is its own term.
    Lower,
    /// ASCII with capitals.
    Ascii,
    /// Not ASCII.
    Unicode,
}

/// `word` lower-cased, borrowed when it is already.
fn lowered(word: &str, case: Case) -> Cow<'_, str> {
    match case {
        Case::Lower => Cow::Borrowed(word),
        Case::Ascii => Cow::Owned(word.to_ascii_lowercase()),
        Case::Unicode => Cow::Owned(word.to_lowercase()),
    }
}

/// The words of `text` (see [`for_each_term`]), as written, with their [`Case`]. A first
/// pass takes runs of non-separator bytes with a table lookup a byte (a `char` split was 10 %
/// of a 10,000-page build's instructions, and even a byte loop that kept its flags apart cost
/// 15 instructions a byte); a run holding non-ASCII bytes is split again by characters, since
/// a dash or a quote is no letter.
fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(&'t str, Case)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    loop {
        while i < n && CLASS[bytes[i] as usize] == SEP {
            i += 1;
        }
        if i == n {
            return;
        }
        let start = i;
        let mut seen = 0;
        while i < n {
            let c = CLASS[bytes[i] as usize];
            if c == SEP {
                break;
            }
            seen |= c;
            i += 1;
        }
        // Runs end at ASCII bytes, which are character boundaries.
        let run = &text[start..i];
        match seen {
            LOWER => word(run, Case::Lower, &mut f),
            _ if seen & OTHER == 0 => word(run, Case::Ascii, &mut f),
            _ => {
                for w in run.split(|c: char| !c.is_alphanumeric()) {
                    let case = if w.is_ascii() {
                        if w.bytes().any(|b| b.is_ascii_uppercase()) {
                            Case::Ascii
                        } else {
                            Case::Lower
                        }
                    } else {
                        Case::Unicode
                    };
                    word(w, case, &mut f);
                }
            }
        }
    }
}

/// Hands `w` to `f` when it is a term's length: 2 characters to [`MAX_TERM`] bytes.
fn word<'t>(w: &'t str, case: Case, f: &mut impl FnMut(&'t str, Case)) {
    if w.len() > MAX_TERM || w.len() < 2 || (case == Case::Unicode && w.chars().nth(1).is_none()) {
        return;
    }
    f(w, case);
}

/// Term → postings (`document << 2 | where`), documents in increasing order.
type Postings<'t> = HashMap<Cow<'t, str>, Vec<u32>, ahash::RandomState>;

/// The terms of a run of consecutive documents with their postings. (Words packed into
/// `u64` keys and a cache of recent words before the map saved 4 % of the instructions but
/// nothing visible in wall time: 25 alternating runs each, see docs/benchmarks.md.)
#[derive(Default)]
struct Batch<'t>(Postings<'t>);

impl<'t> Batch<'t> {
    fn add_text(&mut self, text: &'t str, doc: u32, at: u32) {
        for_each_word(text, |word, case| self.add(word, case, doc, at));
    }

    fn add(&mut self, word: &'t str, case: Case, doc: u32, at: u32) {
        // Capitalised words are looked up lower-cased on the stack: most terms are already
        // in the map, and only a new one needs a `String`.
        let mut buf = [0u8; MAX_TERM];
        let key = match case {
            Case::Ascii => {
                let lower = &mut buf[..word.len()];
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).unwrap_or(word)
            }
            Case::Lower | Case::Unicode => word,
        };
        let posting = doc << 2 | at;
        if case != Case::Unicode
            && let Some(list) = self.0.get_mut(key)
        {
            return post(list, posting);
        }
        post(self.0.entry(lowered(word, case)).or_default(), posting);
    }

    /// This batch followed by `later`, whose documents all come after this batch's: the
    /// smaller map is merged into the larger, and every list keeps document order.
    fn append(mut self, mut later: Batch<'t>) -> Batch<'t> {
        if self.0.len() >= later.0.len() {
            for (term, list) in later.0 {
                self.0.entry(term).or_default().extend(list);
            }
            self
        } else {
            for (term, mut list) in self.0 {
                let after = later.0.entry(term).or_default();
                list.append(after);
                *after = list;
            }
            later
        }
    }
}

/// Adds `posting` to a term's `list`: once per document, keeping its best place.
fn post(list: &mut Vec<u32>, posting: u32) {
    match list.last_mut() {
        Some(last) if *last >> 2 == posting >> 2 => *last = (*last).max(posting),
        _ => list.push(posting),
    }
}

/// The inverted index of `docs`: every term, sorted, with its postings.
pub(crate) fn invert<'t>(docs: &'t [Doc<'_>]) -> Vec<(Cow<'t, str>, Vec<u32>)> {
    // One map per run of batches a thread takes in turn (not one per batch), so a term is
    // inserted once per run, and runs are joined in document order to keep lists sorted.
    let all = docs
        .par_chunks(BATCH)
        .enumerate()
        .fold(Batch::default, |mut terms, (b, batch)| {
            for (k, doc) in batch.iter().enumerate() {
                let d = (b * BATCH + k) as u32;
                terms.add_text(&doc.title, d, IN_TITLE);
                terms.add_text(&doc.place, d, IN_PLACE);
                terms.add_text(&doc.text, d, IN_BODY);
            }
            terms
        })
        .reduce(Batch::default, Batch::append);
    let mut terms: Vec<(Cow<'t, str>, Vec<u32>)> = all.0.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// Writes the whole index of `docs` into `sink`; returns how many files that is.
pub(crate) fn write(docs: &[Doc<'_>], sink: &dyn Sink) -> anyhow::Result<usize> {
    let (terms, chunks) = rayon::join(|| write_terms(docs, sink), || write_chunks(docs, sink));
    let manifest = Manifest {
        version: VERSION,
        docs: docs.len(),
        shards: terms?,
        chunks: chunks?,
    };
    let json = serde_json::to_vec(&manifest)?;
    let mut js = b"window.HANDBOOK_SEARCH_INDEX = ".to_vec();
    js.extend_from_slice(&json);
    js.extend_from_slice(b";\n");
    sink.put("search-index.json", json)?;
    sink.put("search-index.js", js)?;
    Ok(2 + manifest.shards.len() + manifest.chunks.len())
}

/// What the script reads first.
#[derive(serde::Serialize)]
struct Manifest {
    version: u32,
    /// How many documents.
    docs: usize,
    /// Per term shard `t<N>.js`: its first term and its size in bytes.
    shards: Vec<(String, usize)>,
    /// Per document chunk `d<N>.js`: its first document.
    chunks: Vec<usize>,
}

/// The opening of a part's script: the theme defines the function before loading it.
fn open(kind: char, n: usize) -> Vec<u8> {
    format!("HANDBOOK_SEARCH_PART(\"{kind}{n}\",").into_bytes()
}

/// One term shard's script.
fn shard_js(n: usize, shard: &[(Cow<str>, Vec<u32>)]) -> Vec<u8> {
    let mut out = open('t', n);
    out.reserve(shard.iter().map(|(t, l)| t.len() + 5 + l.len() * 3).sum());
    out.push(b'{');
    let mut num = itoa::Buffer::new();
    for (k, (term, list)) in shard.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        // Terms are letters and digits: nothing to escape in JSON.
        out.push(b'"');
        out.extend_from_slice(term.as_bytes());
        out.extend_from_slice(b"\":[");
        let mut prev = 0u32;
        for (j, &p) in list.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            let doc = p >> 2;
            out.extend_from_slice(num.format((doc - prev) << 2 | (p & 3)).as_bytes());
            prev = doc;
        }
        out.push(b']');
    }
    out.extend_from_slice(b"});\n");
    out
}

/// One chunk of documents' script: `[url, title, place, text]` each.
fn chunk_js(n: usize, docs: &[Doc<'_>]) -> Vec<u8> {
    let mut out = open('d', n);
    out.reserve(docs.iter().map(|d| d.text.len() + 64).sum());
    out.push(b'[');
    for (k, d) in docs.iter().enumerate() {
        out.extend_from_slice(if k > 0 { b",[" } else { b"[" });
        for (j, s) in [&d.url as &str, &d.title, &d.place, &d.text]
            .iter()
            .enumerate()
        {
            if j > 0 {
                out.push(b',');
            }
            json_str(&mut out, s);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]);\n");
    out
}

/// Appends `s` as a JSON string. Plain text seldom holds a character JSON escapes (`"`, `\`,
/// control characters): such text is copied as it is, checked 64 bytes at a time (serde_json's
/// escaping, byte by byte, was 3 % of a 10,000-page build); the rest goes through serde_json.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let clean = s.as_bytes().chunks(64).all(|block| {
        block
            .iter()
            .fold(true, |ok, &b| ok & (b >= 0x20 && b != b'"' && b != b'\\'))
    });
    if clean {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

fn write_terms(docs: &[Doc<'_>], sink: &dyn Sink) -> anyhow::Result<Vec<(String, usize)>> {
    let terms = invert(docs);
    // Cut by an estimate of each term's bytes (postings are mostly 1 to 3 digits and a comma).
    let mut cuts = vec![0];
    let mut size = 0;
    for (i, (term, list)) in terms.iter().enumerate() {
        let bytes = term.len() + 5 + list.len() * 3;
        if size > 0 && size + bytes > SHARD_BYTES {
            cuts.push(i);
            size = 0;
        }
        size += bytes;
    }
    cuts.push(terms.len());
    cuts.dedup();
    let shards: Vec<&[(Cow<str>, Vec<u32>)]> =
        cuts.windows(2).map(|w| &terms[w[0]..w[1]]).collect();
    shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| {
            let js = shard_js(n, shard);
            let bytes = js.len();
            sink.put(&format!("search-index/t{n}.js"), js)?;
            let first = shard.first().map_or(String::new(), |(t, _)| t.to_string());
            Ok((first, bytes))
        })
        .collect()
}

fn write_chunks(docs: &[Doc<'_>], sink: &dyn Sink) -> anyhow::Result<Vec<usize>> {
    let mut starts = vec![0];
    let mut size = 0;
    for (i, d) in docs.iter().enumerate() {
        if size > 0 && size + d.text.len() > CHUNK_BYTES {
            starts.push(i);
            size = 0;
        }
        size += d.text.len() + d.title.len() + d.url.len() + d.place.len() + 12;
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([docs.len()]).collect();
    starts
        .par_iter()
        .zip(ends.par_iter())
        .enumerate()
        .try_for_each(|(n, (&from, &to))| -> anyhow::Result<()> {
            sink.put(
                &format!("search-index/d{n}.js"),
                chunk_js(n, &docs[from..to]),
            )
        })?;
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |t| out.push(t.into_owned()));
        out
    }

    #[test]
    fn words_are_letters_and_digits_lower_cased() {
        assert_eq!(
            terms("Kubernetes on-call: L3, don't ÉTÉ ΟΔΟΣ a 1"),
            ["kubernetes", "on", "call", "l3", "don", "été", "οδος"]
        );
        // Non-ASCII separators, letters inside ASCII words, words too long to keep.
        assert_eq!(
            terms("naïve—Co‑operate “CI”/CD x"),
            ["naïve", "co", "operate", "ci", "cd"]
        );
        assert_eq!(terms(&"a".repeat(49)), Vec::<String>::new());
        assert_eq!(terms(&"a".repeat(48)), ["a".repeat(48)]);
    }

    #[test]
    fn words_in_any_case_are_one_term() {
        let doc = |title: &'static str, text: &'static str| Doc {
            url: String::new(),
            title: title.into(),
            place: "".into(),
            text: text.into(),
        };
        let docs = [
            doc("GO Abcdefgh", "go abcdefgh ABCDEFGHI"),
            doc("Été", "abcdefghi été Go9"),
        ];
        let index = invert(&docs);
        let terms: Vec<&str> = index.iter().map(|(t, _)| t.as_ref()).collect();
        assert_eq!(terms, ["abcdefgh", "abcdefghi", "go", "go9", "été"]);
        let get = |t: &str| index.iter().find(|(k, _)| k == t).unwrap().1.clone();
        assert_eq!(get("go"), [IN_TITLE]);
        assert_eq!(get("abcdefghi"), [IN_BODY, 1 << 2 | IN_BODY]);
        assert_eq!(get("été"), [1 << 2 | IN_TITLE]);
    }

    #[test]
    fn json_strings_are_escaped_when_they_must_be() {
        for s in [
            "plain text, é and “quotes”",
            "a \"quote\" and a \\ and a\ttab",
            "",
        ] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        let long = format!("{}\n", "x".repeat(200));
        let mut out = Vec::new();
        json_str(&mut out, &long);
        assert_eq!(out, serde_json::to_vec(&long).unwrap());
    }

    #[test]
    fn batches_join_in_document_order_whichever_map_is_larger() {
        let batch = |docs: &[(u32, &'static str)]| {
            let mut b = Batch::default();
            for &(d, text) in docs {
                b.add_text(text, d, IN_BODY);
            }
            b
        };
        let get = |b: &Batch, t: &str| b.0.get(t).cloned().unwrap_or_default();
        // The earlier batch smaller, then larger, than the later one.
        let joined = batch(&[(0, "aa")]).append(batch(&[(1, "aa bb cc"), (2, "aa dd")]));
        assert_eq!(get(&joined, "aa"), [0, 1 << 2, 2 << 2]);
        let joined = batch(&[(0, "aa bb"), (1, "cc aa")]).append(batch(&[(2, "aa")]));
        assert_eq!(get(&joined, "aa"), [0, 1 << 2, 2 << 2]);
        assert_eq!(get(&joined, "cc"), [1 << 2]);
    }

    #[test]
    fn postings_keep_document_order_and_the_best_place() {
        let doc = |title: &'static str, text: &'static str| Doc {
            url: String::new(),
            title: title.into(),
            place: "".into(),
            text: text.into(),
        };
        let docs: Vec<Doc> = (0..600)
            .map(|i| {
                if i % 2 == 0 {
                    doc("Alpha", "beta alpha")
                } else {
                    doc("Gamma", "beta")
                }
            })
            .collect();
        let index = invert(&docs);
        let get = |t: &str| &index.iter().find(|(k, _)| k == t).unwrap().1;
        let alpha = get("alpha");
        assert_eq!(alpha.len(), 300);
        assert!(alpha.iter().all(|p| p & 3 == IN_TITLE && (p >> 2) % 2 == 0));
        let beta = get("beta");
        assert_eq!(beta.len(), 600);
        assert!(beta.windows(2).all(|w| w[0] >> 2 < w[1] >> 2));
        assert!(index.windows(2).all(|w| w[0].0 < w[1].0));
        let _ = IN_PLACE;
        let _ = IN_BODY;
    }
}
