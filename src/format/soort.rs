//! The kinds of document a case produces (`loket brief`, the picker on the case screen). The
//! templates and the writers live in `letters`; the screens only need the list and the names.

/// The kinds of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Soort {
    Beschikking,
    Advies,
    Documenten,
    Intakeverslag,
}

impl Soort {
    pub const ALL: [Soort; 4] = [
        Soort::Beschikking,
        Soort::Advies,
        Soort::Documenten,
        Soort::Intakeverslag,
    ];

    /// The id on the command line, in the history and as template file stem.
    pub fn id(self) -> &'static str {
        match self {
            Soort::Beschikking => "beschikking",
            Soort::Advies => "advies",
            Soort::Documenten => "documenten",
            Soort::Intakeverslag => "intakeverslag",
        }
    }

    pub fn from_id(id: &str) -> Option<Soort> {
        Soort::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The document's Dutch title.
    pub fn title(self) -> &'static str {
        match self {
            Soort::Beschikking => "Beschikking schuldhulpverlening",
            Soort::Advies => "Advies aan de kantonrechter",
            Soort::Documenten => "Documentenlijst",
            Soort::Intakeverslag => "Intakeverslag",
        }
    }
}
