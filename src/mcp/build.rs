//! The `build` tool: a spec's plan, refused while errors stand.

use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::{Value, json};

use super::answer;
use crate::semantic::schedule::Schedule;
use crate::workspace::spec as spec_input;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The `.charter` file holding the spec.
    path: PathBuf,
    /// Which spec to compile when the file defines several.
    spec: Option<String>,
}

pub fn call(args: Args) -> CallToolResult {
    let loaded = match spec_input::load(&args.path) {
        Ok(loaded) => loaded,
        Err((message, _)) => return answer::error(message),
    };
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        return answer::error_with(
            "the plan was not built: fix the errors first",
            json!({ "diagnostics": answer::diagnostics(&loaded.db, &loaded.diagnostics) }),
        );
    }
    let spec = match loaded.spec(args.spec.as_deref()) {
        Ok(spec) => spec,
        Err((message, _)) => return answer::error(message),
    };
    let schedule = Schedule::of(spec);
    let plan = crate::plan::compile(spec, &schedule, &loaded.plan_sources());
    let plan: Value =
        serde_json::from_str(&crate::plan::to_json(&plan)).expect("the plan serialises to JSON");
    answer::structured(json!({
        "plan": plan,
        "diagnostics": answer::diagnostics(&loaded.db, &loaded.diagnostics),
    }))
}
