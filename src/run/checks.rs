//! Judging a check's result by its kind: `test`/`check` by the exit status,
//! `coverage` by LCOV on stdout (restricted to `of`) or else the last
//! percentage printed, `bench` by the last percentage printed (the
//! slowdown), `scan` by SARIF on stdout (severity as GitHub maps
//! `security-severity`) or else the exit status.

use crate::analysis::glob::Glob;
use crate::plan::input::Check;

use super::process::Ended;

/// The verdict on one run of a check, with what decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub passed: bool,
    pub detail: String,
}

pub fn judge(check: &Check, ended: Ended, output: &str) -> Verdict {
    // A scanner's SARIF decides even when it exits non-zero for findings
    // below the bar; a timeout or a crash fails every kind.
    let scan_sarif = check.kind == "scan" && matches!(ended, Ended::Exited(_));
    let decided_by_sarif = scan_sarif && sarif_worst(output).is_some();
    if !ended.success() && !decided_by_sarif {
        return Verdict {
            passed: false,
            detail: ended.describe(),
        };
    }
    match check.kind.as_str() {
        "coverage" => {
            let measured =
                lcov_percent(output, check.of.as_deref()).or_else(|| last_percent(output));
            let min = check.min_percent.unwrap_or(0.0);
            match measured {
                Some(p) => Verdict {
                    passed: p >= min,
                    detail: format!("coverage {p:.2}% (at least {min}%)"),
                },
                None => Verdict {
                    passed: false,
                    detail: "the command printed no LCOV report and no percentage".into(),
                },
            }
        }
        "bench" => {
            let max = check.max_regress_percent.unwrap_or(0.0);
            match last_percent(output) {
                Some(p) => Verdict {
                    passed: p <= max,
                    detail: format!("slowdown {p}% (at most {max}%)"),
                },
                None => Verdict {
                    passed: false,
                    detail: "the command printed no percentage".into(),
                },
            }
        }
        "scan" => match sarif_worst(output) {
            Some((count, worst)) => {
                let max = check
                    .max_severity
                    .as_deref()
                    .and_then(severity_rank)
                    .unwrap_or(0);
                let above = worst.is_some_and(|w| w > max);
                Verdict {
                    passed: !above,
                    detail: format!(
                        "{count} finding(s), worst {}",
                        worst.map_or("none", severity_name)
                    ),
                }
            }
            None => Verdict {
                passed: true,
                detail: "exit status 0 (no SARIF on stdout)".into(),
            },
        },
        _ => Verdict {
            passed: true,
            detail: "exit status 0".into(),
        },
    }
}

/// Line coverage from an LCOV report: the sum of `LH` over the sum of `LF`
/// for the files (`SF`) that match `of`, when set.
pub fn lcov_percent(output: &str, of: Option<&str>) -> Option<f64> {
    let glob = of.and_then(|g| Glob::parse(g).ok());
    let (mut hit, mut found, mut records) = (0u64, 0u64, 0usize);
    let mut included = true;
    for line in output.lines() {
        let line = line.trim();
        if let Some(path) = line.strip_prefix("SF:") {
            let path = path.trim_start_matches("./");
            included = glob.as_ref().is_none_or(|g| g.matches(path));
            records += 1;
        } else if let Some(n) = line.strip_prefix("LH:") {
            if included {
                hit += n.trim().parse::<u64>().unwrap_or(0);
            }
        } else if let Some(n) = line.strip_prefix("LF:")
            && included
        {
            found += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
    if records == 0 {
        return None;
    }
    Some(if found == 0 {
        100.0
    } else {
        hit as f64 * 100.0 / found as f64
    })
}

/// The last `NUMBER%` in the output.
pub fn last_percent(output: &str) -> Option<f64> {
    let bytes = output.as_bytes();
    let mut last = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'%' {
            continue;
        }
        let mut start = i;
        while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
            start -= 1;
        }
        if start > 0 && bytes[start - 1] == b'-' {
            start -= 1;
        }
        if let Ok(v) = output[start..i].parse::<f64>() {
            last = Some(v);
        }
    }
    last
}

const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];

fn severity_rank(name: &str) -> Option<u8> {
    SEVERITIES.iter().position(|s| *s == name).map(|i| i as u8)
}

fn severity_name(rank: u8) -> &'static str {
    SEVERITIES.get(rank as usize).copied().unwrap_or("critical")
}

/// GitHub's mapping of `security-severity`: ≥ 9.0 critical, ≥ 7.0 high,
/// ≥ 4.0 medium, else low.
fn from_score(score: f64) -> u8 {
    if score >= 9.0 {
        3
    } else if score >= 7.0 {
        2
    } else if score >= 4.0 {
        1
    } else {
        0
    }
}

fn score_of(properties: Option<&serde_json::Value>) -> Option<f64> {
    let v = properties?.get("security-severity")?;
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// For SARIF on stdout: the number of results and the worst severity.
/// A result's severity is its own `security-severity`, else its rule's,
/// else its `level` (`error` high, `warning` medium, otherwise low).
pub fn sarif_worst(output: &str) -> Option<(usize, Option<u8>)> {
    let doc: serde_json::Value = serde_json::from_str(output.trim()).ok()?;
    let runs = doc.get("runs")?.as_array()?;
    let (mut count, mut worst) = (0usize, None::<u8>);
    for run in runs {
        let rules = run
            .pointer("/tool/driver/rules")
            .and_then(|r| r.as_array())
            .cloned()
            .unwrap_or_default();
        for result in run
            .get("results")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            count += 1;
            let rule = result
                .get("ruleId")
                .and_then(|id| rules.iter().find(|r| r.get("id") == Some(id)));
            let score = score_of(result.get("properties"))
                .or_else(|| score_of(rule.and_then(|r| r.get("properties"))));
            let rank = match score {
                Some(s) => from_score(s),
                None => match result.get("level").and_then(|l| l.as_str()) {
                    Some("error") => 2,
                    Some("warning") => 1,
                    _ => 0,
                },
            };
            worst = Some(worst.map_or(rank, |w| w.max(rank)));
        }
    }
    Some((count, worst))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: &str) -> Check {
        Check {
            id: format!("{kind}.x"),
            kind: kind.into(),
            run: String::new(),
            timeout_s: 1.0,
            min_percent: Some(80.0),
            of: None,
            max_regress_percent: Some(5.0),
            max_severity: Some("medium".into()),
            before: None,
        }
    }

    #[test]
    fn coverage_reads_lcov_restricted_to_of_else_the_last_percentage() {
        let lcov = "SF:src/db/a.rs\nLH:9\nLF:10\nend_of_record\nSF:src/api/b.rs\nLH:0\nLF:10\nend_of_record\n";
        assert_eq!(lcov_percent(lcov, Some("src/db/**")), Some(90.0));
        assert_eq!(lcov_percent(lcov, None), Some(45.0));
        let mut c = check("coverage");
        c.of = Some("src/db/**".into());
        assert!(judge(&c, Ended::Exited(0), lcov).passed);
        c.of = None;
        assert!(!judge(&c, Ended::Exited(0), lcov).passed);
        assert!(judge(&c, Ended::Exited(0), "lines: 12% ... total 85.5%\n").passed);
        assert!(!judge(&c, Ended::Exited(1), "total 99%").passed);
    }

    #[test]
    fn bench_reads_the_last_percentage_as_the_slowdown() {
        let c = check("bench");
        assert!(judge(&c, Ended::Exited(0), "warmup 50%\nslowdown: 4.5%\n").passed);
        assert!(!judge(&c, Ended::Exited(0), "slowdown: 7%\n").passed);
        assert!(judge(&c, Ended::Exited(0), "faster: -3%\n").passed);
        assert!(!judge(&c, Ended::Exited(0), "no number").passed);
    }

    #[test]
    fn scan_maps_security_severity_as_github_does() {
        let c = check("scan");
        let sarif = |score: &str| {
            format!(
                r#"{{"version":"2.1.0","runs":[{{"tool":{{"driver":{{"name":"t","rules":[{{"id":"R1","properties":{{"security-severity":"{score}"}}}}]}}}},"results":[{{"ruleId":"R1","message":{{"text":"m"}}}}]}}]}}"#
            )
        };
        assert!(judge(&c, Ended::Exited(0), &sarif("5.0")).passed);
        assert!(!judge(&c, Ended::Exited(0), &sarif("7.0")).passed);
        assert!(!judge(&c, Ended::Exited(0), &sarif("9.1")).passed);
        let clean = r#"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[]}]}"#;
        assert!(judge(&c, Ended::Exited(0), clean).passed);
        assert!(judge(&c, Ended::Exited(0), "not sarif").passed);
        assert!(!judge(&c, Ended::Exited(2), "not sarif").passed);
        assert!(judge(&c, Ended::Exited(1), &sarif("2.0")).passed);
        assert!(!judge(&c, Ended::TimedOut, &sarif("2.0")).passed);
    }
}
