//! `workspace/didChangeWatchedFiles`: specs and `charter.toml` changed on
//! disk, outside the editor.

use lsp_server::{Message, Request, RequestId};
use lsp_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileChangeType,
    FileSystemWatcher, GlobPattern, Registration, RegistrationParams,
};

use crate::lsp::server::Server;

/// Asks the client to report changes to specs and to `charter.toml`.
pub fn register(server: &Server) {
    let watchers = ["**/*.charter", "**/charter.toml"]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.into()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "charter-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    server.send(Message::Request(Request::new(
        RequestId::from("charter-register-watchers".to_owned()),
        "client/registerCapability".into(),
        params,
    )));
}

pub fn handle(server: &mut Server, params: DidChangeWatchedFilesParams) {
    let mut config = false;
    let mut created_or_deleted = false;
    let mut changed = Vec::new();
    for event in params.changes {
        if event.uri.path().ends_with("/charter.toml") {
            config = true;
        } else if event.typ == FileChangeType::CHANGED {
            changed.push(event.uri);
        } else {
            created_or_deleted = true;
        }
    }
    if created_or_deleted || !changed.is_empty() {
        // Every file the database knows is read again: a changed import, and
        // one that was missing and now exists (or the reverse), each update
        // their input and re-run exactly what read them.
        server.session.reload_from_disk();
    }
    if config {
        config_changed(server);
    } else {
        super::publish_diagnostics(server, None);
    }
}

/// `charter.toml` changed: new levels for every file.
pub fn config_changed(server: &mut Server) {
    server.session.reload_config();
    if let Some(message) = server.session.config_error.clone() {
        server.show_error(message);
    }
    super::publish_diagnostics(server, None);
}
