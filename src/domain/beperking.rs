//! Restriction of processing (art. 18 AVG): while a case is beperkt it can only be viewed;
//! the one change allowed is lifting the restriction.

use super::history::Change;

/// The Dutch refusal for any processing of a restricted case.
pub const REFUSAL: &str = "de verwerking van deze zaak is beperkt (art. 18 AVG): alleen inzien \
                           is mogelijk tot de beperking is opgeheven";

/// Whether `changes` may be written to a case that was (`was_beperkt`) restricted: then only
/// the lifting of the restriction.
pub fn allows(was_beperkt: bool, changes: &[Change]) -> bool {
    !was_beperkt
        || changes
            .iter()
            .all(|c| matches!(c, Change::BeperkingOpgeheven { .. }))
}
