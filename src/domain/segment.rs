//! The segmentation engine (SEGMENTATION.md). Owned by the segmentation work.
