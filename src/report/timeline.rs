//! A timeline archive's intervals: goroutine count and heap in use over the intervals, one line
//! per server, as small inline SVG charts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::{ProfileView, esc};
use crate::pprof::format_value;

const COLORS: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];
const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 150.0;
const PAD: f64 = 30.0;

/// An interval folder's order: its number.
fn interval_number(name: &str) -> u64 {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// server -> (interval number, value), for the profiles whose main sample type starts with
/// `sample_type`.
type Series = BTreeMap<String, Vec<(u64, i64)>>;

fn series(views: &[ProfileView], sample_type: &str) -> Series {
    let mut out: Series = BTreeMap::new();
    for view in views {
        let (Some(interval), Ok(data)) = (&view.interval, &view.data) else {
            continue;
        };
        if data.sample_type.starts_with(sample_type) {
            out.entry(view.server.clone())
                .or_default()
                .push((interval_number(interval), data.total));
        }
    }
    for points in out.values_mut() {
        points.sort_unstable();
    }
    out
}

pub fn section(out: &mut String, views: &[ProfileView]) {
    let charts = [
        ("Goroutines", "goroutine/", "count"),
        ("Heap in use", "inuse_space/", "bytes"),
    ];
    let drawn: Vec<String> = charts
        .iter()
        .map(|(title, sample_type, unit)| chart(title, &series(views, sample_type), unit))
        .filter(|c| !c.is_empty())
        .collect();
    if drawn.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"timeline\">Timeline</h2>\n<div>");
    for c in drawn {
        out.push_str(&c);
    }
    out.push_str("</div>\n");
}

/// One chart, or "" when no server has two points.
pub fn chart(title: &str, series: &Series, unit: &str) -> String {
    if !series.values().any(|points| points.len() >= 2) {
        return String::new();
    }
    let max = series
        .values()
        .flatten()
        .map(|p| p.1)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let first = series.values().flatten().map(|p| p.0).min().unwrap_or(0);
    let last = series.values().flatten().map(|p| p.0).max().unwrap_or(0);
    let span = (last - first).max(1) as f64;
    let x = |i: u64| PAD + (i - first) as f64 * (WIDTH - 2.0 * PAD) / span;
    let y = |v: i64| HEIGHT - PAD - v as f64 * (HEIGHT - 2.0 * PAD) / max;
    let mut svg = format!(
        "<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" font-family=\"sans-serif\" font-size=\"11\"><title>{0}</title>\
         <text x=\"{PAD}\" y=\"16\" font-size=\"13\">{0} (max {1})</text>\
         <line x1=\"{PAD}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#999\"/>",
        esc(title),
        esc(&format_value(max as i64, unit)),
        HEIGHT - PAD,
        WIDTH - PAD,
    );
    for (n, (server, points)) in series.iter().enumerate() {
        let color = COLORS[n % COLORS.len()];
        let coords: Vec<String> = points
            .iter()
            .map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\">\
             <title>{}</title></polyline>\
             <text x=\"{:.0}\" y=\"{:.0}\" fill=\"{color}\">{}</text>",
            coords.join(" "),
            esc(server),
            PAD + 90.0 * (n % 4) as f64,
            HEIGHT - 14.0 + 10.0 * (n / 4) as f64,
            esc(if server.is_empty() {
                "(archive)"
            } else {
                server
            })
        );
    }
    svg.push_str("</svg>");
    svg
}
