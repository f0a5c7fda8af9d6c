//! The CSV a Dutch spreadsheet opens as it is: `;` between cells, decimal comma, dates as
//! dd-mm-jjjj, Dutch column headers and labels instead of ids, UTF-8 with a byte order mark.
//! It is made from the machine rows (`--format csv-machine`), column by column.

use crate::domain::checklist::Checklists;
use crate::domain::deadlines::DeadlineKind;
use crate::domain::provision::Provision;
use crate::domain::segment::{Advice, BewindKind, Route};
use crate::format::labels;
use std::io::Write;

/// The Dutch header of a machine column.
pub fn header(machine: &str) -> &str {
    match machine {
        "case_id" => "Zaaknummer",
        "status" => "Status",
        "aangemaakt" => "Aangemaakt",
        "meldingsdatum" => "Meldingsdatum",
        "meldingsroute" => "Meldingsroute",
        "huishouden" => "Huishouden",
        "minderjarigen" => "Minderjarigen",
        "woonsituatie" => "Woonsituatie",
        "inkomen_netto" => "Netto inkomen (€)",
        "schuld_totaal" => "Schuld totaal (€)",
        "schuldeisers" => "Schuldeisers",
        "crisis" => "Crisis",
        "compleet" => "Compleet",
        "voorstel" => "Voorstel",
        "besluit" => "Besluit",
        "afwijking" => "Afwijking van voorstel",
        "schuldroute" => "Schuldroute",
        "bewindadvies" => "Advies bewind",
        "bewindvorm" => "Vorm van bewind",
        "volgende_termijn" => "Volgende termijn",
        "volgende_termijn_datum" => "Datum volgende termijn",
        "termijnen_verlopen" => "Termijnen verlopen",
        "documenten_opgevraagd" => "Documenten opgevraagd",
        "naam" => "Naam",
        "hulpvraag" => "Hulpvraag",
        "toelichting" => "Toelichting",
        "besluit_reden" => "Reden besluit",
        "notities" => "Notities",
        other => other,
    }
}

/// A machine cell as a person reads it in that column.
pub fn cell(column: &str, value: &str, checklists: &Checklists) -> String {
    if value.is_empty() {
        return String::new();
    }
    let choice = |item: &str| {
        checklists
            .find_item(item)
            .and_then(|(_, i)| i.option(value))
            .map_or_else(|| value.to_string(), |o| o.label.clone())
    };
    match column {
        "aangemaakt" | "meldingsdatum" | "volgende_termijn_datum" => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_or_else(|_| value.to_string(), |d| d.format("%d-%m-%Y").to_string())
        }
        "inkomen_netto" | "schuld_totaal" => value.replace('.', ","),
        "meldingsroute" => choice("melding.route"),
        "huishouden" => choice("huishouden.type"),
        "woonsituatie" => choice("huishouden.woonsituatie"),
        "voorstel" | "besluit" => {
            Provision::from_id(value).map_or_else(|| value.to_string(), |p| p.label().to_string())
        }
        "afwijking" => match value {
            "lichter" => "lichter".into(),
            "zwaarder" => "zwaarder".into(),
            "zonder_voorstel" => "zonder voorstel".into(),
            other => other.into(),
        },
        "schuldroute" => Route::ALL
            .into_iter()
            .find(|r| r.id() == value)
            .map_or_else(|| value.to_string(), |r| labels::route(r).to_string()),
        "bewindadvies" => Advice::ALL
            .into_iter()
            .find(|a| a.id() == value)
            .map_or_else(|| value.to_string(), |a| labels::advice(a).to_string()),
        "bewindvorm" => [BewindKind::Toestandsbewind, BewindKind::Schuldenbewind]
            .into_iter()
            .find(|k| k.id() == value)
            .map_or_else(|| value.to_string(), |k| labels::bewind_kind(k).to_string()),
        // "item.id: text | …": the question's label instead of its id.
        "toelichting" => value
            .split(" | ")
            .map(|part| match part.split_once(": ") {
                Some((id, text)) => match checklists.find_item(id) {
                    Some((_, item)) => format!("{}: {text}", item.label),
                    None => part.to_string(),
                },
                None => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        "volgende_termijn" => DeadlineKind::from_id(value)
            .map_or_else(|| value.to_string(), |k| k.label().to_string()),
        _ => value.to_string(),
    }
}

/// Writes the Dutch CSV: BOM, `;`, Dutch headers and cells.
pub fn write<W: Write>(
    mut w: W,
    header_row: &[&str],
    rows: &[Vec<String>],
    checklists: &Checklists,
) -> anyhow::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(w);
    writer.write_record(header_row.iter().map(|h| header(h)))?;
    for row in rows {
        let cells: Vec<String> = header_row
            .iter()
            .zip(row)
            .map(|(col, v)| super::transfer::csv_safe(&cell(col, v, checklists)).into_owned())
            .collect();
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    Ok(())
}
