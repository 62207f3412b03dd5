//! Per-item progress lines on a terminal; nothing at all when stderr is not a TTY.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::fetch::{FetchObserver, ItemReport, Outcome};
use super::items::Item;

pub struct Progress {
    multi: Option<MultiProgress>,
    bars: HashMap<&'static str, ProgressBar>,
    countdowns: HashMap<&'static str, (Instant, u64)>,
}

impl Progress {
    /// Bars for `items` when `enabled` (stderr is a terminal), else a silent stand-in.
    pub fn new(enabled: bool, items: &[(&'static Item, u64)]) -> Self {
        if !enabled {
            return Progress {
                multi: None,
                bars: HashMap::new(),
                countdowns: HashMap::new(),
            };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {prefix:<17} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let mut bars = HashMap::new();
        let mut countdowns = HashMap::new();
        let start = Instant::now();
        for (item, seconds) in items {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(style.clone());
            bar.set_prefix(item.name);
            bar.set_message("waiting");
            bar.enable_steady_tick(Duration::from_millis(200));
            bars.insert(item.name, bar);
            if *seconds > 0 {
                countdowns.insert(item.name, (start, *seconds));
            }
        }
        Progress {
            multi: Some(multi),
            bars,
            countdowns,
        }
    }

    /// Refresh countdown messages; call about once a second.
    pub fn tick(&self) {
        for (name, (start, seconds)) in &self.countdowns {
            if let Some(bar) = self.bars.get(name) {
                if bar.is_finished() || bar.message().starts_with("receiving") {
                    continue;
                }
                let left = seconds.saturating_sub(start.elapsed().as_secs());
                bar.set_message(format!("collecting on the server: {left} s left"));
            }
        }
    }

    pub fn finish(&self, report: &ItemReport) {
        if let Some(bar) = self.bars.get(report.name) {
            let message = match report.outcome {
                Outcome::Ok => format!(
                    "done  {}  {:.1} s",
                    human_bytes(report.bytes),
                    report.duration_ms as f64 / 1000.0
                ),
                Outcome::Unsupported => "not available on this server".to_string(),
                Outcome::Failed => format!("FAILED: {}", report.error.as_deref().unwrap_or("")),
            };
            bar.finish_with_message(message);
        }
    }

    pub fn clear(&self) {
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

impl FetchObserver for Progress {
    fn started(&self, item: &Item) {
        if let Some(bar) = self.bars.get(item.name) {
            bar.set_message("requesting");
        }
    }

    fn headers(&self, item: &Item) {
        if let Some(bar) = self.bars.get(item.name) {
            bar.set_message("receiving");
        }
    }

    fn bytes(&self, item: &Item, total: u64) {
        if let Some(bar) = self.bars.get(item.name) {
            bar.set_message(format!("receiving {}", human_bytes(total)));
        }
    }
}

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
