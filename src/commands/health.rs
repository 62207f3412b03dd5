//! `fleetctl health`: `/healthz` of one or many servers, as a table or JSON; a CI gate.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use reqwest::Method;
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::capture::endpoint::{self, Endpoint, Targeting};
use crate::client::{self, FleetClient};
use crate::commands::SelectedContext;
use crate::commands::targeting::TargetingArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Settings;
use crate::ui;

const HEALTH_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Check every context in the config file (instead of --context, which may be repeated)
    #[arg(long, conflicts_with = "context")]
    pub all_contexts: bool,

    /// Only run this check (repeatable) [default: all of the server's checks]
    #[arg(long, value_enum, value_name = "CHECK")]
    pub check: Vec<HealthCheck>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub targeting: TargetingArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HealthCheck {
    Mysql,
    Redis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Healthy,
    Unhealthy,
    Unreachable,
    Error,
}

#[derive(Debug, Serialize)]
pub struct HealthReport {
    pub context: String,
    pub address: String,
    /// The backend checked, with `--server`/`--each-server`: its socket address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub status: HealthStatus,
    pub http_status: Option<u16>,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
}

pub fn run(args: HealthArgs, settings: &Settings) -> Result<ExitStatus> {
    let targeting = args.targeting.resolve()?;
    let mut selected = super::selected_contexts(settings, args.all_contexts)?;
    if !targeting.servers.is_empty() && selected.len() > 1 {
        return Err(Error::usage(
            "--server and --servers-from name the backends of one context, but several were selected",
        )
        .with_hint("give one --context with --server, or use --each-server with several contexts"));
    }
    if args.json {
        // Scripts always get JSON: a single unusable context is a row with status `error`
        // (exit 1), and its message and hint also go to stderr.
        if let [only] = selected.as_slice()
            && let Err(e) = &only.target
        {
            ui::print_error(e);
        }
    } else {
        super::fail_if_only_unusable(&mut selected)?;
    }
    let path = format!("/healthz{}", check_query(&args.check));
    let reports = ui::block_on(check_all(selected, targeting, path))?;
    if args.json {
        ui::out(serde_json::to_string_pretty(&reports).unwrap_or_default())?;
    } else {
        print_reports(&reports)?;
    }
    let any = |s: HealthStatus| reports.iter().any(|r| r.status == s);
    Ok(if any(HealthStatus::Unreachable) {
        ExitStatus::Unreachable
    } else if any(HealthStatus::Error) {
        ExitStatus::Failure
    } else if any(HealthStatus::Unhealthy) {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    })
}

/// `?check=mysql&check=redis` for the checks asked for ("" for all).
fn check_query(checks: &[HealthCheck]) -> String {
    checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = match c {
                HealthCheck::Mysql => "mysql",
                HealthCheck::Redis => "redis",
            };
            format!("{}check={name}", if i == 0 { "?" } else { "&" })
        })
        .collect()
}

/// Every usable context (or each of its backends) checked concurrently, as many at once as
/// the open-files limit allows; an unusable one is an `error` row. In the order the contexts
/// were selected, backends in address order. With one context, a backend list that cannot be
/// made is the command's error.
async fn check_all(
    selected: Vec<SelectedContext>,
    targeting: Targeting,
    path: String,
) -> Result<Vec<HealthReport>> {
    let single = selected.len() == 1;
    let limit = crate::platform::raise_open_files_limit().unwrap_or(4096);
    let slots = Arc::new(Semaphore::new(
        usize::try_from((limit.saturating_sub(64) / 4).clamp(1, 4096)).unwrap_or(1),
    ));
    let mut tasks = JoinSet::new();
    let mut reports = Vec::new();
    for (index, context) in selected.into_iter().enumerate() {
        let endpoints = match context.target {
            Ok(target) => endpoint::endpoints(Arc::new(target), &targeting).await,
            Err(e) => Err(e),
        };
        match endpoints {
            Ok(endpoints) => {
                for (position, endpoint) in endpoints.into_iter().enumerate() {
                    let (path, slots) = (path.clone(), Arc::clone(&slots));
                    tasks.spawn(async move {
                        let _slot = slots.acquire_owned().await;
                        ((index, position), check(endpoint, &path).await)
                    });
                }
            }
            Err(e) if single && targeting.pins() => return Err(e),
            Err(e) => reports.push((
                (index, 0),
                HealthReport {
                    context: context.name,
                    address: context.address,
                    endpoint: None,
                    status: HealthStatus::Error,
                    http_status: None,
                    latency_ms: None,
                    error: Some(e.one_line()),
                },
            )),
        }
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok(done) = joined {
            reports.push(done);
        }
    }
    reports.sort_by_key(|(i, _)| *i);
    Ok(reports.into_iter().map(|(_, r)| r).collect())
}

fn print_reports(reports: &[HealthReport]) -> Result<()> {
    let rows: Vec<[String; 5]> = reports
        .iter()
        .map(|r| {
            [
                r.context.clone(),
                r.endpoint.clone().unwrap_or_else(|| r.address.clone()),
                format!("{:?}", r.status).to_lowercase(),
                r.latency_ms
                    .map(|ms| format!("{ms} ms"))
                    .unwrap_or_else(|| "-".into()),
                r.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    ui::table(["CONTEXT", "ADDRESS", "STATUS", "LATENCY", "DETAIL"], &rows)
}

async fn check(endpoint: Endpoint, path: &str) -> HealthReport {
    let target = (*endpoint.identity).clone();
    let mut report = HealthReport {
        context: target.context.clone(),
        address: format!("{}{}", target.origin(), target.url_prefix),
        endpoint: endpoint.pin.map(|pin| pin.to_string()),
        status: HealthStatus::Error,
        http_status: None,
        latency_ms: None,
        error: None,
    };
    let client = match FleetClient::without_credentials_at(target, endpoint.pin) {
        Ok(c) => c,
        Err(e) => {
            report.error = Some(e.one_line());
            return report;
        }
    };
    let started = Instant::now();
    let req = match client.request(Method::GET, path, false) {
        Ok(r) => r.timeout(HEALTH_TIMEOUT),
        Err(e) => {
            report.error = Some(e.one_line());
            return report;
        }
    };
    match client.send(req).await {
        Err(e) => {
            report.status = HealthStatus::Unreachable;
            report.error = Some(e.one_line());
        }
        Ok(resp) => {
            report.latency_ms = Some(started.elapsed().as_millis() as u64);
            let status = resp.status();
            report.http_status = Some(status.as_u16());
            let body = client
                .read_limited(resp, 64 * 1024)
                .await
                .unwrap_or_default();
            match status.as_u16() {
                200 => report.status = HealthStatus::Healthy,
                500..=599 if body.is_empty() => {
                    report.status = HealthStatus::Unhealthy;
                    report.error = Some(format!(
                        "{status}: a dependency (MySQL or Redis) is failing"
                    ));
                }
                _ => {
                    report.status = if status.is_server_error() {
                        HealthStatus::Unhealthy
                    } else {
                        HealthStatus::Error
                    };
                    report.error = Some(format!(
                        "{}: {}",
                        status.as_u16(),
                        client::fleet_error_text(&body)
                    ));
                }
            }
        }
    }
    report
}
