//! The segmentation engine (SEGMENTATION.md). Owned by the segmentation work.

/// PLACEHOLDER until the engine lands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome;
