//! Believable Dutch names for the demo's example cases (the fixtures carry names that read like
//! their file names, which is right for tests and wrong for a demonstration).

/// Names as one meets them at a Dutch counter; the demo gives them out in order.
pub const NAMES: &[&str] = &[
    "Anouk de Vries",
    "Mohamed El Idrissi",
    "Sanne Jansen",
    "Kees van der Berg",
    "Fatma Yılmaz",
    "Jeroen Bakker",
    "Priya Ramdin",
    "Wilma Visser",
    "Daan Smit",
    "Nadia Bouzid",
    "Henk Mulder",
    "Esra Demir",
    "Lotte de Boer",
    "Ruben Meijer",
    "Gerda de Groot",
    "Kofi Mensah",
    "Ilse Bos",
    "Tom Vos",
    "Marloes Peters",
    "Yusuf Kaya",
    "Ingrid Hendriks",
    "Bram van Leeuwen",
    "Samira Amrani",
    "Piet Dekker",
    "Joyce Brouwer",
    "Stefan de Wit",
    "Marian Dijkstra",
    "Rachid Tahiri",
    "Eva Smits",
    "Jan Willem de Graaf",
    "Olga Kowalska",
    "Niels Schouten",
    "Sevda Aydın",
    "Harm Kuipers",
    "Linda van Dam",
    "Ahmed Ouali",
];

/// The case file text with the client's name replaced by the `i`-th demo name; a text that is
/// not a JSON object with a client stays as it is (the import then reports it as usual).
pub fn renamed(text: &str, i: usize) -> String {
    let Ok(mut json) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_string();
    };
    let Some(client) = json.get_mut("client").and_then(|c| c.as_object_mut()) else {
        return text.to_string();
    };
    let name = NAMES[i % NAMES.len()];
    client.insert("name".into(), serde_json::Value::String(name.into()));
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| text.to_string())
}
