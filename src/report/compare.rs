//! With several servers (or backends): each profile kind's top functions, their share of the
//! total per server side by side, and the server whose shares differ most from the others'.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::{ProfileData, ProfileView, esc, percent};

/// How many functions a comparison lists, and how many each server contributes to the list.
const ROWS: usize = 10;
const PER_SERVER: usize = 5;

/// Each server's flat share (%) of its total, by function.
type Shares = BTreeMap<String, f64>;

fn shares(data: &ProfileData) -> Shares {
    data.top
        .iter()
        .map(|f| (f.name.clone(), percent(f.flat, data.total)))
        .collect()
}

/// Per server, how far its shares are from the mean of the others' (summed over `rows`).
pub fn distances(servers: &[Shares], rows: &[String]) -> Vec<f64> {
    let share = |s: &Shares, f: &String| s.get(f).copied().unwrap_or(0.0);
    (0..servers.len())
        .map(|i| {
            rows.iter()
                .map(|f| {
                    let others: Vec<f64> = (0..servers.len())
                        .filter(|&j| j != i)
                        .map(|j| share(&servers[j], f))
                        .collect();
                    let mean = others.iter().sum::<f64>() / others.len().max(1) as f64;
                    (share(&servers[i], f) - mean).abs()
                })
                .sum()
        })
        .collect()
}

/// The functions to compare: each server's largest, ordered by their mean share.
fn rows(servers: &[Shares]) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for s in servers {
        let mut top: Vec<(&String, &f64)> = s.iter().collect();
        top.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        for (name, _) in top.into_iter().take(PER_SERVER) {
            if !rows.contains(name) {
                rows.push(name.clone());
            }
        }
    }
    let mean = |f: &String| servers.iter().filter_map(|s| s.get(f)).sum::<f64>();
    rows.sort_by(|a, b| mean(b).total_cmp(&mean(a)).then(a.cmp(b)));
    rows.truncate(ROWS);
    rows
}

pub fn section(out: &mut String, views: &[ProfileView]) {
    // kind -> server -> the first readable profile of that server (a timeline's first interval)
    let mut kinds: BTreeMap<&str, BTreeMap<&str, &ProfileData>> = BTreeMap::new();
    for view in views {
        if let Ok(data) = &view.data
            && data.total > 0
        {
            kinds
                .entry(&view.kind)
                .or_default()
                .entry(&view.server)
                .or_insert(data);
        }
    }
    kinds.retain(|_, servers| servers.len() >= 2);
    if kinds.is_empty() {
        return;
    }
    out.push_str(
        "<h2 id=\"compare\">Servers side by side</h2>\n<p>Each function's flat share of \
                  the server's total; ★ marks the server that differs most from the others.</p>\n",
    );
    for (kind, servers) in kinds {
        table(out, kind, &servers);
    }
}

fn table(out: &mut String, kind: &str, servers: &BTreeMap<&str, &ProfileData>) {
    let names: Vec<&str> = servers.keys().copied().collect();
    let shares: Vec<Shares> = servers.values().map(|d| shares(d)).collect();
    let rows = rows(&shares);
    let distances = distances(&shares, &rows);
    let differs = distances
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .filter(|(_, d)| **d > 0.0)
        .map(|(i, _)| i);
    let sample_type = servers
        .values()
        .next()
        .map_or("", |d| d.sample_type.as_str());
    let _ = write!(
        out,
        "<h3>{} <small>({})</small></h3><table><tr><th>function</th>",
        esc(kind),
        esc(sample_type)
    );
    for (i, name) in names.iter().enumerate() {
        let mark = if Some(i) == differs {
            " class=\"n differs\">★ "
        } else {
            " class=n>"
        };
        let _ = write!(
            out,
            "<th{mark}{}</th>",
            esc(if name.is_empty() { "(archive)" } else { name })
        );
    }
    out.push_str("</tr>");
    for row in &rows {
        let _ = write!(out, "<tr><td>{}</td>", esc(row));
        for (i, s) in shares.iter().enumerate() {
            let class = if Some(i) == differs { "n differs" } else { "n" };
            let _ = write!(
                out,
                "<td class=\"{class}\">{:.1}%</td>",
                s.get(row).copied().unwrap_or(0.0)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(pairs: &[(&str, f64)]) -> Shares {
        pairs.iter().map(|(n, s)| (n.to_string(), *s)).collect()
    }

    #[test]
    fn the_odd_server_is_the_farthest_from_the_others() {
        let servers = vec![
            shares(&[("query", 60.0), ("encode", 40.0)]),
            shares(&[("query", 58.0), ("encode", 42.0)]),
            shares(&[("query", 10.0), ("encode", 20.0), ("gc", 70.0)]),
        ];
        let rows = rows(&servers);
        assert_eq!(rows, ["query", "encode", "gc"]);
        let d = distances(&servers, &rows);
        assert!(d[2] > d[0] && d[2] > d[1], "{d:?}");
    }
}
