//! Any bytes, checked as a file: no panic through parsing, typing and every
//! lint, and every renderer (human with and without colour, JSON, SARIF,
//! GitHub) accepts the result; the JSON and SARIF outputs are valid JSON.
#![no_main]

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::diagnostics::render::{self, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let db = Database::new();
    let file = db.add_file("fuzz.charter", data, Origin::User);
    let mut diagnostics = check_file(&db, file).clone();
    charter::diagnostics::normalise(&mut diagnostics);
    let diagnostics = charter::diagnostics::cap::cap(diagnostics);
    let mut sources = Sources::new();
    sources.insert(
        file.id(&db),
        "fuzz.charter",
        String::from_utf8_lossy(data).into_owned(),
    );
    for color in [false, true] {
        let _ = render::human(&diagnostics, &sources, color);
    }
    let json = render::json(&diagnostics, &sources);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "{json}"
    );
    let sarif = render::sarif(&diagnostics, &sources);
    assert!(
        serde_json::from_str::<serde_json::Value>(&sarif).is_ok(),
        "{sarif}"
    );
    let _ = render::github(&diagnostics, &sources);
});
