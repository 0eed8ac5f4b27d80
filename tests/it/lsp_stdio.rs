//! `charter lsp` over real pipes, fed what a broken or hostile client
//! sends: bodies that are not JSON, parameters of the wrong shape, unknown
//! methods, requests before `initialize`, and a client that goes away.
//! The server answers each with an error and keeps serving.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("charter lsp starts");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Client {
            child,
            stdin,
            stdout,
        }
    }

    fn raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.raw(message.to_string().as_bytes());
    }

    fn receive(&mut self) -> Value {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "server closed stdout"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        std::io::Read::read_exact(&mut self.stdout, &mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The response to request `id`, skipping notifications.
    fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
        }
    }

    fn initialize(&mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
        let response = self.response(1);
        assert!(
            response["result"]["capabilities"]["hoverProvider"]
                .as_bool()
                .unwrap()
        );
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn wait(mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the server did not exit");
    }
}

#[test]
fn bad_input_gets_errors_and_the_server_keeps_serving() {
    let mut client = Client::start();
    // Before initialize: "not initialized".
    client.send(json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {}}));
    assert_eq!(client.response(7)["error"]["code"], -32002);
    client.initialize();

    // A body that is not JSON, and JSON that is not a message: parse errors.
    client.raw(b"{this is not json");
    assert_eq!(client.receive()["error"]["code"], -32700);
    client.raw(b"[1, 2, 3]");
    assert_eq!(client.receive()["error"]["code"], -32700);

    // Parameters of the wrong shape: invalid params.
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": 3}}));
    assert_eq!(client.response(2)["error"]["code"], -32602);
    // An unknown method: method not found.
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "charter/nothing", "params": null}));
    assert_eq!(client.response(3)["error"]["code"], -32601);
    // A notification with bad parameters and an unknown notification: ignored.
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"x": 1}}));
    client.send(json!({"jsonrpc": "2.0", "method": "charter/whatever", "params": {}}));

    // Still serving: open a document and get its diagnostics.
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "untitled:Spec-1", "languageId": "charter", "version": 1, "text": "spec s { agent a { task t { after x.y } } }"}}}));
    let published = loop {
        let message = client.receive();
        if message["method"] == "textDocument/publishDiagnostics" {
            break message;
        }
    };
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"E001"), "{codes:?}");

    // A clean shutdown.
    client.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown", "params": null}));
    assert!(client.response(4)["error"].is_null());
    client.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    assert!(client.wait().success());
}

#[test]
fn a_client_that_vanishes_ends_the_server_quietly() {
    let mut client = Client::start();
    client.initialize();
    client.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "untitled:a", "languageId": "charter", "version": 1, "text": "spec s {}"}}}),
    );
    // No shutdown, no exit: stdin just closes.
    let status = client.wait();
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
}
