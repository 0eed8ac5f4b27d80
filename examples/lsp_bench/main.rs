//! The language server's latency figures, measured through a real
//! `charter lsp` process over pipes, as an editor sees them.
//!
//! ```sh
//! cargo run --release --example lsp_bench -- [--runs N] [--charter PATH]
//! ```
//!
//! Prints, as median and 90th percentile over `--runs` edits or requests:
//! `didChange` → `publishDiagnostics` on a 5,000-line spec and on a
//! one-line edit in a spec with 1,000 concurrent agents (targets ≤ 20 ms),
//! and hover, completion and definition latency (targets ≤ 5 ms). It is
//! not a test: the figures go in the README.

#[path = "../bench/generator.rs"]
#[allow(dead_code)]
mod generator;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start(charter: &PathBuf) -> Result<Server, String> {
        let mut child = Command::new(charter)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", charter.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(Server {
            child,
            stdin,
            stdout,
            next_id: 1,
        })
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("write to the server: {e}"))
    }

    fn receive(&mut self) -> Result<Value, String> {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            let n = self
                .stdout
                .read_line(&mut line)
                .map_err(|e| format!("read from the server: {e}"))?;
            if n == 0 {
                return Err("the server closed its output".into());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().map_err(|_| "bad Content-Length")?;
            }
        }
        let mut body = vec![0; length];
        std::io::Read::read_exact(&mut self.stdout, &mut body).map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        loop {
            let message = self.receive()?;
            if message["id"] == json!(id) {
                if !message["error"].is_null() {
                    return Err(format!("{method} failed: {}", message["error"]));
                }
                return Ok(message["result"].clone());
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Waits for the diagnostics of `uri` at `version`; returns how many there were.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Result<usize, String> {
        loop {
            let message = self.receive()?;
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == json!(version)
            {
                return Ok(message["params"]["diagnostics"]
                    .as_array()
                    .map_or(0, Vec::len));
            }
        }
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn cpu(figures: &Figures) -> String {
    figures.cpu_per_edit.map_or(String::new(), |d| {
        format!("   server CPU {:6.2} ms/edit", d.as_secs_f64() * 1000.0)
    })
}

/// Median and 90th percentile, in milliseconds.
fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
    format!("median {:7.2} ms   p90 {:7.2} ms", ms(median), ms(p90))
}

/// The position of the first `needle` (ASCII text), plus `offset` columns.
fn position(text: &str, needle: &str, offset: usize) -> Value {
    let at = text.find(needle).unwrap_or(0) + offset;
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

struct Figures {
    edits: Vec<Duration>,
    findings: usize,
    /// The server's CPU time per edit (user + system), which unlike the
    /// wall-clock figures does not grow when other processes share the CPU.
    cpu_per_edit: Option<Duration>,
}

/// A process's CPU time so far, from `/proc` (Linux; `None` elsewhere).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports in USER_HZ, 100 per second on every mainstream platform.
    Some(Duration::from_millis(ticks * 10))
}

/// Opens `text` and times `runs` one-line edits to their diagnostics.
fn edit_loop(server: &mut Server, uri: &str, text: &str, runs: usize) -> Result<Figures, String> {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "charter", "version": 0, "text": text}}),
    )?;
    server.diagnostics(uri, 0)?;
    let cpu_before = cpu_time(server.child.id());
    let mut edits = Vec::new();
    let mut findings = 0;
    for run in 1..=runs {
        let edited = generator::edit_one_line(text, run);
        let version = run as i64;
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": edited}]}),
        )?;
        findings = server.diagnostics(uri, version)?;
        edits.push(started.elapsed());
    }
    let cpu_per_edit = cpu_time(server.child.id())
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before) / runs as u32);
    Ok(Figures {
        edits,
        findings,
        cpu_per_edit,
    })
}

/// The database's share of an edit: `set_text` then `check_file` on the
/// same spec in this process, without the protocol around it.
fn in_process(text: &str, runs: usize) -> Vec<Duration> {
    use charter::check::check_file;
    use charter::db::{Database, Origin};
    let mut db = Database::new();
    let file = db.add_file("bench.charter", text.as_bytes(), Origin::User);
    let _ = check_file(&db, file);
    (1..=runs)
        .map(|run| {
            let edited = generator::edit_one_line(text, run);
            let started = Instant::now();
            db.set_text(file, edited);
            let _ = check_file(&db, file);
            started.elapsed()
        })
        .collect()
}

fn time_requests(
    server: &mut Server,
    runs: usize,
    method: &str,
    params: &Value,
) -> Result<Vec<Duration>, String> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let result = server.request(method, params.clone())?;
        times.push(started.elapsed());
        if result.is_null() {
            return Err(format!("{method} returned nothing"));
        }
    }
    Ok(times)
}

fn run(charter: &PathBuf, runs: usize) -> Result<(), String> {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "{cores} cores, load average {}",
            load.split_whitespace().next().unwrap_or("?")
        );
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir.path().join(".git")).map_err(|e| e.to_string())?;
    let root = dir.path().canonicalize().map_err(|e| e.to_string())?;
    let uri_of = |name: &str| format!("file://{}/{name}", root.display());

    let mut server = Server::start(charter)?;
    server.request(
        "initialize",
        json!({"capabilities": {}, "rootUri": format!("file://{}", root.display())}),
    )?;
    server.notify("initialized", json!({}))?;

    // A 5,000-line spec: 1,245 agents of four lines each, plus the header.
    let long = generator::wide_spec(1_245, 2, 0);
    let long_uri = uri_of("long.charter");
    let long_figures = edit_loop(&mut server, &long_uri, &long, runs)?;
    println!(
        "didChange → publishDiagnostics, {}-line spec:            {}{}  ({} findings)",
        long.lines().count(),
        summary(long_figures.edits.clone()),
        cpu(&long_figures),
        long_figures.findings
    );
    println!(
        "  of which the database (set_text + check_file, in-process): {}",
        summary(in_process(&long, runs))
    );

    // 1,000 concurrent agents (C001's worst case), one-line edit.
    let wide = generator::wide_spec(1_000, 2, 0);
    let wide_uri = uri_of("wide.charter");
    let wide_figures = edit_loop(&mut server, &wide_uri, &wide, runs)?;
    println!(
        "didChange → publishDiagnostics, 1,000 concurrent agents:   {}{}  ({} findings)",
        summary(wide_figures.edits.clone()),
        cpu(&wide_figures),
        wide_figures.findings
    );

    println!(
        "  of which the database (set_text + check_file, in-process): {}",
        summary(in_process(&wide, runs))
    );

    let doc = json!({"uri": wide_uri});
    let hover = json!({"textDocument": doc, "position": position(&wide, "task port", 6)});
    println!(
        "hover (a task: scope, stage, neighbours), 1,000 agents:   {}",
        summary(time_requests(
            &mut server,
            runs,
            "textDocument/hover",
            &hover
        )?)
    );
    let completion = json!({"textDocument": doc,
        "position": position(&wide, "verify test.all", "verify test.".len())});
    println!(
        "completion (checks in scope), 1,000 agents:               {}",
        summary(time_requests(
            &mut server,
            runs,
            "textDocument/completion",
            &completion
        )?)
    );
    let definition = json!({"textDocument": doc,
        "position": position(&wide, "verify test.all", "verify test.a".len())});
    println!(
        "definition (test.all), 1,000 agents:                      {}",
        summary(time_requests(
            &mut server,
            runs,
            "textDocument/definition",
            &definition
        )?)
    );
    server.stop();
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 30usize;
    let mut charter = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/release/charter"
    ));
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match (arg.as_str(), iter.next()) {
            ("--runs", Some(n)) => runs = n.parse().unwrap_or(runs).max(1),
            ("--charter", Some(path)) => charter = PathBuf::from(path),
            _ => {
                eprintln!("usage: lsp_bench [--runs N] [--charter PATH]");
                return ExitCode::from(2);
            }
        }
    }
    if !charter.exists() {
        eprintln!("building {} …", charter.display());
        let built = Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "charter"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status();
        if !built.is_ok_and(|s| s.success()) {
            eprintln!("cannot build the charter binary");
            return ExitCode::FAILURE;
        }
    }
    match run(&charter, runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lsp_bench: {message}");
            ExitCode::FAILURE
        }
    }
}
