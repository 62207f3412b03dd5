//! Trigger (`--when-unhealthy`): poll `/healthz` of every server of the plan until one answers
//! unhealthy, not at all, or slowly `--for` polls in a row; the capture then starts at once.
//! A trigger only decides when the run starts and which servers it captures.

use std::collections::VecDeque;
use std::time::{Duration, Instant, SystemTime};

use indicatif::{ProgressBar, ProgressStyle};
use reqwest::Method;
use tokio::task::JoinSet;

use super::plan::Plan;
use super::schedule::human;
use crate::error::{Error, ErrorKind, Result};
use crate::manifest::{PollRecord, Trigger};
use crate::{timefmt, ui};

/// Polls kept per server for the manifest: the ones that led to the trigger.
const POLLS_KEPT: usize = 20;

#[derive(Debug, Clone)]
pub struct TriggerSettings {
    pub poll: Duration,
    pub latency_over: Duration,
    /// Bad polls in a row that trigger.
    pub polls_in_a_row: u32,
    pub wait_max: Duration,
}

/// The server that triggered, and whether it was down (then every server is captured, its
/// failures recorded; else only it).
pub struct Fired {
    pub server: usize,
    pub down: bool,
    pub record: Trigger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Healthy,
    Unhealthy,
    Slow,
    Unreachable,
}

impl Verdict {
    fn name(self) -> &'static str {
        match self {
            Verdict::Healthy => "healthy",
            Verdict::Unhealthy => "unhealthy",
            Verdict::Slow => "slow",
            Verdict::Unreachable => "unreachable",
        }
    }
}

/// What is known of one server while waiting.
struct Watched {
    index: usize,
    name: String,
    polls: VecDeque<(Verdict, PollRecord)>,
    bad_in_a_row: u32,
}

/// Before a wait of hours, each context's token once (the first server of each): one the
/// server refuses, or that cannot be sent, is the run's error now, not when the trigger fires.
/// A server that does not answer is left to the polls.
pub async fn check_credentials(plan: &Plan) -> Result<()> {
    let mut checked: Vec<&str> = Vec::new();
    for server in &plan.servers {
        if checked.contains(&server.slot.context.as_str()) {
            continue;
        }
        checked.push(&server.slot.context);
        let client = &server.client;
        let answer = match client.request(Method::GET, "/api/latest/fleet/me", true) {
            Ok(req) => client.send_ok(req).await.map(drop),
            Err(e) => Err(e),
        };
        match answer {
            Err(e) if e.kind != ErrorKind::Unreachable => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Poll until a server triggers; `--wait-max` without one is an error of its own kind
/// (nothing is written).
pub async fn wait(plan: &Plan, settings: &TriggerSettings) -> Result<Fired> {
    let mut watched: Vec<Watched> = plan
        .servers
        .iter()
        .map(|s| Watched {
            index: s.slot.index,
            name: s.slot.name.clone(),
            polls: VecDeque::new(),
            bad_in_a_row: 0,
        })
        .collect();
    if watched.is_empty() {
        return Err(
            Error::unreachable("no server to watch: none of the selected could be used")
                .with_hint("`fleetctl health` checks each server"),
        );
    }
    let status = StatusLine::new(ui::stderr_is_tty());
    let started = Instant::now();
    let mut ticker = tokio::time::interval(settings.poll);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut rounds = 0u64;
    loop {
        let left = settings.wait_max.saturating_sub(started.elapsed());
        if left.is_zero() {
            status.clear();
            return Err(Error::new(
                ErrorKind::NoTrigger,
                format!(
                    "no server turned unhealthy within --wait-max {}; nothing was written",
                    human(settings.wait_max)
                ),
            ));
        }
        tokio::select! {
            _ = ticker.tick() => {}
            () = tokio::time::sleep(left) => continue,
        }
        rounds += 1;
        let polls = poll_all(plan, settings).await;
        for (position, verdict, record) in polls {
            let server = &mut watched[position];
            server.bad_in_a_row = match verdict {
                Verdict::Healthy => 0,
                _ => server.bad_in_a_row + 1,
            };
            server.polls.push_back((verdict, record));
            if server.polls.len() > POLLS_KEPT {
                server.polls.pop_front();
            }
        }
        if let Some(server) = watched
            .iter()
            .find(|s| s.bad_in_a_row >= settings.polls_in_a_row)
        {
            status.clear();
            return Ok(fired(server));
        }
        status.show(&format!(
            "waiting for an unhealthy server: {} polled every {}, {rounds} poll(s), {} left",
            watched.len(),
            human(settings.poll),
            human(settings.wait_max.saturating_sub(started.elapsed()))
        ));
    }
}

fn fired(server: &Watched) -> Fired {
    let (last, _) = server
        .polls
        .back()
        .map_or((Verdict::Unreachable, None), |(v, r)| (*v, Some(r)));
    let reason = format!("{} {} poll(s) in a row", last.name(), server.bad_in_a_row);
    ui::info(format!("{}: {reason}; capturing now", server.name));
    Fired {
        server: server.index,
        down: last == Verdict::Unreachable,
        record: Trigger {
            server: server.name.clone(),
            reason,
            triggered_at: timefmt::rfc3339(SystemTime::now()),
            polls: server.polls.iter().map(|(_, r)| r.clone()).collect(),
        },
    }
}

/// One `/healthz` poll of every server at once: (position, verdict, record).
async fn poll_all(plan: &Plan, settings: &TriggerSettings) -> Vec<(usize, Verdict, PollRecord)> {
    let mut tasks = JoinSet::new();
    for (position, server) in plan.servers.iter().enumerate() {
        let client = std::sync::Arc::clone(&server.client);
        let settings = settings.clone();
        tasks.spawn(async move {
            let (verdict, record) = poll(&client, &settings).await;
            (position, verdict, record)
        });
    }
    let mut polls = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        polls.extend(joined.ok());
    }
    polls.sort_by_key(|(position, ..)| *position);
    polls
}

/// One poll: healthy (200 in time), unhealthy (an error status), slow (an answer, or none,
/// after `--latency-over`), unreachable.
async fn poll(
    client: &crate::client::FleetClient,
    settings: &TriggerSettings,
) -> (Verdict, PollRecord) {
    let at = timefmt::rfc3339(SystemTime::now());
    let started = Instant::now();
    // A poll that takes past the next one is slow, whatever it would have answered.
    let limit = settings.latency_over.max(settings.poll) + Duration::from_secs(1);
    let answer = match client.request(Method::GET, "/healthz", false) {
        Ok(req) => tokio::time::timeout(limit, client.send(req.timeout(limit))).await,
        Err(e) => Ok(Err(e)),
    };
    let latency = started.elapsed();
    let (status, verdict, detail) = match answer {
        Err(_) => (
            None,
            Verdict::Slow,
            Some(format!("no answer in {}", human(limit))),
        ),
        Ok(Err(e)) if e.kind == ErrorKind::Unreachable => {
            (None, Verdict::Unreachable, Some(e.one_line()))
        }
        Ok(Err(e)) => (None, Verdict::Unhealthy, Some(e.one_line())),
        Ok(Ok(resp)) => {
            let status = resp.status().as_u16();
            let verdict = match status {
                200 if latency > settings.latency_over => Verdict::Slow,
                200 => Verdict::Healthy,
                _ => Verdict::Unhealthy,
            };
            (Some(status), verdict, None)
        }
    };
    let record = PollRecord {
        at,
        status,
        latency_ms: u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
        verdict: verdict.name().to_string(),
        detail,
    };
    (verdict, record)
}

/// One status line on a terminal while waiting; nothing elsewhere.
struct StatusLine(Option<ProgressBar>);

impl StatusLine {
    fn new(enabled: bool) -> Self {
        StatusLine(enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ui::progress_draw_target());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        }))
    }

    fn show(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(crate::redact::for_terminal_line(message));
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
