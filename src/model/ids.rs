//! How the model refers to things: ids as written, resolved references, Markdown texts.

use serde::Serialize;

use crate::source::Span;

/// Index of a Markdown text in `Handbook::markdown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub(crate) struct MdId(pub u32);

/// An id as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Id {
    /// The id.
    pub(crate) id: String,
    /// Where it is defined.
    #[serde(skip)]
    pub(crate) span: Span,
}

/// A resolved reference: the index of its target and where the reference was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Ref {
    /// Index of the target in its list.
    #[serde(rename = "index")]
    pub(crate) to: usize,
    /// Where the reference is written.
    #[serde(skip)]
    pub(crate) span: Span,
}
