//! The traject screen: the steps after the intake in the order they happened; record a step with
//! its date (today by default), correct or wipe a wrong one. Every change is one history event
//! that keeps the traject before and after it.

use super::text::LineInput;
use super::{Action, Effect, Screen, State, move_cursor};
use crate::domain::answers::Value;
use crate::domain::case::{Case, Geslacht};
use crate::domain::checklist::SCHULDHULP;
use crate::domain::history::Change;
use crate::domain::input::parse_date_in;
use crate::domain::traject::{self, Slot, StepKind, Traject, TrajectError};
use crate::keymap::Command;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrajectState {
    pub cursor: usize,
    pub dialog: Option<Dialog>,
    /// The row whose wipe waits for a second press (anything else cancels it).
    pub confirm_remove: Option<usize>,
}

/// What is being recorded or corrected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Choosing the kind of step.
    Kind { choice: usize },
    /// Choosing its soort or reden.
    Choice { kind: StepKind, choice: usize },
    /// Typing its date.
    Date {
        target: Target,
        input: LineInput,
        error: Option<String>,
    },
    /// What CBS needs to recognise the client without a BSN (TRAJECT.md client additions).
    Client(ClientForm),
    /// The Vtlb fixed in the traject, per month.
    Vtlb {
        input: LineInput,
        error: Option<String>,
    },
}

/// Geslacht (typed m / v / o), postcode, huisnummer, toevoeging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientForm {
    pub geslacht: Option<Geslacht>,
    pub postcode: LineInput,
    pub huisnummer: LineInput,
    pub toevoeging: LineInput,
    pub focus: usize,
    pub error: Option<String>,
}

impl ClientForm {
    pub const LABELS: [&'static str; 4] = ["Geslacht", "Postcode", "Huisnummer", "Toevoeging"];

    fn new(c: &crate::domain::case::Client) -> ClientForm {
        let text = |v: &Option<String>| LineInput::prefilled(v.as_deref().unwrap_or(""));
        ClientForm {
            geslacht: c.geslacht,
            postcode: text(&c.postcode),
            huisnummer: text(&c.huisnummer),
            toevoeging: text(&c.huisnummertoevoeging),
            focus: 0,
            error: None,
        }
    }

    /// The checked values, or a Dutch message naming the field.
    pub fn values(&self) -> Result<ClientValues, String> {
        let postcode = self.postcode.text().replace(' ', "").to_uppercase();
        let pc_ok = postcode.len() == 6
            && postcode.is_ascii()
            && postcode[..4].bytes().all(|b| b.is_ascii_digit())
            && !postcode.starts_with('0')
            && postcode[4..].bytes().all(|b| b.is_ascii_uppercase());
        if !postcode.is_empty() && !pc_ok {
            return Err(format!(
                "Postcode: \"{}\" is geen postcode; typ vier cijfers en twee letters, bijv. 2511 AB",
                self.postcode.text().trim()
            ));
        }
        let huisnummer = self.huisnummer.text().trim().to_string();
        if !huisnummer.is_empty()
            && (huisnummer.len() > 5 || !huisnummer.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!(
                "Huisnummer: \"{huisnummer}\" is geen huisnummer; alleen cijfers (de toevoeging apart)"
            ));
        }
        let toevoeging = self.toevoeging.text().trim().to_string();
        if toevoeging.chars().count() > 4 {
            return Err(format!(
                "Toevoeging: \"{toevoeging}\" is te lang; ten hoogste vier tekens"
            ));
        }
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        Ok(ClientValues {
            geslacht: self.geslacht,
            postcode: opt(postcode),
            huisnummer: opt(huisnummer),
            toevoeging: opt(toevoeging),
        })
    }
}

pub struct ClientValues {
    pub geslacht: Option<Geslacht>,
    pub postcode: Option<String>,
    pub huisnummer: Option<String>,
    pub toevoeging: Option<String>,
}

/// Applies the form to the client; one history event per field that changed.
fn save_client(state: &mut State, v: ClientValues) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let c = &mut open.case.client;
    let mut changes = Vec::new();
    let mut field = |name: &str, slot: &mut Option<String>, new: Option<String>| {
        if *slot != new {
            changes.push(Change::Client {
                field: name.into(),
                old: slot.clone(),
                new: new.clone(),
            });
            *slot = new;
        }
    };
    let mut geslacht = c.geslacht.map(|g| g.id().to_string());
    field(
        "geslacht",
        &mut geslacht,
        v.geslacht.map(|g| g.id().to_string()),
    );
    c.geslacht = v.geslacht;
    field("postcode", &mut c.postcode, v.postcode);
    field("huisnummer", &mut c.huisnummer, v.huisnummer);
    field(
        "huisnummertoevoeging",
        &mut c.huisnummertoevoeging,
        v.toevoeging,
    );
    open.traject.dialog = None;
    if changes.is_empty() {
        return Vec::new();
    }
    vec![Effect::Save { changes }]
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The first conversation: an answer (`melding.eerste_gesprek`), offered here too because it
    /// meets the first deadline and starts the traject.
    EersteGesprek,
    Record {
        kind: StepKind,
        choice: usize,
    },
    Correct(Slot),
}

const EERSTE_GESPREK_ITEM: &str = "melding.eerste_gesprek";

/// The label of the first entry of the step picker (before the traject's own steps).
pub const EERSTE_GESPREK: &str = "Eerste gesprek gevoerd";

/// Every entry of the step picker: the first conversation, then the traject's steps.
pub fn picker_labels() -> Vec<&'static str> {
    std::iter::once(EERSTE_GESPREK)
        .chain(StepKind::ALL.iter().map(|k| k.label()))
        .chain(std::iter::once(VTLB))
        .collect()
}

/// The last entry of the step picker: the Vtlb fixed for the oplossing (an amount, no date).
pub const VTLB: &str = "Vtlb van de oplossing vastgesteld (bedrag per maand)";

impl Dialog {
    pub fn is_picker(&self) -> bool {
        matches!(self, Dialog::Kind { .. } | Dialog::Choice { .. })
    }
}

pub fn enter(state: &mut State) {
    if let Some(open) = state.open.as_mut() {
        open.traject = TrajectState::default();
        state.go(Screen::Traject);
    }
}

/// Sets the status the traject gives when a change touched the traject or the date of the first
/// conversation, and records that as its own event. Other saves leave the status alone.
pub fn follow_status(case: &mut Case, changes: &mut Vec<Change>) {
    // A removed case stays removed: a desk that still had it open does not bring it back.
    if case.status == crate::domain::case::Status::Verwijderd {
        return;
    }
    let touches = changes.iter().any(|c| match c {
        Change::Traject { .. } => true,
        Change::Answer { item, .. } => item == "melding.eerste_gesprek",
        _ => false,
    });
    if !touches {
        return;
    }
    let new = traject::status(&case.traject, traject::eerste_gesprek(&case.answers));
    if new != case.status {
        changes.push(Change::Status {
            old: case.status,
            new,
        });
        case.status = new;
    }
}

fn problems_text(p: &[TrajectError]) -> String {
    p.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn save(state: &mut State, new: Traject, what: String) -> Vec<Effect> {
    if let Some(role) = state.role
        && !role.may_record_traject()
    {
        state.error(format!(
            "Als {role} mag u dit niet: het traject bijwerken. Vraag een schuldhulpverlener of de teamleider."
        ));
        return Vec::new();
    }
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let old = std::mem::replace(&mut open.case.traject, new.clone());
    if old == new {
        return Vec::new();
    }
    vec![Effect::Save {
        changes: vec![Change::Traject {
            what,
            old: Box::new(old),
            new: Box::new(new),
        }],
    }]
}

fn nl(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.env.today;
    let calendar = state.env.calendar();
    let Some(open) = state.open.as_mut() else {
        state.go_back();
        return Vec::new();
    };
    let rows = traject::timeline(&open.case.traject);
    let ts = &mut open.traject;
    if let Some(dialog) = ts.dialog.as_mut() {
        match (dialog, action) {
            (_, Action::Cancel | Action::Cmd(Command::Back)) => ts.dialog = None,
            (Dialog::Client(form), action) => {
                let last = ClientForm::LABELS.len() - 1;
                match action {
                    Action::Cmd(Command::NextField | Command::Down) => {
                        form.focus = (form.focus + 1).min(last);
                    }
                    Action::Cmd(Command::PrevField | Command::Up) => {
                        form.focus = form.focus.saturating_sub(1);
                    }
                    Action::Input(op) => {
                        form.error = None;
                        match (form.focus, op) {
                            (0, super::text::InputOp::Insert(c)) => {
                                form.geslacht = match c.to_ascii_lowercase() {
                                    'm' => Some(Geslacht::Man),
                                    'v' => Some(Geslacht::Vrouw),
                                    'o' => Some(Geslacht::Onbekend),
                                    ' ' | '-' => None,
                                    _ => form.geslacht,
                                };
                            }
                            (0, super::text::InputOp::Backspace | super::text::InputOp::Delete) => {
                                form.geslacht = None;
                            }
                            (1, op) => form.postcode.apply(op),
                            (2, op) => form.huisnummer.apply(op),
                            (3, op) => form.toevoeging.apply(op),
                            _ => {}
                        }
                    }
                    Action::Confirm if form.focus < last => form.focus += 1,
                    Action::Confirm | Action::Cmd(Command::Save) => match form.values() {
                        Ok(v) => return save_client(state, v),
                        Err(e) => {
                            form.error = Some(e.clone());
                            state.error(format!("Niet opgeslagen: {e}"));
                        }
                    },
                    _ => {}
                }
            }
            (Dialog::Kind { choice }, Action::Cmd(cmd)) => {
                *choice = move_cursor(*choice, StepKind::ALL.len() + 2, cmd, 10);
            }
            (Dialog::Kind { choice }, Action::Confirm) if *choice > StepKind::ALL.len() => {
                let current = open
                    .case
                    .traject
                    .oplossing
                    .as_ref()
                    .and_then(|o| o.vtlb)
                    .map(|v| crate::domain::money::to_contract(v).replace('.', ","))
                    .unwrap_or_default();
                ts.dialog = Some(Dialog::Vtlb {
                    input: LineInput::prefilled(&current),
                    error: None,
                });
            }
            (Dialog::Vtlb { input, error }, Action::Input(op)) => {
                input.apply(op);
                *error = None;
            }
            (Dialog::Vtlb { input, error }, Action::Confirm) => {
                let text = input.text().trim().to_string();
                let amount = if text.is_empty() {
                    Ok(None)
                } else {
                    crate::domain::input::parse_money(&text)
                        .map(Some)
                        .map_err(|e| e.to_string())
                };
                let traject = &open.case.traject;
                let result = amount.and_then(|v| {
                    let mut t = traject.clone();
                    t.oplossing.get_or_insert_with(Default::default).vtlb = v;
                    if t.oplossing
                        .as_ref()
                        .is_some_and(|o| *o == Default::default())
                    {
                        t.oplossing = None;
                    }
                    let problems = t.validate();
                    if problems.is_empty() {
                        Ok((t, v))
                    } else {
                        Err(problems_text(&problems))
                    }
                });
                match result {
                    Ok((t, v)) => {
                        ts.dialog = None;
                        let what = match v {
                            Some(v) => format!(
                                "Vtlb van de oplossing vastgesteld: {}",
                                crate::domain::money::to_display(v)
                            ),
                            None => "Vtlb van de oplossing gewist".to_string(),
                        };
                        return save(state, t, what);
                    }
                    Err(e) => {
                        *error = Some(e.clone());
                        state.error(format!("Niet opgeslagen: {e}"));
                    }
                }
            }
            (Dialog::Kind { choice: 0 }, Action::Confirm) => {
                ts.dialog = Some(date_dialog(Target::EersteGesprek, today));
            }
            (Dialog::Kind { choice }, Action::Confirm) => {
                let kind = StepKind::ALL[(*choice - 1).min(StepKind::ALL.len() - 1)];
                ts.dialog = Some(if kind.choices().is_empty() {
                    date_dialog(Target::Record { kind, choice: 0 }, today)
                } else {
                    Dialog::Choice { kind, choice: 0 }
                });
            }
            (Dialog::Choice { kind, choice }, Action::Cmd(cmd)) => {
                *choice = move_cursor(*choice, kind.choices().len(), cmd, 10);
            }
            (Dialog::Choice { kind, choice }, Action::Confirm) => {
                let target = Target::Record {
                    kind: *kind,
                    choice: *choice,
                };
                ts.dialog = Some(date_dialog(target, today));
            }
            (Dialog::Date { input, error, .. }, Action::Input(op)) => {
                input.apply(op);
                *error = None;
            }
            (
                Dialog::Date {
                    target,
                    input,
                    error,
                },
                Action::Confirm,
            ) => {
                let text = input.text().trim().to_string();
                if *target == Target::EersteGesprek {
                    match first_conversation(
                        &mut open.case,
                        &state.env.checklists,
                        &text,
                        today,
                        &calendar,
                    ) {
                        Ok(changes) => {
                            ts.dialog = None;
                            if !changes.is_empty() {
                                return vec![Effect::Save { changes }];
                            }
                        }
                        Err(e) => {
                            *error = Some(e.clone());
                            state.error(format!("Niet opgeslagen: {e}"));
                        }
                    }
                    return Vec::new();
                }
                let traject = &open.case.traject;
                let result = match target.clone() {
                    Target::Record { kind, choice } => {
                        match parse_date_in(&text, today, &calendar).map_err(|e| e.to_string()) {
                            Err(e) => Err(e),
                            Ok(d) => traject::record(traject, kind.step(choice), d)
                                .map(|(t, slot)| {
                                    let what = format!("{} op {}", slot.label(&t), nl(d));
                                    (t, what, Some((d, slot)))
                                })
                                .map_err(|p| problems_text(&p)),
                        }
                    }
                    // Handled above; never a traject step.
                    Target::EersteGesprek => Err("het eerste gesprek is geen trajectstap".into()),
                    Target::Correct(slot) => {
                        let old = slot.get(traject);
                        let new = if text.is_empty() {
                            Ok(None)
                        } else {
                            parse_date_in(&text, today, &calendar)
                                .map(Some)
                                .map_err(|e| e.to_string())
                        };
                        match new {
                            Err(e) => Err(e),
                            Ok(d) => traject::correct(traject, slot, d)
                                .map(|t| {
                                    let label = slot.label(traject);
                                    let from = old.map_or("—".into(), nl);
                                    let to = d.map_or("gewist".into(), nl);
                                    let what = format!("{label} gecorrigeerd: {from} → {to}");
                                    let at = d.map(|d| (d, slot));
                                    (t, what, at)
                                })
                                .map_err(|p| problems_text(&p)),
                        }
                    }
                };
                match result {
                    Ok((t, what, at)) => {
                        ts.dialog = None;
                        if let Some(at) = at {
                            let rows = traject::timeline(&t);
                            ts.cursor = rows.iter().position(|r| *r == at).unwrap_or(0);
                        }
                        return save(state, t, what);
                    }
                    Err(e) => {
                        *error = Some(e.clone());
                        state.error(format!("Niet opgeslagen: {e}"));
                    }
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    let armed = ts.confirm_remove.take();
    match action {
        Action::Cmd(Command::Back) | Action::Cancel => state.go_back(),
        Action::Cmd(Command::AddStep) => ts.dialog = Some(Dialog::Kind { choice: 0 }),
        Action::Cmd(Command::RemoveStep) if armed != Some(ts.cursor) => {
            if let Some((d, slot)) = rows.get(ts.cursor) {
                ts.confirm_remove = Some(ts.cursor);
                let label = slot.label(&open.case.traject);
                state.error(format!(
                    "Druk nogmaals om \"{label}\" ({}) te wissen",
                    nl(*d)
                ));
            }
        }
        Action::Cmd(Command::CbsDetails) => {
            ts.dialog = Some(Dialog::Client(ClientForm::new(&open.case.client)));
        }
        Action::Cmd(Command::CorrectStep) | Action::Confirm => {
            if let Some((d, slot)) = rows.get(ts.cursor) {
                ts.dialog = Some(Dialog::Date {
                    target: Target::Correct(*slot),
                    input: LineInput::prefilled(&nl(*d)),
                    error: None,
                });
            }
        }
        Action::Cmd(Command::RemoveStep) => {
            if let Some((d, slot)) = rows.get(ts.cursor) {
                let traject = &open.case.traject;
                match traject::correct(traject, *slot, None) {
                    Ok(t) => {
                        let what = format!("{} ({}) gewist", slot.label(traject), nl(*d));
                        ts.cursor = ts.cursor.min(rows.len().saturating_sub(2));
                        return save(state, t, what);
                    }
                    Err(p) => state.error(format!("Niet gewist: {}", problems_text(&p))),
                }
            }
        }
        Action::Cmd(cmd) => ts.cursor = move_cursor(ts.cursor, rows.len(), cmd, 10),
        _ => {}
    }
    Vec::new()
}

/// Records the date of the first conversation as the answer `melding.eerste_gesprek`; the
/// change for the history, none when the date is the same, or a Dutch reason.
fn first_conversation(
    case: &mut Case,
    checklists: &crate::domain::checklist::Checklists,
    text: &str,
    today: chrono::NaiveDate,
    calendar: &crate::domain::calendar::Calendar,
) -> Result<Vec<Change>, String> {
    let d = parse_date_in(text, today, calendar).map_err(|e| e.to_string())?;
    let item = checklists
        .schuldhulp
        .item(EERSTE_GESPREK_ITEM)
        .ok_or_else(|| "de vragenlijst kent geen eerste gesprek".to_string())?;
    item.check(&Value::Date(d)).map_err(|e| e.to_string())?;
    if !case.answers.is_started(SCHULDHULP) {
        return Err("start eerst de vragenlijst schuldhulp (toets 1 op de zaak)".into());
    }
    let version = checklists.schuldhulp.version;
    let old = case.answers.get(SCHULDHULP, EERSTE_GESPREK_ITEM).cloned();
    let new = Some(Value::Date(d));
    if old == new {
        return Ok(Vec::new());
    }
    case.answers
        .set(SCHULDHULP, EERSTE_GESPREK_ITEM, new.clone(), version);
    Ok(vec![Change::Answer {
        checklist: SCHULDHULP.into(),
        item: EERSTE_GESPREK_ITEM.into(),
        old,
        new,
        checklist_version: version,
    }])
}

fn date_dialog(target: Target, today: chrono::NaiveDate) -> Dialog {
    Dialog::Date {
        target,
        input: LineInput::prefilled(&nl(today)),
        error: None,
    }
}
