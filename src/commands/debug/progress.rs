//! Per-item progress lines on a terminal; nothing at all when stderr is not a TTY.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::fetch::{FetchObserver, ItemReport, Outcome};
use super::items::Item;

pub struct Progress {
    multi: Option<MultiProgress>,
    bars: HashMap<String, ProgressBar>,
    countdowns: HashMap<String, (Instant, u64)>,
}

impl Progress {
    /// One line per label (with a countdown where seconds > 0) when `enabled`, else silent.
    pub fn new(enabled: bool, rows: &[(String, u64)]) -> Self {
        let mut progress = Progress {
            multi: None,
            bars: HashMap::new(),
            countdowns: HashMap::new(),
        };
        if !enabled {
            return progress;
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(10);
        let style =
            ProgressStyle::with_template(&format!("{{spinner}} {{prefix:<{width}}}  {{wide_msg}}"))
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let start = Instant::now();
        for (label, seconds) in rows {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(style.clone());
            bar.set_prefix(label.clone());
            bar.set_message("waiting");
            bar.enable_steady_tick(Duration::from_millis(200));
            progress.bars.insert(label.clone(), bar);
            if *seconds > 0 {
                progress.countdowns.insert(label.clone(), (start, *seconds));
            }
        }
        progress.multi = Some(multi);
        progress
    }

    /// Refresh countdown messages; call about twice a second.
    pub fn tick(&self) {
        for (label, (start, seconds)) in &self.countdowns {
            if let Some(bar) = self.bars.get(label) {
                if bar.is_finished() || bar.message().starts_with("receiving") {
                    continue;
                }
                let left = seconds.saturating_sub(start.elapsed().as_secs());
                bar.set_message(format!("collecting on the server: {left} s left"));
            }
        }
    }

    fn set(&self, label: &str, message: String) {
        if let Some(bar) = self.bars.get(label) {
            bar.set_message(message);
        }
    }

    pub fn finish(&self, label: &str, report: &ItemReport) {
        if let Some(bar) = self.bars.get(label) {
            let message = match report.outcome {
                Outcome::Ok => format!(
                    "done  {}  {:.1} s",
                    HumanBytes(report.bytes),
                    report.duration_ms as f64 / 1000.0
                ),
                Outcome::Unsupported => "not available on this server".to_string(),
                Outcome::Failed => format!("FAILED: {}", report.error.as_deref().unwrap_or("")),
            };
            bar.finish_with_message(message);
        }
    }

    /// Stop every line that is still running (a server failed before its items started).
    pub fn abandon(&self, prefix: &str, why: &str) {
        for (label, bar) in &self.bars {
            if label.starts_with(prefix) && !bar.is_finished() {
                bar.abandon_with_message(format!("not fetched: {why}"));
            }
        }
    }

    pub fn clear(&self) {
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

/// The progress lines of one server: labels are `item` or `context/item`.
#[derive(Clone)]
pub struct ServerProgress {
    pub progress: Arc<Progress>,
    pub prefix: String,
}

impl ServerProgress {
    pub fn label(&self, item: &Item) -> String {
        format!("{}{}", self.prefix, item.name)
    }

    pub fn finish(&self, report: &ItemReport) {
        self.progress
            .finish(&format!("{}{}", self.prefix, report.name), report);
    }
}

impl FetchObserver for ServerProgress {
    fn started(&self, item: &Item) {
        self.progress.set(&self.label(item), "requesting".into());
    }

    fn headers(&self, item: &Item) {
        self.progress.set(&self.label(item), "receiving".into());
    }

    fn bytes(&self, item: &Item, total: u64) {
        self.progress.set(
            &self.label(item),
            format!("receiving {}", HumanBytes(total)),
        );
    }
}
