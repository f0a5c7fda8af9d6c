//! Why what a person typed or picked is not taken: one Dutch sentence, shown beside the field.

use crate::domain::bsn::BsnError;
use crate::domain::checklist::ValueError;
use crate::domain::input::InputError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Bsn(#[from] BsnError),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error("Leeg: wis het antwoord met de wistoets als het onbeantwoord moet zijn")]
    EmptyAnswer,
    #[error("Kies een score van 1 tot en met 5")]
    NoScore,
    #[error("Vul de naam van de schuldeiser in")]
    NoCreditor,
    #[error("Geef een reden van minstens één zin (drie woorden of meer)")]
    ReasonTooShort,
}
