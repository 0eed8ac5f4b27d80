//! Notifications from the client, one module each. They run on the main
//! thread, in order, and end by pushing the diagnostics that changed.

pub mod did_change;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod did_save;

use lsp_server::Notification;
use lsp_types::Url;
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use serde::de::DeserializeOwned;

use super::server::Server;

pub fn dispatch(server: &mut Server, notification: Notification) {
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => run(server, notification, did_open::handle),
        DidChangeTextDocument::METHOD => run(server, notification, did_change::handle),
        DidSaveTextDocument::METHOD => run(server, notification, did_save::handle),
        DidCloseTextDocument::METHOD => run(server, notification, did_close::handle),
        DidChangeWatchedFiles::METHOD => {
            run(server, notification, did_change_watched_files::handle)
        }
        // `$/cancelRequest` needs nothing: an edit cancels stale requests,
        // and the others finish quickly. Unknown notifications are ignored,
        // as the protocol asks.
        _ => {}
    }
}

fn run<P: DeserializeOwned>(
    server: &mut Server,
    notification: Notification,
    handler: fn(&mut Server, P),
) {
    match serde_json::from_value::<P>(notification.params) {
        Ok(params) => handler(server, params),
        Err(error) => server.show_error(format!(
            "charter lsp: invalid parameters for {}: {error}",
            notification.method
        )),
    }
}

/// Re-checks every open document and pushes the diagnostics of `changed`
/// and of every document whose diagnostics differ from the last push (the
/// files that import a changed file, say).
pub fn publish_diagnostics(server: &mut Server, changed: Option<&Url>) {
    let snapshot = server.session.snapshot();
    let mut out = Vec::new();
    for (uri, document) in snapshot.documents() {
        let params = super::diagnostics::publish(
            &snapshot,
            uri.clone(),
            document.file,
            Some(document.version),
        );
        if Some(uri) == changed || server.published.get(uri) != Some(&params.diagnostics) {
            server
                .published
                .insert(uri.clone(), params.diagnostics.clone());
            out.push(params);
        }
    }
    drop(snapshot);
    for params in out {
        server.notify::<PublishDiagnostics>(params);
    }
}
