//! `debug inspect` of a timeline archive (`debug archive --duration`): per interval and
//! server, the goroutine count, heap in use and top CPU functions; and the functions whose CPU
//! or heap share grew most from the first interval to the last.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::pprof::Profile;
use crate::ui;

/// How many top CPU functions each interval lists, and growers each kind.
const TOP: usize = 3;

/// Where an interval member belongs: the server's folder (empty for a single server) and the
/// round, from `root/[folder/]interval/NNNN/name.prof`.
pub fn interval_member(name: &str) -> Option<(String, u32, &str)> {
    let (before, after) = name.rsplit_once("/interval/")?;
    let (round, base) = after.split_once('/')?;
    let round = round.parse().ok()?;
    let folder = before.split_once('/').map_or("", |(_, f)| f).to_string();
    Some((folder, round, base))
}

/// One interval of one server, as read.
#[derive(Debug, Default, Serialize)]
pub struct Interval {
    pub server: String,
    pub round: u32,
    pub goroutines: Option<i64>,
    pub heap_inuse_bytes: Option<i64>,
    pub top_cpu: Vec<Share>,
    /// Every function's share of CPU and of heap in use (kept for the growth, not printed).
    #[serde(skip)]
    cpu: BTreeMap<String, f64>,
    #[serde(skip)]
    heap: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    pub function: String,
    /// Percent of the profile's total.
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub server: String,
    pub kind: &'static str,
    pub function: String,
    pub first_percent: f64,
    pub last_percent: f64,
}

/// Every interval read so far, by (server, round).
#[derive(Debug, Default)]
pub struct Timeline {
    intervals: BTreeMap<(String, u32), Interval>,
}

/// Each function's flat value as a percent of `index`'s total.
fn shares(profile: &Profile, index: usize) -> BTreeMap<String, f64> {
    let total = profile.total(index);
    if total <= 0 {
        return BTreeMap::new();
    }
    profile
        .top_functions(index)
        .into_iter()
        .filter(|f| f.flat > 0)
        .map(|f| (f.name, f.flat as f64 * 100.0 / total as f64))
        .collect()
}

fn index_of(profile: &Profile, prefix: &str) -> Option<usize> {
    profile
        .sample_type_names()
        .iter()
        .position(|n| n.starts_with(prefix))
}

impl Timeline {
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }

    /// Take what an interval's profile says: goroutine count, heap in use, CPU shares.
    pub fn add(&mut self, server: String, round: u32, base: &str, profile: &Profile) {
        let interval = self
            .intervals
            .entry((server.clone(), round))
            .or_insert_with(|| Interval {
                server,
                round,
                ..Interval::default()
            });
        match base {
            "goroutine.prof" => {
                interval.goroutines = index_of(profile, "goroutine/").map(|i| profile.total(i));
            }
            "heap.prof" => {
                if let Some(i) = index_of(profile, "inuse_space/") {
                    interval.heap_inuse_bytes = Some(profile.total(i));
                    interval.heap = shares(profile, i);
                }
            }
            "profile.prof" => {
                if let Some(i) = index_of(profile, "cpu/").or_else(|| index_of(profile, "samples/"))
                {
                    interval.cpu = shares(profile, i);
                    interval.top_cpu = top(&interval.cpu, TOP);
                }
            }
            _ => {}
        }
    }

    /// Per server, the functions whose share grew most from its first interval to its last.
    pub fn growth(&self) -> Vec<Growth> {
        let mut out = Vec::new();
        let servers: Vec<&String> = {
            let mut s: Vec<&String> = self.intervals.keys().map(|(s, _)| s).collect();
            s.dedup();
            s
        };
        for server in servers {
            let mine: Vec<&Interval> = self
                .intervals
                .values()
                .filter(|i| &i.server == server)
                .collect();
            let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
                continue;
            };
            if first.round == last.round {
                continue;
            }
            for (kind, of) in [
                (
                    "cpu",
                    (|i: &Interval| &i.cpu) as fn(&Interval) -> &BTreeMap<String, f64>,
                ),
                ("heap", |i: &Interval| &i.heap),
            ] {
                let mut grown: Vec<Growth> = of(last)
                    .iter()
                    .map(|(function, last_percent)| Growth {
                        server: server.clone(),
                        kind,
                        function: function.clone(),
                        first_percent: of(first).get(function).copied().unwrap_or(0.0),
                        last_percent: *last_percent,
                    })
                    .filter(|g| g.last_percent > g.first_percent)
                    .collect();
                grown.sort_by(|a, b| {
                    (b.last_percent - b.first_percent)
                        .total_cmp(&(a.last_percent - a.first_percent))
                });
                out.extend(grown.into_iter().take(TOP));
            }
        }
        out
    }

    pub fn intervals(&self) -> impl Iterator<Item = &Interval> {
        self.intervals.values()
    }

    /// The `--json` form: every interval, then the growth.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "intervals": self.intervals().collect::<Vec<_>>(),
            "grew_most": self.growth(),
        })
    }

    /// The text form: a line per interval and server, then the growth.
    pub fn print(&self, single_server: &str) -> crate::error::Result<()> {
        ui::out("timeline:")?;
        for interval in self.intervals() {
            let server = if interval.server.is_empty() {
                single_server
            } else {
                &interval.server
            };
            let cpu: Vec<String> = interval
                .top_cpu
                .iter()
                .map(|s| format!("{} {:.1}%", s.function, s.percent))
                .collect();
            ui::out(format!(
                "  {server} interval {:04}: goroutines {}, heap in use {}, top CPU: {}",
                interval.round,
                interval
                    .goroutines
                    .map_or_else(|| "-".to_string(), |g| g.to_string()),
                interval.heap_inuse_bytes.map_or_else(
                    || "-".to_string(),
                    |h| crate::pprof::format_value(h, "bytes")
                ),
                if cpu.is_empty() {
                    "-".to_string()
                } else {
                    cpu.join(", ")
                }
            ))?;
        }
        let growth = self.growth();
        if !growth.is_empty() {
            ui::out("grew most from the first interval to the last:")?;
            for g in &growth {
                let server = if g.server.is_empty() {
                    single_server
                } else {
                    &g.server
                };
                ui::out(format!(
                    "  {server} {}: {} {:.1}% -> {:.1}%",
                    g.kind, g.function, g.first_percent, g.last_percent
                ))?;
            }
        }
        ui::out("")?;
        Ok(())
    }
}

fn top(shares: &BTreeMap<String, f64>, n: usize) -> Vec<Share> {
    let mut list: Vec<Share> = shares
        .iter()
        .map(|(function, percent)| Share {
            function: function.clone(),
            percent: *percent,
        })
        .collect();
    list.sort_by(|a, b| {
        b.percent
            .total_cmp(&a.percent)
            .then(a.function.cmp(&b.function))
    });
    list.truncate(n);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_members_name_their_server_and_round() {
        assert_eq!(
            interval_member("t/interval/0003/heap.prof"),
            Some((String::new(), 3, "heap.prof"))
        );
        assert_eq!(
            interval_member("t/prod/10.0.0.1_8080/interval/0010/profile.prof"),
            Some(("prod/10.0.0.1_8080".to_string(), 10, "profile.prof"))
        );
        assert_eq!(interval_member("t/heap.prof"), None);
        assert_eq!(interval_member("t/interval/x/heap.prof"), None);
    }
}
