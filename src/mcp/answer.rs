//! What every tool shares: reading arguments, rendering diagnostics as
//! `--format json` does, and building results and tool errors.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::db::Database;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::{self, Sources};

/// The tool's arguments, or a tool error that says what is wrong with them.
pub fn arguments<T: DeserializeOwned>(arguments: JsonObject) -> Result<T, CallToolResult> {
    serde_json::from_value(Value::Object(arguments))
        .map_err(|e| error(format!("invalid arguments: {e}")))
}

/// A tool error with a message for the agent.
pub fn error(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

/// A tool error that carries structured data (the diagnostics that stopped it).
pub fn error_with(message: &str, mut value: Value) -> CallToolResult {
    if let Value::Object(map) = &mut value {
        map.insert("error".into(), Value::String(message.to_owned()));
    }
    CallToolResult::structured_error(value)
}

/// A successful answer: structured content, mirrored as JSON text for clients
/// that read only text.
pub fn structured(value: Value) -> CallToolResult {
    CallToolResult::structured(value)
}

/// The diagnostics exactly as `charter check --format json` writes them,
/// for files the database holds (named as the command line names them).
pub fn diagnostics(db: &Database, diagnostics: &[Diagnostic]) -> Value {
    diagnostics_in(
        &crate::workspace::files::sources_for(db, diagnostics),
        diagnostics,
    )
}

/// The same, for diagnostics of texts outside any database (`format`).
pub fn diagnostics_in(sources: &Sources, diagnostics: &[Diagnostic]) -> Value {
    let mut sorted = diagnostics.to_vec();
    sources.sort(&mut sorted);
    let document: Value = serde_json::from_str(&render::json(&sorted, sources))
        .expect("the JSON renderer writes JSON");
    document["diagnostics"].clone()
}

/// How many diagnostics are errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    use crate::diagnostics::Severity;
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

/// Text sent by an agent, bounded like a file read from disk.
pub fn source_text(source: &str) -> Result<&str, CallToolResult> {
    if source.len() as u64 > crate::db::system::MAX_FILE_BYTES {
        return Err(error(format!(
            "`source` is {} bytes; Charter refuses files over {} bytes",
            source.len(),
            crate::db::system::MAX_FILE_BYTES
        )));
    }
    Ok(source)
}
