//! Who may do what. The store checks these rules on every write, so a role's limits hold even
//! when a screen (or another program) would offer more.

use super::history::Change;
use crate::domain::case::Status;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The counter: new cases, the schuldhulp intake, the debt list and other documents.
    Baliemedewerker,
    /// The debt counsellor: everything on a case, including decisions and the bewind checklist.
    Schuldhulpverlener,
    /// The team lead: everything, plus reports, reassigning cases and managing users.
    Teamleider,
}

impl Role {
    pub const ALL: [Role; 3] = [
        Role::Baliemedewerker,
        Role::Schuldhulpverlener,
        Role::Teamleider,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Baliemedewerker => "baliemedewerker",
            Role::Schuldhulpverlener => "schuldhulpverlener",
            Role::Teamleider => "teamleider",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id.trim())
    }

    /// Whether this role may fill in (or start) the checklist `checklist`.
    pub fn may_fill(self, checklist: &str) -> bool {
        self != Role::Baliemedewerker || checklist == "schuldhulp"
    }

    /// Whether this role may record a decision (and the proposal it was made on).
    pub fn may_decide(self) -> bool {
        self != Role::Baliemedewerker
    }

    /// Whether this role may move a case from status `old` to `new`. The counter takes a case
    /// in and starts the intake; further steps are the counsellor's.
    pub fn may_set_status(self, old: Status, new: Status) -> bool {
        self != Role::Baliemedewerker
            || (matches!(old, Status::Aangemeld | Status::Intake)
                && matches!(new, Status::Aangemeld | Status::Intake | Status::Verwijderd))
    }

    /// Whether this role may make `change` on a case.
    pub fn may_change(self, change: &Change) -> bool {
        match change {
            Change::Created
            | Change::Imported { .. }
            | Change::Client { .. }
            | Change::DebtAdded { .. }
            | Change::DebtChanged { .. }
            | Change::DebtRemoved { .. }
            | Change::Note { .. }
            // A case made by mistake is removed by whoever made it (only without a decision).
            | Change::Removed { .. } => true,
            Change::ChecklistStarted { checklist }
            | Change::ChecklistWithdrawn { checklist }
            | Change::Answer { checklist, .. } => self.may_fill(checklist),
            Change::Status { old, new } => self.may_set_status(*old, *new),
            Change::Proposal { .. } | Change::Decision { .. } => self.may_decide(),
            Change::Traject { .. } => self.may_record_traject(),
            Change::Beperkt { .. } | Change::BeperkingOpgeheven { .. } => {
                self.may(Action::Beperken)
            }
            Change::DocumentMade { soort, .. } => self.may_make_document(soort),
        }
    }

    /// Whether this role may record or correct traject steps (after the intake: the
    /// counsellor's work).
    pub fn may_record_traject(self) -> bool {
        self != Role::Baliemedewerker
    }

    /// Whether this role may make the document `soort` (an id of `format::soort::Soort`). The
    /// counter may make the documentenlijst (what the client must bring); beschikking, advies
    /// and intakeverslag are the counsellor's.
    pub fn may_make_document(self, soort: &str) -> bool {
        self != Role::Baliemedewerker || soort == "documenten"
    }

    /// Whether this role may do `action` (beyond editing cases).
    pub fn may(self, action: Action) -> bool {
        match action {
            Action::CreateCase | Action::Export => true,
            Action::Report
            | Action::Assign
            | Action::ManageUsers
            | Action::ReadAccessLog
            | Action::Migrate
            | Action::Vernietigen
            | Action::Beperken
            | Action::BeperktInzien => self == Role::Teamleider,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Things a person does besides editing a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    CreateCase,
    Export,
    Report,
    Assign,
    ManageUsers,
    ReadAccessLog,
    Migrate,
    /// Destroy cases whose retention period has passed (`loket bewaren --vernietig`).
    Vernietigen,
    /// Restrict processing of a case (art. 18 AVG) or lift it.
    Beperken,
    /// Open a case whose processing is restricted.
    BeperktInzien,
}

impl Action {
    /// Dutch words for a refusal ("u mag geen {what}").
    pub fn what(self) -> &'static str {
        match self {
            Action::CreateCase => "nieuwe zaken aanmaken",
            Action::Export => "zaken exporteren",
            Action::Report => "rapportages maken",
            Action::Assign => "zaken toewijzen",
            Action::ManageUsers => "gebruikers beheren",
            Action::ReadAccessLog => "het toegangslogboek inzien",
            Action::Migrate => "zaken overzetten",
            Action::Vernietigen => "zaken vernietigen",
            Action::Beperken => "de verwerking van een zaak beperken of de beperking opheffen",
            Action::BeperktInzien => "een beperkte zaak inzien",
        }
    }
}

/// Dutch words for a change a role may not make.
pub fn change_what(change: &Change) -> String {
    match change {
        Change::Answer { checklist, .. } | Change::ChecklistStarted { checklist } => {
            format!("de vragenlijst {checklist} invullen")
        }
        Change::Status { new, .. } => format!("de status op {} zetten", new.id()),
        Change::Proposal { .. } | Change::Decision { .. } => "een besluit vastleggen".into(),
        Change::Traject { .. } => "het traject bijwerken".into(),
        Change::DocumentMade { soort, .. } => format!("het document {soort} maken"),
        Change::Beperkt { .. } | Change::BeperkingOpgeheven { .. } => {
            Action::Beperken.what().into()
        }
        _ => "deze wijziging maken".into(),
    }
}
