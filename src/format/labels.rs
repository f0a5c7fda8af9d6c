//! The one table of Dutch labels for what the engine decides, as screens, the intake report,
//! the municipality report and CSV show it. Labels that the engine itself writes into its
//! reasons (deadline kinds, provisions, lighter provisions, routes) are methods on those enums
//! in `domain`; this table uses them and adds the rest.

use crate::domain::case::DebtCategory;
use crate::domain::provision::Provision;
use crate::domain::segment::{Advice, BewindKind, Flag, Lighter, Route};

/// The bewind advice (§2), as a phrase after "Beschermingsbewind:" or "Advies:".
pub fn advice(a: Advice) -> &'static str {
    match a {
        Advice::NietBeoordeeld => "niet beoordeeld (de vragenlijst bewind is niet gestart)",
        Advice::Onvolledig => "onvolledig: nog niet te beoordelen",
        Advice::GeenGrond => "geen wettelijke grond",
        Advice::NietNodig => "niet nodig: een lichtere voorziening is toereikend",
        Advice::Overwegen => "overwegen: geen lichtere voorziening is toereikend",
    }
}

/// A lighter provision of the sufficiency test.
pub fn lighter(l: Lighter) -> &'static str {
    l.label()
}

/// The form of bewind, with its legal ground.
pub fn bewind_kind(k: BewindKind) -> &'static str {
    match k {
        BewindKind::Toestandsbewind => "toestandsbewind (lichamelijke of geestelijke toestand)",
        BewindKind::Schuldenbewind => {
            "schuldenbewind (verkwisting of problematische schulden, voor bepaalde tijd)"
        }
    }
}

/// A flag of the debt route, as one sentence.
pub fn flag(f: Flag) -> &'static str {
    match f {
        Flag::NulAanbod => "Nul-aanbod mogelijk: er is geen aflossingscapaciteit.",
        Flag::MoratoriumOverwegen => "Moratorium overwegen: er is een bedreigende situatie.",
    }
}

/// A debt route in full.
pub fn route(r: Route) -> &'static str {
    crate::domain::report::route_label(r)
}

/// A debt route, short enough to stand beside a bar at 80 columns.
pub fn route_short(r: Route) -> &'static str {
    match r {
        Route::Geen => "Geen schuld",
        Route::Betalingsregeling => "Bet.regeling",
        Route::Stabilisatie => "Stabilisatie",
        Route::Schuldregeling => "Schuldreg.",
        Route::Dfd => "DFD",
    }
}

/// A provision, short enough to stand beside a bar at 80 columns.
pub fn provision_short(p: Provision) -> &'static str {
    match p {
        Provision::InformatieAdvies => "Info/advies",
        Provision::Thuisadministratie => "Thuisadmin.",
        Provision::Budgetcoaching => "Coaching",
        Provision::BudgetbeheerBasis => "Beheer basis",
        Provision::BudgetbeheerTotaal => "Beheer tot.",
        Provision::Beschermingsbewind => "Bewind",
    }
}

/// A category of debts, with examples of its creditors.
pub fn debt_category(c: DebtCategory) -> &'static str {
    match c {
        DebtCategory::Nuts => "Nutsvoorzieningen en wonen (huur, energie, water)",
        DebtCategory::Publiek => {
            "Publieke schuldeisers (belasting, toeslagen, CJIB, DUO, CAK, gemeente)"
        }
        DebtCategory::Zorg => "Zorg (zorgverzekeraar, zorgkosten)",
        DebtCategory::Overig => "Overige schuldeisers",
    }
}
