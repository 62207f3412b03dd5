//! Flame graphs of pprof profiles, drawn by the `inferno` crate (CDDL-1.0; the README says so):
//! a standalone SVG with inferno's own search and zoom, and the differential graph of two
//! profiles. The stacks come from [`Profile::folded_stacks`].

use crate::pprof::Profile;

/// What to draw.
pub struct FlameGraph<'a> {
    pub title: &'a str,
    /// The sample type's unit (`nanoseconds`, `bytes`, `count`): what a frame's width counts.
    pub unit: &'a str,
    /// Frames narrower than this fraction of the total are left out (0 keeps them all).
    pub min_fraction: f64,
}

/// The width inferno lays frames out on when the SVG is fluid (its default), in pixels:
/// `min_width` is in these pixels.
const LAYOUT_WIDTH: f64 = 1200.0 - 2.0 * 10.0;

/// Frames under 0.1 % of the total are left out of the report's graphs (keeps a many-server
/// report small; `go tool pprof` prunes at 0.5 %).
pub const REPORT_MIN_FRACTION: f64 = 0.001;

/// Stacks as inferno's folded input lines: `root;caller;leaf value`.
pub fn folded_lines(stacks: &[(String, u64)]) -> String {
    let mut text = String::new();
    for (stack, value) in stacks {
        text.push_str(stack);
        text.push(' ');
        text.push_str(&value.to_string());
        text.push('\n');
    }
    text
}

fn options<'a>(graph: &FlameGraph<'_>) -> inferno::flamegraph::Options<'a> {
    let mut options = inferno::flamegraph::Options::default();
    options.title = graph.title.to_string();
    options.count_name = graph.unit.to_string();
    options.name_type = "Function:".to_string();
    // Colours from a hash of the name, not random: the same profile draws the same picture.
    options.hash = true;
    options.deterministic = true;
    options.font_type = "sans-serif".to_string();
    // inferno's own default (0.1 px) when nothing is pruned on purpose.
    options.min_width = (graph.min_fraction * LAYOUT_WIDTH).max(0.1);
    options
}

/// An SVG placeholder for a profile without samples (inferno refuses empty input).
fn empty_svg(graph: &FlameGraph<'_>) -> Vec<u8> {
    let title = xml_escape(graph.title);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\">\
         <text x=\"10\" y=\"24\" font-family=\"sans-serif\" font-size=\"14\">{title}: no samples</text></svg>\n"
    )
    .into_bytes()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The flame graph of `stacks` as a standalone SVG (inferno's script inside: search, zoom).
pub fn svg(stacks: &[(String, u64)], graph: &FlameGraph<'_>) -> Result<Vec<u8>, String> {
    if stacks.is_empty() {
        return Ok(empty_svg(graph));
    }
    let text = folded_lines(stacks);
    let mut out = Vec::new();
    inferno::flamegraph::from_lines(&mut options(graph), text.lines(), &mut out)
        .map_err(|e| format!("cannot draw the flame graph: {e}"))?;
    Ok(out)
}

/// The flame graph of `profile`'s sample type `index`.
pub fn profile_svg(
    profile: &Profile,
    index: usize,
    title: &str,
    min_fraction: f64,
) -> Result<Vec<u8>, String> {
    let unit = profile
        .sample_type
        .get(index)
        .map_or("", |t| profile.string(t.unit));
    svg(
        &profile.folded_stacks(index),
        &FlameGraph {
            title,
            unit,
            min_fraction,
        },
    )
}

/// The differential flame graph from `base` to `new`: the shape is `new`'s, red where a frame
/// grew, blue where it shrank (inferno's differential folding, counts normalised to the same
/// total so that profiles of different lengths compare).
pub fn differential_svg(
    base: &[(String, u64)],
    new: &[(String, u64)],
    graph: &FlameGraph<'_>,
) -> Result<Vec<u8>, String> {
    if new.is_empty() && base.is_empty() {
        return Ok(empty_svg(graph));
    }
    let mut folded = Vec::new();
    let diff_options = inferno::differential::Options {
        normalize: true,
        ..Default::default()
    };
    inferno::differential::from_readers(
        diff_options,
        folded_lines(base).as_bytes(),
        folded_lines(new).as_bytes(),
        &mut folded,
    )
    .map_err(|e| format!("cannot fold the difference: {e}"))?;
    let text = String::from_utf8_lossy(&folded);
    let mut out = Vec::new();
    inferno::flamegraph::from_lines(&mut options(graph), text.lines(), &mut out)
        .map_err(|e| format!("cannot draw the differential flame graph: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stacks() -> Vec<(String, u64)> {
        vec![
            ("main;serve;query".to_string(), 70),
            ("main;serve;encode".to_string(), 29),
            ("main;tiny".to_string(), 1),
        ]
    }

    fn graph(min_fraction: f64) -> FlameGraph<'static> {
        FlameGraph {
            title: "CPU <time>",
            unit: "nanoseconds",
            min_fraction,
        }
    }

    #[test]
    fn draws_every_frame_with_inferno_search_and_zoom() {
        let svg = String::from_utf8(svg(&stacks(), &graph(0.0)).unwrap()).unwrap();
        for name in ["main", "serve", "query", "encode", "tiny"] {
            assert!(svg.contains(&format!("<title>{name} (")), "{name} missing");
        }
        assert!(svg.contains("CPU &lt;time&gt;"));
        assert!(svg.contains("function search("), "inferno's script");
        assert_eq!(
            svg,
            String::from_utf8(super::svg(&stacks(), &graph(0.0)).unwrap()).unwrap()
        );
    }

    #[test]
    fn frames_under_the_fraction_are_pruned() {
        let svg = String::from_utf8(svg(&stacks(), &graph(0.05)).unwrap()).unwrap();
        assert!(svg.contains("<title>query (") && !svg.contains("<title>tiny ("));
    }

    #[test]
    fn no_samples_is_a_placeholder_not_an_error() {
        let svg = String::from_utf8(svg(&[], &graph(0.0)).unwrap()).unwrap();
        assert!(svg.contains("no samples") && svg.starts_with("<svg"));
    }

    #[test]
    fn the_differential_graph_has_new_frames_and_both_counts() {
        let base = vec![("main;serve;query".to_string(), 10)];
        let new = stacks();
        let svg = String::from_utf8(differential_svg(&base, &new, &graph(0.0)).unwrap()).unwrap();
        // Normalised: the base's 10 count as 100; query shrank from all of it to 70 %.
        assert!(svg.contains("<title>encode (29 nanoseconds, 29.00%; +29.00%)"));
        assert!(svg.contains("<title>query (70 nanoseconds, 70.00%; -30.00%)"));
    }
}
