//! The `init` tool: a new spec from a standard template.

use std::io::Write;
use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::json;

use super::answer;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// A template of the standard library (`refactor`, `migration`, `subsystem`, …); none for a plain spec.
    template: Option<String>,
    /// The spec's name (default: from `path`, else `spec`).
    name: Option<String>,
    /// Create this file with the new spec (refused if it exists).
    path: Option<PathBuf>,
}

pub fn call(args: Args) -> CallToolResult {
    let stem = args
        .name
        .or_else(|| {
            args.path
                .as_ref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "spec".to_owned());
    let text = match crate::workspace::new_spec::new_spec(args.template.as_deref(), &stem) {
        Ok(text) => text,
        Err(message) => return answer::error(message),
    };
    if let Some(path) = &args.path {
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = created {
            return answer::error(format!(
                "cannot create `{}`: {e} (init never overwrites a file)",
                path.display()
            ));
        }
    }
    answer::structured(json!({
        "text": text,
        "path": args.path.map(|p| p.to_string_lossy().into_owned()),
    }))
}
