//! The main loop: notifications change the session on this thread, in
//! order; requests run on worker threads against a snapshot, so a slow
//! request never delays an edit, and an edit cancels the requests still
//! running on the old text (they answer `ContentModified`).

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::InitializeParams;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::session::{Session, Snapshot};
use super::transport::Transport;
use super::{capabilities, notifications, requests};

/// What a request handler returns: a result, or an LSP error.
pub type Outcome<T> = Result<T, RequestError>;

#[derive(Debug)]
pub struct RequestError {
    pub code: i32,
    pub message: String,
}

impl RequestError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidParams as i32,
            message: message.into(),
        }
    }

    /// A refusal the user should read (an invalid new name for rename).
    pub fn refused(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::RequestFailed as i32,
            message: message.into(),
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// Runs requests on a fixed number of threads.
struct Workers {
    jobs: Option<mpsc::Sender<Job>>,
    threads: Vec<JoinHandle<()>>,
}

impl Workers {
    fn new(count: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = (0..count)
            .map(|_| {
                let queue = queue.clone();
                std::thread::spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
            })
            .collect();
        Self {
            jobs: Some(jobs),
            threads,
        }
    }

    fn spawn(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.jobs = None;
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

pub struct Server {
    pub session: Session,
    pub sender: Sender<Message>,
    pub client: ClientInfo,
    /// What each open document's diagnostics were when last pushed, so an
    /// edit re-sends only the documents whose diagnostics changed.
    pub published: std::collections::HashMap<lsp_types::Url, Vec<lsp_types::Diagnostic>>,
    workers: Workers,
}

/// What the server needs to remember about the client's capabilities.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub watches_files: bool,
}

/// Runs the server on stdin/stdout until the client says `exit` or goes away.
pub fn run_stdio(discover: super::Discover) -> u8 {
    let transport = Transport::stdio();
    let code = match serve(&transport, discover) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("charter lsp: {message}");
            1
        }
    };
    transport.join();
    code
}

/// The whole protocol on one connection, from `initialize` to `exit`.
pub fn serve(transport: &Transport, discover: super::Discover) -> Result<(), String> {
    let Some(params) = initialize(transport)? else {
        return Ok(());
    };
    let root = root_of(&params);
    let client = ClientInfo {
        watches_files: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
    };
    let mut server = Server {
        session: Session::new(root.clone()),
        sender: transport.sender.clone(),
        client,
        published: Default::default(),
        workers: Workers::new(2),
    };
    server.after_initialize(root, discover);
    server.main_loop(transport)
}

/// Answers requests before `initialize` with "not initialized", as the
/// protocol requires, and returns the client's parameters.
fn initialize(transport: &Transport) -> Result<Option<InitializeParams>, String> {
    for message in &transport.receiver {
        match message {
            Message::Request(request) if request.method == "initialize" => {
                let params: InitializeParams = match serde_json::from_value(request.params) {
                    Ok(params) => params,
                    Err(error) => {
                        let response = Response::new_err(
                            request.id,
                            ErrorCode::InvalidParams as i32,
                            format!("invalid initialize parameters: {error}"),
                        );
                        let _ = transport.sender.send(response.into());
                        continue;
                    }
                };
                let result = capabilities::initialize_result();
                let response = Response::new_ok(request.id, result);
                transport
                    .sender
                    .send(response.into())
                    .map_err(|_| "the client went away".to_owned())?;
                return Ok(Some(params));
            }
            Message::Request(request) => {
                let response = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".into(),
                );
                let _ = transport.sender.send(response.into());
            }
            Message::Notification(n) if n.method == "exit" => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

fn root_of(params: &InitializeParams) -> Option<std::path::PathBuf> {
    #[allow(deprecated)]
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| params.root_uri.clone());
    // The folder the editor opened is the one scanned for specs; each file's
    // own workspace root (its nearest `charter.toml` or `.git`) still decides
    // its settings and where its imports may reach.
    uri.and_then(|u| u.to_file_path().ok())
}

impl Server {
    fn after_initialize(&mut self, root: Option<std::path::PathBuf>, discover: super::Discover) {
        if let Some(root) = root {
            let (files, _) = discover(&[root]);
            // Bounded: a huge checkout is indexed up to this many files.
            self.session
                .scan_workspace(files.into_iter().take(2_000).collect());
        }
        if self.client.watches_files {
            notifications::did_change_watched_files::register(self);
        }
        if let Some(message) = self.session.config_error.clone() {
            self.show_error(message);
        }
    }

    fn main_loop(&mut self, transport: &Transport) -> Result<(), String> {
        let mut shutting_down = false;
        for message in &transport.receiver {
            match message {
                Message::Request(request) => {
                    if shutting_down {
                        self.reply_error(
                            request.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".into(),
                        );
                    } else if request.method == "shutdown" {
                        shutting_down = true;
                        self.send(Response::new_ok(request.id, ()).into());
                    } else {
                        self.on_request(request);
                    }
                }
                Message::Notification(notification) => {
                    if notification.method == "exit" {
                        return Ok(());
                    }
                    if notification.method == super::transport::INVALID_MESSAGE {
                        self.reply_error(
                            RequestId::from(String::new()),
                            super::transport::PARSE_ERROR,
                            notification
                                .params
                                .as_str()
                                .unwrap_or("invalid message")
                                .to_owned(),
                        );
                        continue;
                    }
                    self.on_notification(notification);
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn on_notification(&mut self, notification: Notification) {
        // A panic in a handler is a bug; it must not take the server down
        // with the user's unsaved work in the editor.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            notifications::dispatch(self, notification)
        }));
        if outcome.is_err() {
            self.show_error("charter lsp: internal error while handling a notification".into());
        }
    }

    fn on_request(&mut self, request: Request) {
        requests::dispatch(self, request);
    }

    /// Parses the parameters here, then runs `handler` on a worker with a
    /// snapshot; a cancelled snapshot answers `ContentModified`.
    pub fn spawn<R>(
        &self,
        request: Request,
        handler: fn(&Snapshot, R::Params) -> Outcome<R::Result>,
    ) where
        R: lsp_types::request::Request,
        R::Params: DeserializeOwned + Send + 'static,
        R::Result: Serialize,
    {
        let id = request.id.clone();
        let params: R::Params = match serde_json::from_value(request.params) {
            Ok(params) => params,
            Err(error) => {
                self.reply_error(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("invalid parameters for {}: {error}", R::METHOD),
                );
                return;
            }
        };
        let snapshot = self.session.snapshot();
        let sender = self.sender.clone();
        self.workers.spawn(Box::new(move || {
            let response = run_request::<R>(id, snapshot, params, handler);
            let _ = sender.send(response.into());
        }));
    }

    pub fn send(&self, message: Message) {
        // Fails only when the client went away; the main loop then ends.
        let _ = self.sender.send(message);
    }

    pub fn reply_error(&self, id: RequestId, code: i32, message: String) {
        self.send(Response::new_err(id, code, message).into());
    }

    pub fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params)
    where
        N::Params: Serialize,
    {
        self.send(Notification::new(N::METHOD.to_owned(), params).into());
    }

    pub fn show_error(&self, message: String) {
        self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message,
        });
    }
}

/// Runs one request to a response, whatever happens inside.
pub fn run_request<R>(
    id: RequestId,
    snapshot: Snapshot,
    params: R::Params,
    handler: fn(&Snapshot, R::Params) -> Outcome<R::Result>,
) -> Response
where
    R: lsp_types::request::Request,
    R::Result: Serialize,
{
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        salsa::Cancelled::catch(AssertUnwindSafe(|| handler(&snapshot, params)))
    }));
    drop(snapshot);
    match outcome {
        Ok(Ok(Ok(result))) => Response::new_ok(id, result),
        Ok(Ok(Err(error))) => Response::new_err(id, error.code, error.message),
        Ok(Err(_cancelled)) => Response::new_err(
            id,
            ErrorCode::ContentModified as i32,
            "the document changed while the request ran".into(),
        ),
        Err(_panic) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("internal error in {}", R::METHOD),
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use lsp_types::request::HoverRequest;
    use lsp_types::{HoverParams, Position, TextDocumentIdentifier, TextDocumentPositionParams};

    use super::*;

    /// A request still running on the old text when an edit arrives is
    /// cancelled by the edit and answers `ContentModified`.
    #[test]
    fn an_edit_cancels_a_running_request_with_content_modified() {
        let uri = lsp_types::Url::parse("untitled:cancel").unwrap();
        let mut session = Session::new(None);
        session.open(uri.clone(), "spec s {}\n".into(), 1);
        let params = HoverParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: uri.clone() },
                position: Position::new(0, 0),
            },
            work_done_progress_params: Default::default(),
        };
        let snapshot = session.snapshot();
        let worker = std::thread::spawn(move || {
            // A request that runs until salsa cancels it.
            run_request::<HoverRequest>(RequestId::from(7), snapshot, params, |snapshot, _| {
                loop {
                    salsa::Database::unwind_if_revision_cancelled(&snapshot.db);
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        });
        std::thread::sleep(Duration::from_millis(20));
        // Blocks until the snapshot is dropped, which the cancellation causes.
        session.change(&uri, "spec t {}\n".into(), 2);
        let response = worker.join().unwrap();
        let error = response.error.expect("an error response");
        assert_eq!(error.code, ErrorCode::ContentModified as i32);
    }
}
