//! Progress on a terminal that fits its height; nothing at all when stderr is not a TTY.
//!
//! One line per item while they fit; past the terminal's height one line per server (items
//! done of total, bytes, the CPU profile's countdown, failures so far); past that a summary
//! line plus the servers still running or failed, as many as fit.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::fetch::FetchObserver;
use super::items::{Item, ItemKind};
use crate::manifest::{ItemRecord, Outcome};
use crate::redact::for_terminal_line;

/// A line: the server's position in the run and the item.
pub type Row = (usize, ItemKind);

/// Lines kept free below the progress for messages and the cursor.
const SPARE_ROWS: usize = 2;
/// The height assumed without a terminal (nothing is drawn then).
const DEFAULT_ROWS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Items,
    Servers,
    Summary,
}

/// What is known of one server, for its line and the summary.
#[derive(Debug, Default)]
struct ServerState {
    name: String,
    total: usize,
    done: usize,
    failed: usize,
    /// Why the server failed as a whole.
    fatal: Option<String>,
    bytes: HashMap<ItemKind, u64>,
    /// The CPU profile's (start, seconds) while it collects.
    cpu: Option<(Instant, u64)>,
}

impl ServerState {
    fn running(&self) -> bool {
        self.fatal.is_none() && self.done < self.total
    }

    fn bytes(&self) -> u64 {
        self.bytes.values().sum()
    }

    fn line(&self) -> String {
        if let Some(why) = &self.fatal {
            return format!("FAILED: {why}");
        }
        let mut line = format!(
            "{}/{} items  {}",
            self.done,
            self.total,
            HumanBytes(self.bytes())
        );
        if let Some((start, seconds)) = self.cpu {
            let left = seconds.saturating_sub(start.elapsed().as_secs());
            line.push_str(&format!("  CPU profile: {left} s left"));
        }
        if self.failed > 0 {
            line.push_str(&format!("  {} failed", self.failed));
        }
        if !self.running() {
            line.insert_str(0, "done  ");
        }
        line
    }
}

/// A line that draws only through the MultiProgress it is added to (ui's draw target).
fn hidden_bar() -> ProgressBar {
    ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
}

pub struct Progress {
    multi: Option<MultiProgress>,
    mode: Mode,
    /// Items mode: a line per item.
    bars: HashMap<Row, ProgressBar>,
    countdowns: HashMap<Row, (Instant, u64)>,
    /// Seconds each row collects on the server, as planned.
    seconds: HashMap<Row, u64>,
    servers: Mutex<BTreeMap<usize, ServerState>>,
    /// Servers mode: a line per server. Summary mode: the summary line, then the pool.
    server_bars: HashMap<usize, ProgressBar>,
    summary: Option<ProgressBar>,
    pool: Mutex<Vec<ProgressBar>>,
    /// Summary mode: how many server lines fit below the summary.
    pool_size: usize,
    style: ProgressStyle,
    name_width: usize,
}

impl Progress {
    /// Lines for `rows` (label, seconds collecting) of `servers` (index, name) when
    /// `enabled`, in the mode the terminal's height allows; else silent.
    pub fn new(enabled: bool, servers: &[(usize, String)], rows: &[(Row, String, u64)]) -> Self {
        let height = if enabled {
            usize::from(crate::ui::stderr_rows())
        } else {
            DEFAULT_ROWS
        };
        let fits = height.saturating_sub(SPARE_ROWS);
        let mode = if rows.len() <= fits {
            Mode::Items
        } else if servers.len() <= fits {
            Mode::Servers
        } else {
            Mode::Summary
        };
        let mut states = BTreeMap::new();
        for (index, name) in servers {
            let total = rows.iter().filter(|((s, _), _, _)| s == index).count();
            let state = ServerState {
                name: name.clone(),
                total,
                ..ServerState::default()
            };
            states.insert(*index, state);
        }
        let mut progress = Progress {
            multi: None,
            mode,
            bars: HashMap::new(),
            countdowns: HashMap::new(),
            seconds: rows
                .iter()
                .map(|(row, _, seconds)| (*row, *seconds))
                .collect(),
            servers: Mutex::new(states),
            server_bars: HashMap::new(),
            summary: None,
            pool: Mutex::new(Vec::new()),
            pool_size: fits.saturating_sub(1).max(1),
            style: ProgressStyle::default_spinner(),
            name_width: 10,
        };
        if enabled {
            progress.draw(servers, rows);
        }
        progress
    }

    /// Create the lines of the mode.
    fn draw(&mut self, servers: &[(usize, String)], rows: &[(Row, String, u64)]) {
        let multi = MultiProgress::with_draw_target(crate::ui::progress_draw_target());
        // Escaped where the text is set, so that indicatif measures what the terminal shows.
        let width = |text: &str| for_terminal_line(text).chars().count();
        let labels = rows.iter().map(|(_, l, _)| width(l));
        let names = servers.iter().map(|(_, n)| width(n));
        self.name_width = match self.mode {
            Mode::Items => labels.max(),
            _ => names.max(),
        }
        .unwrap_or(10);
        self.style = ProgressStyle::with_template(&format!(
            "{{spinner}} {{prefix:<{}}}  {{wide_msg}}",
            self.name_width
        ))
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let start = Instant::now();
        let line = |multi: &MultiProgress, prefix: &str, message: &str| {
            let bar = multi.add(hidden_bar());
            bar.set_style(self.style.clone());
            bar.set_prefix(for_terminal_line(prefix));
            bar.set_message(for_terminal_line(message));
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        match self.mode {
            Mode::Items => {
                for (row, label, seconds) in rows {
                    self.bars.insert(*row, line(&multi, label, "waiting"));
                    if *seconds > 0 {
                        self.countdowns.insert(*row, (start, *seconds));
                    }
                }
            }
            Mode::Servers => {
                for (index, name) in servers {
                    self.server_bars
                        .insert(*index, line(&multi, name, "waiting"));
                }
            }
            Mode::Summary => self.summary = Some(line(&multi, "servers", "starting")),
        }
        self.multi = Some(multi);
    }

    /// Refresh countdowns and the server lines; call about twice a second.
    pub fn tick(&self) {
        if self.multi.is_none() {
            return;
        }
        match self.mode {
            Mode::Items => self.tick_items(),
            Mode::Servers => {
                let servers = self.servers.lock().unwrap_or_else(|e| e.into_inner());
                for (index, state) in servers.iter() {
                    if let Some(bar) = self.server_bars.get(index)
                        && !bar.is_finished()
                    {
                        bar.set_message(for_terminal_line(&state.line()));
                    }
                }
            }
            Mode::Summary => self.tick_summary(),
        }
    }

    fn tick_items(&self) {
        for (row, (start, seconds)) in &self.countdowns {
            if let Some(bar) = self.bars.get(row) {
                if bar.is_finished() || bar.message().starts_with("receiving") {
                    continue;
                }
                let left = seconds.saturating_sub(start.elapsed().as_secs());
                bar.set_message(for_terminal_line(&format!(
                    "collecting on the server: {left} s left"
                )));
            }
        }
    }

    /// The summary line, then the failed servers and those still running, as many as fit.
    fn tick_summary(&self) {
        let (Some(multi), Some(summary)) = (&self.multi, &self.summary) else {
            return;
        };
        let servers = self.servers.lock().unwrap_or_else(|e| e.into_inner());
        let count = |f: &dyn Fn(&ServerState) -> bool| servers.values().filter(|s| f(s)).count();
        let running = count(&ServerState::running);
        let failed = count(&|s| s.fatal.is_some() || s.failed > 0);
        let done: usize = servers.values().map(|s| s.done).sum();
        let total: usize = servers.values().map(|s| s.total).sum();
        let bytes: u64 = servers.values().map(ServerState::bytes).sum();
        summary.set_message(for_terminal_line(&format!(
            "{} servers: {running} running, {failed} with failures; items {done}/{total}  {}",
            servers.len(),
            HumanBytes(bytes)
        )));
        let failing = servers
            .values()
            .filter(|s| s.fatal.is_some() || s.failed > 0);
        let busy = servers.values().filter(|s| s.running() && s.failed == 0);
        let shown: Vec<&ServerState> = failing.chain(busy).take(self.pool_size).collect();
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        while pool.len() < shown.len() {
            let bar = multi.add(hidden_bar());
            bar.set_style(self.style.clone());
            pool.push(bar);
        }
        while pool.len() > shown.len() {
            if let Some(bar) = pool.pop() {
                bar.finish_and_clear();
                multi.remove(&bar);
            }
        }
        for (bar, state) in pool.iter().zip(shown) {
            bar.set_prefix(for_terminal_line(&state.name));
            bar.set_message(for_terminal_line(&state.line()));
        }
    }

    fn update(&self, server: usize, change: impl FnOnce(&mut ServerState)) {
        let mut servers = self.servers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(state) = servers.get_mut(&server) {
            change(state);
        }
    }

    fn set(&self, row: Row, message: String) {
        if let Some(bar) = self.bars.get(&row) {
            bar.set_message(for_terminal_line(&message));
        }
    }

    pub fn finish(&self, row: Row, record: &ItemRecord) {
        self.update(row.0, |state| {
            state.done += 1;
            state.failed += usize::from(record.outcome == Outcome::Failed);
            state.bytes.insert(row.1, record.bytes);
            if row.1 == ItemKind::Profile {
                state.cpu = None;
            }
        });
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
        self.finish_server_line(row.0);
    }

    /// In servers mode, a server whose items are all done keeps its final line.
    fn finish_server_line(&self, server: usize) {
        let Some(bar) = self.server_bars.get(&server) else {
            return;
        };
        let servers = self.servers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(state) = servers.get(&server)
            && !state.running()
        {
            bar.finish_with_message(for_terminal_line(&state.line()));
        }
    }

    /// Stop every line of server `server` that is still running (it failed before its items
    /// started).
    pub fn abandon(&self, server: usize, why: &str) {
        self.update(server, |state| state.fatal = Some(why.to_string()));
        for ((of, _), bar) in &self.bars {
            if *of == server && !bar.is_finished() {
                bar.abandon_with_message(for_terminal_line(&format!("not fetched: {why}")));
            }
        }
        if let Some(bar) = self.server_bars.get(&server) {
            bar.abandon_with_message(for_terminal_line(&format!("FAILED: {why}")));
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
        if item.kind == ItemKind::Profile {
            let seconds = self
                .progress
                .countdown_seconds((self.server, item.kind))
                .unwrap_or_default();
            self.progress.update(self.server, |state| {
                state.cpu = Some((Instant::now(), seconds));
            });
        }
        self.progress
            .set((self.server, item.kind), "requesting".into());
    }

    fn headers(&self, item: &Item) {
        self.progress
            .set((self.server, item.kind), "receiving".into());
    }

    fn bytes(&self, item: &Item, total: u64) {
        self.progress.update(self.server, |state| {
            _ = state.bytes.insert(item.kind, total)
        });
        self.progress.set(
            (self.server, item.kind),
            format!("receiving {}", HumanBytes(total)),
        );
    }
}

impl Progress {
    /// The seconds a row collects for, as planned.
    fn countdown_seconds(&self, row: Row) -> Option<u64> {
        self.seconds.get(&row).copied()
    }
}
