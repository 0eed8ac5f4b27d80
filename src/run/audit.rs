//! The hash-chained audit log: one JSON object per line, each holding the
//! SHA-256 of the line before it (`prev`) and its position (`seq`), so an
//! edited, removed or reordered line breaks the chain where it happened.
//!
//! A record is appended and flushed to disk before the step's effect is
//! relied on. A kill in the middle of an append can leave a torn last line;
//! reopening the log cuts it off (it was never relied on) and the chain goes
//! on from the last whole line.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::plan::sha256_hex;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub seq: u64,
    pub time: String,
    pub run: String,
    pub spec: String,
    pub plan_sha256: String,
    pub task: Option<String>,
    pub step: String,
    pub outcome: String,
    pub detail: String,
    pub commit: Option<String>,
    pub prev: Option<String>,
}

/// What a step records; the log adds the rest.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub task: Option<String>,
    pub step: &'static str,
    pub outcome: &'static str,
    pub detail: String,
    pub commit: Option<String>,
}

pub struct AuditLog {
    path: PathBuf,
    file: File,
    next_seq: u64,
    prev: Option<String>,
    run: String,
    spec: String,
    plan_sha256: String,
}

impl AuditLog {
    /// Opens (or creates) the log of a run, repairing a torn last line.
    pub fn open(path: &Path, run: &str, spec: &str, plan_sha256: &str) -> Result<AuditLog, String> {
        let shown = path.display();
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("cannot open the audit log {shown}: {e}"))?;
        let text = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if whole < text.len() {
            file.set_len(whole as u64)
                .map_err(|e| format!("cannot repair {shown}: {e}"))?;
            file.seek(SeekFrom::End(0))
                .map_err(|e| format!("cannot repair {shown}: {e}"))?;
        }
        let mut next_seq = 1;
        let mut prev = None;
        if let Some(last) = text[..whole]
            .split(|&b| b == b'\n')
            .rfind(|l| !l.is_empty())
        {
            let record: Record = serde_json::from_slice(last)
                .map_err(|e| format!("the last line of {shown} is not a record: {e}"))?;
            next_seq = record.seq + 1;
            prev = Some(sha256_hex(last));
        }
        Ok(AuditLog {
            path: path.to_path_buf(),
            file,
            next_seq,
            prev,
            run: run.to_string(),
            spec: spec.to_string(),
            plan_sha256: plan_sha256.to_string(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record and flushes it to disk.
    pub fn append(&mut self, entry: Entry) -> Result<Record, String> {
        let record = Record {
            seq: self.next_seq,
            time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            run: self.run.clone(),
            spec: self.spec.clone(),
            plan_sha256: self.plan_sha256.clone(),
            task: entry.task,
            step: entry.step.to_string(),
            outcome: entry.outcome.to_string(),
            detail: entry.detail,
            commit: entry.commit,
            prev: self.prev.clone(),
        };
        let line = serde_json::to_string(&record).map_err(|e| e.to_string())?;
        let mut bytes = line.clone().into_bytes();
        bytes.push(b'\n');
        self.file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| format!("cannot append to {}: {e}", self.path.display()))?;
        self.prev = Some(sha256_hex(line.as_bytes()));
        self.next_seq += 1;
        crate::run::crash_point();
        Ok(record)
    }
}

/// `charter audit verify LOG`: Ok(number of records) or the first broken
/// line (1-based) and why.
pub fn verify(path: &Path) -> Result<usize, (usize, String)> {
    let file = File::open(path).map_err(|e| (0, format!("cannot read {}: {e}", path.display())))?;
    let mut prev: Option<String> = None;
    let mut count = 0;
    let mut last_step = String::new();
    for (i, line) in BufReader::new(file).split(b'\n').enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| (n, format!("cannot read: {e}")))?;
        let record: Record =
            serde_json::from_slice(&line).map_err(|e| (n, format!("not an audit record: {e}")))?;
        if record.seq != n as u64 {
            return Err((
                n,
                format!(
                    "has seq {} where {n} belongs: a line was removed, added or moved",
                    record.seq
                ),
            ));
        }
        if record.prev != prev {
            // Sequence numbers are in order up to here, so the line before
            // no longer hashes to what this one recorded: it was edited (or
            // this line's `prev` was).
            return Err((
                (n - 1).max(1),
                format!("was edited: line {n} records a different SHA-256 for it"),
            ));
        }
        prev = Some(sha256_hex(&line));
        last_step = record.step;
        count = n;
    }
    if count == 0 {
        return Err((1, "the log is empty".into()));
    }
    if last_step != "run_finished" {
        return Err((
            count + 1,
            "is missing: the log ends without `run_finished` (the run is unfinished or paused, or its last lines were removed)".into(),
        ));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(step: &'static str) -> Entry {
        Entry {
            step,
            outcome: "ok",
            ..Entry::default()
        }
    }

    #[test]
    fn a_log_verifies_and_every_tampering_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, "r", "s", "h").unwrap();
        for step in ["run_started", "task_started", "committed", "run_finished"] {
            log.append(entry(step)).unwrap();
        }
        assert_eq!(verify(&path), Ok(4));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let write = |lines: Vec<String>| {
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            verify(&path).unwrap_err().0
        };
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut edited = own(&lines);
        edited[1] = edited[1].replace("\"ok\"", "\"failed\"");
        assert_eq!(write(edited), 2);
        let mut removed = own(&lines);
        removed.remove(2);
        assert_eq!(write(removed), 3);
        let mut swapped = own(&lines);
        swapped.swap(1, 2);
        assert_eq!(write(swapped), 2);
        let mut truncated = own(&lines);
        truncated.pop();
        assert_eq!(write(truncated), 4);
    }

    #[test]
    fn a_torn_last_line_is_cut_off_on_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut log = AuditLog::open(&path, "r", "s", "h").unwrap();
        log.append(entry("run_started")).unwrap();
        drop(log);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"seq\":2,\"ti").unwrap();
        let mut log = AuditLog::open(&path, "r", "s", "h").unwrap();
        log.append(entry("run_finished")).unwrap();
        assert_eq!(verify(&path), Ok(2));
    }
}
