//! The commands a key can be bound to, per screen. This is the contract between keymap files and
//! the app: the ids are what `keymaps/*.toml` name, the texts are what the help overlay shows.

/// The key tables of a keymap file: `[global]` plus one per screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Global,
    List,
    Form,
    Case,
    Checklist,
    Debts,
    Result,
    Termijnen,
    Report,
    Traject,
}

/// The screens of the workbench: each has its own key table (its [`Scope`]) beside `[global]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Screen {
    List,
    Form,
    Case,
    Checklist,
    Debts,
    Result,
    Termijnen,
    Report,
    Traject,
}

impl Screen {
    /// The key table of the screen.
    pub fn scope(self) -> Scope {
        match self {
            Screen::List => Scope::List,
            Screen::Form => Scope::Form,
            Screen::Case => Scope::Case,
            Screen::Checklist => Scope::Checklist,
            Screen::Debts => Scope::Debts,
            Screen::Result => Scope::Result,
            Screen::Termijnen => Scope::Termijnen,
            Screen::Report => Scope::Report,
            Screen::Traject => Scope::Traject,
        }
    }
}

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::Global,
        Scope::List,
        Scope::Form,
        Scope::Case,
        Scope::Checklist,
        Scope::Debts,
        Scope::Result,
        Scope::Termijnen,
        Scope::Report,
        Scope::Traject,
    ];

    /// The table name in a keymap file.
    pub fn id(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::List => "list",
            Scope::Form => "form",
            Scope::Case => "case",
            Scope::Checklist => "checklist",
            Scope::Debts => "debts",
            Scope::Result => "result",
            Scope::Termijnen => "termijnen",
            Scope::Report => "report",
            Scope::Traject => "traject",
        }
    }

    pub fn from_id(id: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The Dutch screen name for the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Overal",
            Scope::List => "Zaken",
            Scope::Form => "Nieuwe zaak",
            Scope::Case => "Zaak",
            Scope::Checklist => "Vragenlijst",
            Scope::Debts => "Schulden",
            Scope::Result => "Advies",
            Scope::Termijnen => "Termijnen",
            Scope::Report => "Overzicht",
            Scope::Traject => "Traject",
        }
    }
}

macro_rules! commands {
    ($( $variant:ident = $id:literal, $text:literal, [$($scope:ident),*]; )*) => {
        /// Everything a key can do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Command { $( $variant ),* }

        impl Command {
            pub const ALL: &'static [Command] = &[ $( Command::$variant ),* ];

            /// The id used in keymap files.
            pub fn id(self) -> &'static str {
                match self { $( Command::$variant => $id ),* }
            }

            /// What it does, in Dutch, for the help overlay and footer.
            pub fn text(self) -> &'static str {
                match self { $( Command::$variant => $text ),* }
            }

            /// The tables in which it may be bound.
            pub fn scopes(self) -> &'static [Scope] {
                match self { $( Command::$variant => &[$(Scope::$scope),*] ),* }
            }
        }
    };
}

commands! {
    Quit = "quit", "afsluiten", [Global];
    Help = "help", "hulp bij toetsen", [Global];
    Privacy = "privacy", "persoonsgegevens verbergen/tonen", [Global];
    Back = "back", "terug", [Global];
    Termijnen = "termijnen", "termijnen van alle zaken", [Global];
    Report = "report", "overzicht voor de gemeente", [Global];
    Up = "up", "omhoog", [List, Form, Case, Checklist, Debts, Result, Termijnen, Report, Traject];
    Down = "down", "omlaag", [List, Form, Case, Checklist, Debts, Result, Termijnen, Report, Traject];
    PageUp = "page_up", "pagina omhoog", [List, Case, Checklist, Debts, Result, Termijnen, Traject];
    PageDown = "page_down", "pagina omlaag", [List, Case, Checklist, Debts, Result, Termijnen, Traject];
    Top = "top", "naar boven", [List, Case, Checklist, Debts, Result, Termijnen, Traject];
    Bottom = "bottom", "naar beneden", [List, Case, Checklist, Debts, Result, Termijnen, Traject];
    Open = "open", "openen", [List, Termijnen];
    NewCase = "new_case", "nieuwe zaak", [List];
    Search = "search", "zoeken op naam of zaaknummer", [List];
    Mine = "mine", "alleen mijn zaken / alle zaken", [List];
    NextField = "next_field", "volgend veld", [Form];
    PrevField = "prev_field", "vorig veld", [Form];
    Save = "save", "opslaan", [Form, Debts, Traject];
    StatusNext = "status_next", "status een stap verder", [Case];
    StatusPrev = "status_prev", "status een stap terug", [Case];
    Schuldhulp = "schuldhulp", "vragenlijst schuldhulp", [Case];
    Bewind = "bewind", "vragenlijst bewind (starten)", [Case];
    Debts = "debts", "schuldenlijst", [Case];
    Result = "result", "advies en besluit", [Case];
    ExportReport = "export_report", "intakeverslag opslaan (Markdown)", [Case];
    MakeLetter = "make_letter", "document maken: beschikking, advies, documentenlijst, intakeverslag (PDF)", [Case];
    Edit = "edit", "antwoord wijzigen", [Checklist, Debts];
    Clear = "clear", "antwoord wissen (onbeantwoord)", [Checklist];
    NextMissing = "next_missing", "naar de volgende open verplichte vraag", [Checklist];
    NextSection = "next_section", "volgend onderdeel", [Checklist];
    PrevSection = "prev_section", "vorig onderdeel", [Checklist];
    AddNote = "add_note", "notitie toevoegen", [Case];
    RemoveCase = "remove_case", "zaak verwijderen (met reden; alleen zonder besluit)", [Case];
    EditClient = "edit_client", "cliëntgegevens wijzigen", [Case];
    Restrict = "restrict", "verwerking beperken of opheffen (art. 18 AVG)", [Case];
    Withdraw = "withdraw", "vragenlijst intrekken (alleen zonder antwoorden)", [Checklist];
    Add = "add", "schuld toevoegen", [Debts];
    Delete = "delete", "schuld verwijderen", [Debts];
    Accept = "accept", "voorstel overnemen", [Result];
    Override = "override", "anders besluiten (met reden)", [Result];
    Traject = "traject", "traject na de intake: stappen met hun datum", [Case];
    AddStep = "add_step", "stap vastleggen (met datum)", [Traject];
    CorrectStep = "correct_step", "datum van een stap corrigeren", [Traject];
    RemoveStep = "remove_step", "stap wissen (de geschiedenis bewaart haar)", [Traject];
    CbsDetails = "cbs_details", "gegevens voor CBS: geslacht, postcode, huisnummer", [Traject];
}

impl Command {
    pub fn from_id(id: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.id() == id)
    }

    pub fn allowed_in(self, scope: Scope) -> bool {
        self.scopes().contains(&scope)
    }
}
