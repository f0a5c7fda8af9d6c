//! Working days under the Algemene termijnenwet (SEGMENTATION.md §5). Owned by the deadlines work.
