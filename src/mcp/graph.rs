//! The `graph` tool: the task graph for people, drawn even with errors.

use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::json;

use super::answer;
use crate::semantic::schedule::Schedule;
use crate::workspace::spec as spec_input;

#[derive(Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Drawing {
    #[default]
    Mermaid,
    Dot,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The `.charter` file holding the spec.
    path: PathBuf,
    /// Which spec to draw when the file defines several.
    spec: Option<String>,
    /// `mermaid` (default) or `dot`.
    #[serde(default)]
    format: Drawing,
}

pub fn call(args: Args) -> CallToolResult {
    let loaded = match spec_input::load(&args.path) {
        Ok(loaded) => loaded,
        Err((message, _)) => return answer::error(message),
    };
    let spec = match loaded.spec(args.spec.as_deref()) {
        Ok(spec) => spec,
        Err((message, _)) => return answer::error(message),
    };
    let schedule = Schedule::of(spec);
    let conflicts = crate::lints::conflicting_tasks(&loaded.db, spec, &schedule);
    let (graph, format) = match args.format {
        Drawing::Mermaid => (crate::plan::mermaid(spec, &schedule, &conflicts), "mermaid"),
        Drawing::Dot => (crate::plan::dot(spec, &schedule, &conflicts), "dot"),
    };
    answer::structured(json!({
        "graph": graph,
        "format": format,
        "diagnostics": answer::diagnostics(&loaded.db, &loaded.diagnostics),
    }))
}
