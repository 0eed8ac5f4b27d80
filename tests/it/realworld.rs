//! The real-world corpus: public specs written for AI coding agents, each
//! translated into one `.charter` file under `tests/realworld/` with its
//! flaws kept (sources in `tests/realworld/README.md`). A reviewer wrote the
//! findings each spec deserves as `// expect: CODE …` at the end of the line
//! where the problem is, before the tool was run on it.
//!
//! A finding matches an expectation of its code on any line that its primary
//! span or one of its labels covers; each expectation is matched at most
//! once. Precision and recall are then counted per code over the corpus,
//! printed as a table, and held above the thresholds below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use charter::check::check_file;
use charter::db::Database;
use charter::text::LineIndex;

/// Below these the test fails: over every code together, and for each code
/// with at least `MIN_SUPPORT` expectations or findings.
const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.9;
const MIN_CODE_PRECISION: f64 = 0.75;
const MIN_CODE_RECALL: f64 = 0.75;
const MIN_SUPPORT: usize = 2;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/realworld exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "charter"))
        .collect();
    files.sort();
    files
}

/// `(line, code)` for every `// expect: A B` annotation, 1-based lines.
fn expectations(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("// expect:") {
            for code in line[at + "// expect:".len()..].split_whitespace() {
                out.push((i + 1, code.to_owned()));
            }
        }
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn corpus_precision_and_recall() {
    let files = corpus();
    assert!(files.len() >= 10, "the corpus holds at least 10 specs");
    let mut counts: BTreeMap<String, Count> = BTreeMap::new();
    let mut misses = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let index = LineIndex::new(&text);
        let line = |offset: usize| index.line_col(&text, offset).line;
        let db = Database::new();
        let source = db.file(path);
        let diagnostics = check_file(&db, source).clone();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut open: Vec<Option<(usize, String)>> =
            expectations(&text).into_iter().map(Some).collect();
        for d in &diagnostics {
            let code = d.rule.code;
            assert!(
                !code.starts_with('S') && !code.starts_with('E'),
                "{name}: the translation must check without syntax or meaning errors: {code} {}",
                d.message
            );
            let mut places = vec![(line(d.span.start()), line(d.span.end()))];
            places.extend(
                d.labels
                    .iter()
                    .filter(|l| l.file == d.file)
                    .map(|l| (line(l.span.start()), line(l.span.end()))),
            );
            let hit = open.iter_mut().find(|e| {
                e.as_ref().is_some_and(|(l, c)| {
                    c == code && places.iter().any(|(a, b)| (*a..=*b).contains(l))
                })
            });
            let count = counts.entry(code.to_owned()).or_default();
            match hit {
                Some(slot) => {
                    *slot = None;
                    count.tp += 1;
                }
                None => {
                    count.fp += 1;
                    misses.push(format!(
                        "{name}:{}: unexpected {code}: {}",
                        places[0].0, d.message
                    ));
                }
            }
        }
        for (l, code) in open.into_iter().flatten() {
            counts.entry(code.clone()).or_default().fn_ += 1;
            misses.push(format!("{name}:{l}: expected {code}, not reported"));
        }
    }
    let mut table = String::from(
        "| code | expected | found | TP | FP | FN | precision | recall |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut total = Count::default();
    let mut failures = Vec::new();
    for (code, c) in &counts {
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        table.push_str(&format!(
            "| {code} | {} | {} | {} | {} | {} | {:.2} | {:.2} |\n",
            c.tp + c.fn_,
            c.tp + c.fp,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        ));
        let support = (c.tp + c.fn_).max(c.tp + c.fp);
        if support >= MIN_SUPPORT
            && (c.precision() < MIN_CODE_PRECISION || c.recall() < MIN_CODE_RECALL)
        {
            failures.push(format!("{code} below the per-code thresholds"));
        }
    }
    table.push_str(&format!(
        "| all | {} | {} | {} | {} | {} | {:.2} | {:.2} |\n",
        total.tp + total.fn_,
        total.tp + total.fp,
        total.tp,
        total.fp,
        total.fn_,
        total.precision(),
        total.recall()
    ));
    println!("{} specs\n{table}", files.len());
    for m in &misses {
        println!("{m}");
    }
    if total.precision() < MIN_PRECISION || total.recall() < MIN_RECALL {
        failures.push("overall precision or recall below the thresholds".to_owned());
    }
    assert!(failures.is_empty(), "{failures:?}\n{table}");
}
