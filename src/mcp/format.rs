//! The `format` tool: the canonical layout of one file's text.

use crate::diagnostics::render::Sources;
use crate::text::FileId;
use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::json;

use super::answer;
use crate::workspace::files;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The file to format (it is read, never written).
    path: Option<PathBuf>,
    /// The text to format instead of a file.
    source: Option<String>,
}

pub fn call(args: Args) -> CallToolResult {
    let (name, text) = match (args.path, args.source) {
        (Some(_), Some(_)) => return answer::error("give `path` or `source`, not both"),
        (None, None) => return answer::error("give `path` (a file) or `source` (its text)"),
        (None, Some(source)) => match answer::source_text(&source) {
            Ok(text) => ("<source>.charter".to_owned(), text.to_owned()),
            Err(error) => return error,
        },
        (Some(path), None) => match files::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => (files::display_path(&path), text),
                Err(_) => {
                    return answer::error(format!(
                        "`{}` is not UTF-8; `check` shows where",
                        path.display()
                    ));
                }
            },
            Err(message) => return answer::error(message),
        },
    };
    match crate::fmt::format_file(FileId::default(), &text) {
        Ok(formatted) => answer::structured(json!({
            "changed": formatted != text,
            "formatted": formatted,
        })),
        Err(diagnostics) => {
            let mut sources = Sources::new();
            sources.insert(FileId::default(), name.as_str(), text.as_str());
            answer::error_with(
                "the file has syntax errors and was not formatted",
                json!({ "diagnostics": answer::diagnostics_in(&sources, &diagnostics) }),
            )
        }
    }
}
