//! The `loket-case/1` exchange format (CASE-FORMAT.md). Owned by the segmentation work.
