//! The command line (clap). Kept in the library so tests can parse it.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "loket",
    version,
    about = "Werkbank voor schuldhulp- en bewindintake aan het loket",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Map met de gegevens, of een teamdatabase postgres://… (standaard: de gegevensmap van dit account)
    #[arg(
        long,
        global = true,
        env = "LOKET_STORE",
        value_name = "MAP|postgres://…"
    )]
    pub store: Option<PathBuf>,
    /// Maak een nieuwe, lege opslag als de map bij --store nog niet bestaat
    #[arg(long, global = true)]
    pub nieuw: bool,
    /// Naam in de geschiedenis (standaard: de gebruikersnaam van het systeem)
    #[arg(long, global = true, value_name = "NAAM")]
    pub user: Option<String>,
    /// Toetsenindeling: default, vim of een bestand
    #[arg(long, global = true, value_name = "NAAM|BESTAND")]
    pub keymap: Option<String>,
    /// Beleidsbestand van de gemeente (TOML); standaard het ingebouwde beleid
    #[arg(long, global = true, value_name = "BESTAND")]
    pub policy: Option<PathBuf>,
    /// Map met aangepaste vragenlijsten (schuldhulp.toml, bewind.toml); standaard de ingebouwde
    #[arg(long, global = true, value_name = "MAP")]
    pub checklists: Option<PathBuf>,
    /// Map met eigen sjablonen voor brieven (beschikking.md, advies.md, documenten.md,
    /// intakeverslag.md); standaard de ingebouwde
    #[arg(long, global = true, value_name = "MAP")]
    pub sjablonen: Option<PathBuf>,
    /// Vaste datum voor vandaag (JJJJ-MM-DD), voor tests en demonstraties
    #[arg(long, global = true, value_name = "DATUM")]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open loket op een tijdelijke opslag met voorbeeldzaken
    Demo,
    /// Bereken het advies voor een zaakbestand (loket-case/1) en druk het af als JSON
    Segment {
        /// Het zaakbestand
        file: PathBuf,
    },
    /// Lees zaakbestanden (loket-case/1) in; per bestand alles of niets
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Geen voortgang tonen
        #[arg(long)]
        quiet: bool,
        /// Een zaaknummer dat al bestaat: vervang die zaak (het verschil wordt getoond)
        #[arg(long)]
        vervang: bool,
        /// Versleutelde bestanden (*.loket.age): het wachtwoord uit de eerste regel van dit bestand (alleen voor uzelf leesbaar) in plaats van het te vragen
        #[arg(long, value_name = "BESTAND")]
        wachtwoordbestand: Option<PathBuf>,
    },
    /// Schrijf zaken weg als JSON, Markdown (intakeverslag) of CSV
    Export {
        /// Zaaknummers (standaard: alle zaken)
        #[arg(value_name = "ZAAKNUMMER")]
        cases: Vec<String>,
        /// json, md, csv (voor een Nederlandse spreadsheet) of csv-machine; standaard json
        #[arg(long, value_enum, default_value = "json", value_name = "FORMAAT")]
        format: ExportFormat,
        /// Map waarin per zaak een bestand komt
        #[arg(long, value_name = "MAP")]
        out: Option<PathBuf>,
        /// CSV: ook vrije tekstvelden opnemen
        #[arg(long)]
        with_text: bool,
        /// Markdown: het volledige BSN in het intakeverslag (overdracht aan een bewindvoerder); wordt in de geschiedenis vastgelegd
        #[arg(long)]
        bsn_volledig: bool,
        /// Versleutel elk bestand met een wachtwoord (age) voor een overdracht: <zaak>.loket.age; het wachtwoord wordt twee keer gevraagd (vereist --out)
        #[arg(long)]
        versleuteld: bool,
        /// Het wachtwoord uit de eerste regel van dit bestand (alleen voor uzelf leesbaar) in plaats van het te vragen
        #[arg(long, value_name = "BESTAND", requires = "versleuteld")]
        wachtwoordbestand: Option<PathBuf>,
        /// Geen voortgang tonen
        #[arg(long)]
        quiet: bool,
    },
    /// Maak een document van een zaak: beschikking, advies, documenten of intakeverslag (PDF of tekst)
    Brief {
        /// Welk document
        #[arg(value_enum)]
        soort: BriefSoort,
        /// Het zaaknummer
        zaak: String,
        /// Het bestand (.pdf of .txt); standaard SOORT-ZAAK.pdf in de huidige map
        #[arg(long, value_name = "BESTAND")]
        uit: Option<PathBuf>,
        /// Beschikking: een afwijzing met de reden die u zelf schrijft
        #[arg(long, value_name = "REDEN")]
        afwijzing: Option<String>,
    },
    /// Cijfers voor de gemeente: voorzieningen, schuldroutes, afwijkingen, termijnen
    Report {
        #[arg(long, value_name = "DATUM")]
        from: Option<NaiveDate>,
        #[arg(long, value_name = "DATUM")]
        to: Option<NaiveDate>,
        /// Als JSON afdrukken
        #[arg(long)]
        json: bool,
    },
    /// Levering aan CBS (DDAS v1.0): alle schuldhulptrajecten die de periode overlappen, als JSON
    Ddas {
        /// Begin van de periode (JJJJ-MM-DD)
        #[arg(long, value_name = "DATUM")]
        van: NaiveDate,
        /// Einde van de periode (JJJJ-MM-DD)
        #[arg(long, value_name = "DATUM")]
        tot: NaiveDate,
        /// Het bestand (standaard ddas-VAN-TOT.json in de huidige map)
        #[arg(long, value_name = "BESTAND")]
        uit: Option<PathBuf>,
    },
    /// Vragenlijsten
    Checklist {
        #[command(subcommand)]
        action: ChecklistCmd,
    },
    /// Beleid van de gemeente (normen, termijnen, tarieven)
    Beleid {
        #[command(subcommand)]
        action: BeleidCmd,
    },
    /// Toetsenindelingen
    Keymap {
        #[command(subcommand)]
        action: KeymapCmd,
    },
    /// Vul de opslag met AANTAL verzonnen zaken (zelfde startgetal, zelfde zaken)
    Gen {
        /// Aantal zaken
        #[arg(value_name = "AANTAL")]
        count: usize,
        /// Startgetal van de toevalsgenerator (zelfde getal, zelfde zaken)
        #[arg(long, default_value_t = 1, value_name = "GETAL")]
        seed: u64,
    },
    /// Schrijf een backup van alle zaken met hun geschiedenis en de verklaringen van vernietiging (één gecomprimeerd bestand)
    Backup {
        /// Map voor de backup (standaard: backups/ naast de opslag; daar blijven de laatste 14)
        #[arg(long, value_name = "MAP")]
        uit: Option<PathBuf>,
    },
    /// Zet een backup terug in een nieuwe, lege opslag (--store NIEUWE_MAP) en controleer die
    Herstel {
        /// Het backupbestand (loket-backup-….jsonl.gz)
        bestand: PathBuf,
    },
    /// Controleer de hele opslag: records, geschiedenis, samenvattingen en tellingen
    Controleer,
    /// Meet de snelheid bij 1.000, 10.000 en 100.000 zaken en druk een tabel af
    Bench {
        #[command(subcommand)]
        wat: Option<BenchCmd>,
        /// Aantallen zaken, komma-gescheiden
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000",
              value_parser = clap::value_parser!(u32).range(1..))]
        sizes: Vec<u32>,
    },
    /// Gebruikers en rollen van de teamdatabase (alleen de teamleider)
    Gebruiker {
        #[command(subcommand)]
        action: GebruikerCmd,
    },
    /// Wijs een zaak toe aan een medewerker (zonder NAAM: aan niemand); alleen de teamleider
    Toewijzen {
        /// Het zaaknummer
        zaak: String,
        /// De gebruiker die de zaak krijgt
        naam: Option<String>,
    },
    /// Toon wie een zaak heeft geopend, gezocht, geëxporteerd, afgedrukt of gerapporteerd
    Toegang {
        /// Het zaaknummer
        zaak: String,
    },
    /// Bewaartermijnen (Selectielijst gemeenten 2020): toon de zaken die vernietigd mogen worden,
    /// vernietig ze (met bevestiging) of toon de verklaringen van vernietiging
    Bewaren {
        /// Vernietig de zaken waarvan de bewaartermijn verstreken is (vraagt om bevestiging)
        #[arg(long)]
        vernietig: bool,
        /// Bevestig het vernietigen zonder vraag (voor scripts)
        #[arg(long, requires = "vernietig")]
        ja: bool,
        /// Toon de verklaringen van vernietiging
        #[arg(long)]
        verklaringen: bool,
        /// Met --verklaringen: schrijf ze als JSON naar dit bestand
        #[arg(long, value_name = "BESTAND")]
        uit: Option<PathBuf>,
    },
    /// Beperk de verwerking van een zaak (art. 18 AVG): alleen inzien; of hef de beperking op
    Beperk {
        /// Het zaaknummer
        zaak: String,
        /// Waarom (komt in de geschiedenis)
        #[arg(long, value_name = "REDEN")]
        reden: String,
        /// Hef de beperking op
        #[arg(long)]
        opheffen: bool,
    },
    /// Zet alle zaken met hun geschiedenis en de verklaringen van vernietiging over tussen een map en een teamdatabase
    Migrate {
        /// Bron: een map of postgres://…
        #[arg(long, value_name = "MAP|postgres://…")]
        from: String,
        /// Doel: een map of postgres://… (moet leeg zijn)
        #[arg(long, value_name = "MAP|postgres://…")]
        to: String,
    },
    /// Inzage (art. 15 AVG): alles wat loket over de persoon van een zaak bewaart, als PDF of tekst
    Inzage {
        /// Het zaaknummer
        zaak: String,
        /// Het bestand; de extensie kiest het formaat (.pdf of .txt). Standaard inzage-ZAAK.pdf in
        /// de huidige map, of met --formaat tekst naar het scherm
        #[arg(long, value_name = "BESTAND")]
        uit: Option<PathBuf>,
        /// pdf of tekst (zonder --uit: pdf naar inzage-ZAAK.pdf, tekst naar het scherm)
        #[arg(long, value_enum, value_name = "FORMAAT")]
        formaat: Option<InzageFormaat>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Crashtest: een schrijvend proces wordt op willekeurige momenten met kill -9 gestopt;
    /// na elke kill moet de opslag openen met elke bevestigde opslag erin
    Crash {
        /// Aantal kills
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
        iterations: u64,
        /// Een nieuwe opslag na zoveel kills (een opslag groeit met elke ronde)
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
        per_store: u64,
    },
    /// Het schrijvende proces van de crashtest (intern)
    #[command(hide = true)]
    CrashSchrijver { map: PathBuf, seed: u64 },
    /// De controle na een kill, in een nieuw proces (intern)
    #[command(hide = true)]
    CrashControle { map: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum GebruikerCmd {
    /// Voeg een gebruiker toe
    Toevoegen {
        naam: String,
        /// baliemedewerker, schuldhulpverlener of teamleider
        #[arg(long, value_name = "ROL")]
        rol: String,
    },
    /// Toon alle gebruikers met hun rol
    Lijst,
    /// Geef een gebruiker een andere rol
    Rol { naam: String, rol: String },
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCmd {
    /// Controleer een aangepaste vragenlijst en meld alle problemen
    Check { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum BeleidCmd {
    /// Controleer een beleidsbestand: fouten (code 2) en waarschuwingen (verouderde normen)
    Controleer { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum KeymapCmd {
    /// Controleer een toetsenbestand en meld alle problemen
    Check { file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Md,
    /// Voor een Nederlandse spreadsheet: `;`, decimale komma, Nederlandse kolomnamen, BOM
    Csv,
    /// Het machineformaat: `,`, ids, ISO-datums, bedragen als 1250.00
    #[value(name = "csv-machine")]
    CsvMachine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefSoort {
    Beschikking,
    Advies,
    Documenten,
    Intakeverslag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InzageFormaat {
    Pdf,
    Tekst,
}
