//! The MCP service: one tool per module, routed by rmcp's macros.

use rmcp::handler::server::common::schema_for_type;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{CallToolResult, Implementation, JsonObject, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};

use super::{answer, build, check, explain, format, graph, init};

#[derive(Clone)]
pub struct CharterServer {
    tool_router: ToolRouter<Self>,
}

/// The tools take their arguments as a JSON object and read them with serde
/// themselves (`answer::arguments`), so a wrong argument is a tool error the
/// agent sees, not a protocol error; the schema they advertise is still the
/// one of their argument type.
#[tool_router]
impl CharterServer {
    pub fn new() -> Self {
        Self {
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Check Charter specs: syntax, types and every lint. Give `paths` (files or directories, relative to the server's working directory) or `source` (the text of one file). Answers {diagnostics, files_checked, errors, warnings}; each diagnostic is as `charter check --format json` prints it (code, name, severity, message, path, range, labels, help, notes), so a C001 conflict names the witness path its two tasks may both write.",
        input_schema = schema_for_type::<check::Args>()
    )]
    fn check(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, check::call)
    }

    #[tool(
        description = "A diagnostic's documentation page, by code (`C001`) or name (`concurrent-write-overlap`): what it checks, why it matters, an example that fires and the fix. Without `code`, the list of every rule with its default level.",
        input_schema = schema_for_type::<explain::Args>()
    )]
    fn explain(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, explain::call)
    }

    #[tool(
        description = "Format a Charter file in the canonical layout, keeping every comment. Give `path` or `source`; answers {formatted, changed}. Never writes a file. A file with a syntax error is refused with its diagnostics.",
        input_schema = schema_for_type::<format::Args>()
    )]
    fn format(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, format::call)
    }

    #[tool(
        description = "Compile the spec in `path` to its JSON task plan (charter.plan/v1: stages of tasks that may run in parallel, write scopes, checks, approvals). Refused, with the diagnostics, while any error stands. `spec` picks one spec when the file defines several.",
        input_schema = schema_for_type::<build::Args>()
    )]
    fn build(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, build::call)
    }

    #[tool(
        description = "Draw the task graph of the spec in `path` (mermaid or dot): tasks by agent, `after` edges, stages, contracts, conflicting pairs. Drawn even when the spec has errors; answers {graph, format, diagnostics}.",
        input_schema = schema_for_type::<graph::Args>()
    )]
    fn graph(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, graph::call)
    }

    #[tool(
        description = "Start a new spec from a standard template (`refactor`, `migration`, `subsystem`, …) with every required section and \"<…>\" placeholders that `check` points at. Answers {text}; with `path`, also creates that file (never overwrites one).",
        input_schema = schema_for_type::<init::Args>()
    )]
    fn init(&self, arguments: JsonObject) -> CallToolResult {
        answer::arguments(arguments).map_or_else(|e| e, init::call)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for CharterServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("charter", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Charter checks engineering specs for AI coding agents (`.charter` files). \
             Write or edit a spec, run `check` until it reports no error, use `explain CODE` \
             to understand a finding, `format` for the canonical layout, and `build` for the \
             task plan.",
            )
    }
}

pub async fn serve_stdio() -> Result<(), String> {
    let service = CharterServer::new()
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("the MCP session did not start: {e}"))?;
    service
        .waiting()
        .await
        .map(|_| ())
        .map_err(|e| format!("the MCP server stopped: {e}"))
}
