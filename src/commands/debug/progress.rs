//! Per-item progress lines on a terminal; nothing at all when stderr is not a TTY.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::fetch::FetchObserver;
use super::items::{Item, ItemKind};
use crate::manifest::{ItemRecord, Outcome};
use crate::redact::for_terminal_line;

/// A line: the server's position in the run and the item.
pub type Row = (usize, ItemKind);

pub struct Progress {
    multi: Option<MultiProgress>,
    bars: HashMap<Row, ProgressBar>,
    countdowns: HashMap<Row, (Instant, u64)>,
}

impl Progress {
    /// One line per row, titled with its label (with a countdown where seconds > 0) when
    /// `enabled`, else silent.
    pub fn new(enabled: bool, rows: &[(Row, String, u64)]) -> Self {
        let mut progress = Progress {
            multi: None,
            bars: HashMap::new(),
            countdowns: HashMap::new(),
        };
        if !enabled {
            return progress;
        }
        let multi = MultiProgress::with_draw_target(crate::ui::progress_draw_target());
        // Escaped where the text is set, so that indicatif measures what the terminal shows.
        let labels: Vec<String> = rows.iter().map(|(_, l, _)| for_terminal_line(l)).collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(10);
        let style =
            ProgressStyle::with_template(&format!("{{spinner}} {{prefix:<{width}}}  {{wide_msg}}"))
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let start = Instant::now();
        for ((row, _, seconds), label) in rows.iter().zip(labels) {
            // Hidden until added: the MultiProgress draws it through ui's draw target.
            let bar = multi.add(ProgressBar::with_draw_target(
                None,
                ProgressDrawTarget::hidden(),
            ));
            bar.set_style(style.clone());
            bar.set_prefix(label);
            bar.set_message("waiting");
            bar.enable_steady_tick(Duration::from_millis(200));
            progress.bars.insert(*row, bar);
            if *seconds > 0 {
                progress.countdowns.insert(*row, (start, *seconds));
            }
        }
        progress.multi = Some(multi);
        progress
    }

    /// Refresh countdown messages; call about twice a second.
    pub fn tick(&self) {
        for (row, (start, seconds)) in &self.countdowns {
            if let Some(bar) = self.bars.get(row) {
                if bar.is_finished() || bar.message().starts_with("receiving") {
                    continue;
                }
                let left = seconds.saturating_sub(start.elapsed().as_secs());
                bar.set_message(format!("collecting on the server: {left} s left"));
            }
        }
    }

    fn set(&self, row: Row, message: String) {
        if let Some(bar) = self.bars.get(&row) {
            bar.set_message(for_terminal_line(&message));
        }
    }

    pub fn finish(&self, row: Row, record: &ItemRecord) {
        if let Some(bar) = self.bars.get(&row) {
            let message = match record.outcome {
                Outcome::Ok => format!(
                    "done  {}  {:.1} s",
                    HumanBytes(record.bytes),
                    record.duration_ms as f64 / 1000.0
                ),
                Outcome::Unsupported => "not available on this server".to_string(),
                Outcome::Failed => format!("FAILED: {}", record.error.as_deref().unwrap_or("")),
            };
            bar.finish_with_message(for_terminal_line(&message));
        }
    }

    /// Stop every line of server `server` that is still running (it failed before its items
    /// started).
    pub fn abandon(&self, server: usize, why: &str) {
        for ((of, _), bar) in &self.bars {
            if *of == server && !bar.is_finished() {
                bar.abandon_with_message(for_terminal_line(&format!("not fetched: {why}")));
            }
        }
    }

    pub fn clear(&self) {
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

/// The progress lines of one server.
#[derive(Clone)]
pub struct ServerProgress {
    pub progress: Arc<Progress>,
    pub server: usize,
}

impl ServerProgress {
    pub fn finish(&self, kind: ItemKind, record: &ItemRecord) {
        self.progress.finish((self.server, kind), record);
    }

    pub fn abandon(&self, why: &str) {
        self.progress.abandon(self.server, why);
    }
}

impl FetchObserver for ServerProgress {
    fn started(&self, item: &Item) {
        self.progress
            .set((self.server, item.kind), "requesting".into());
    }

    fn headers(&self, item: &Item) {
        self.progress
            .set((self.server, item.kind), "receiving".into());
    }

    fn bytes(&self, item: &Item, total: u64) {
        self.progress.set(
            (self.server, item.kind),
            format!("receiving {}", HumanBytes(total)),
        );
    }
}
