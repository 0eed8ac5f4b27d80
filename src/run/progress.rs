//! What a person sees while a run goes on: on a terminal, a live line per
//! running task (indicatif); otherwise one plain line per step on stderr.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

pub struct Progress {
    live: Option<Live>,
}

struct Live {
    multi: MultiProgress,
    bars: Mutex<BTreeMap<String, ProgressBar>>,
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    pub fn new() -> Progress {
        let live = std::io::stderr().is_terminal().then(|| Live {
            multi: MultiProgress::new(),
            bars: Mutex::new(BTreeMap::new()),
        });
        Progress { live }
    }

    /// A step of `task` (or of the run, when `task` is None).
    pub fn step(&self, task: Option<&str>, text: &str, finished: bool) {
        let Some(live) = &self.live else {
            match task {
                Some(t) => eprintln!("charter run: {t}: {text}"),
                None => eprintln!("charter run: {text}"),
            }
            return;
        };
        let Some(task) = task else {
            let _ = live.multi.println(format!("charter run: {text}"));
            return;
        };
        let Ok(mut bars) = live.bars.lock() else {
            return;
        };
        let bar = bars.entry(task.to_string()).or_insert_with(|| {
            let bar = live.multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix:.bold} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(task.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if finished {
            bar.finish_with_message(text.to_string());
        } else {
            bar.set_message(text.to_string());
        }
    }

    /// Runs `f` with the live view hidden (for a question on the terminal).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.live {
            Some(live) => live.multi.suspend(f),
            None => f(),
        }
    }
}
