//! The report's HTML: inline style and script only, every text from the archive escaped.

use std::fmt::Write as _;

use serde_json::Value;

use super::read::Contents;
use super::view::{ProfileData, ProfileView, esc};
use super::{compare, timeline};
use crate::pprof::format_value;

const STYLE: &str = "
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
table{border-collapse:collapse;margin:.4em 0 1em}
th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{background:#fde8e8}tr.unsupported td{color:#777}
.problems{background:#fde8e8;border:1px solid #e0a0a0;padding:.5em 1em}
.problem{color:#a00;font-weight:bold}
.profile{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}
.profile iframe{flex:1 1 640px;min-width:480px;border:1px solid #ddd}
.profile table{flex:0 1 auto;font-size:12px}
.differs{background:#fff3c4}
.chart{margin:0 1em 1em 0;border:1px solid #ddd}
details{margin:.3em 0}summary{cursor:pointer}
#self-check{color:#777;font-size:11px;white-space:pre-wrap}
";

/// Checks, once loaded, that each flame graph was drawn, shows its top function and has inferno's
/// script running (its `init` measured the font); writes the outcome into `#self-check` (what
/// the browser test reads).
const SCRIPT: &str = "
window.addEventListener('load', function () {
  var lines = [], ok = true;
  document.querySelectorAll('iframe.flame').forEach(function (f) {
    var d = f.contentDocument, top = f.getAttribute('data-top') || '';
    var titles = d ? Array.prototype.slice.call(d.querySelectorAll('#frames title')) : [];
    var drawn = titles.some(function (t) { return t.textContent.indexOf(top + ' (') === 0; });
    var w = f.contentWindow;
    var live = !!w && typeof w.search === 'function' && typeof w.known_font_width === 'number';
    if (top && !(drawn && live)) { ok = false; }
    lines.push(f.getAttribute('data-member') + ': ' + titles.length + ' frames' +
      (top ? ', search and zoom ' + (live ? 'ready' : 'NOT READY') +
       ', top function ' + (drawn ? 'drawn' : 'MISSING') + ': ' + top : ''));
  });
  var check = document.getElementById('self-check');
  check.textContent = lines.join('\\n');
  check.setAttribute('data-state', ok ? 'ok' : 'failed');
});
";

pub fn document(title: &str, contents: &Contents, views: &[ProfileView]) -> String {
    let mut shared = None;
    let mut graphs = String::new();
    for view in views {
        profile_section(&mut graphs, view, &mut shared);
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}</title><style>{STYLE}</style><script>{SCRIPT}</script>",
        esc(title),
    );
    if let Some(js) = shared {
        let _ = write!(
            out,
            "<script type=\"text/plain\" id=\"inferno-js\">{js}</script>"
        );
    }
    let _ = write!(out, "</head><body>\n<h1>{}</h1>\n", esc(title));
    problems(&mut out, &contents.problems);
    for (member, manifest) in &contents.manifests {
        match manifest {
            Ok(value) => manifest_section(&mut out, member, value),
            Err(e) => {
                let _ = write!(out, "<p class=\"problem\">{}: {}</p>", esc(member), esc(e));
            }
        }
    }
    timeline::section(&mut out, views);
    compare::section(&mut out, views);
    if !views.is_empty() {
        out.push_str("<h2 id=\"profiles\">Profiles</h2>\n");
    }
    out.push_str(&graphs);
    out.push_str(
        "<p>Made by fleetctl-rs; flame graphs drawn by inferno (CDDL-1.0).</p>\
         <pre id=\"self-check\" data-state=\"pending\"></pre>\n</body></html>\n",
    );
    out
}

fn problems(out: &mut String, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    out.push_str("<div class=\"problems\" id=\"problems\"><h2>Problems</h2><ul>");
    for problem in problems {
        let _ = write!(out, "<li class=\"problem\">{}</li>", esc(problem));
    }
    out.push_str("</ul><p>What could be read is shown below.</p></div>\n");
}

/// A JSON scalar as text (`""` for null, objects and lists).
fn scalar(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Every object with an `items` list, wherever it sits (one server at the top level, servers,
/// backends or intervals in lists), with the path that leads to it.
fn item_records<'a>(value: &'a Value, path: &str, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("items").is_some_and(Value::is_array) {
                out.push((path.to_string(), value));
            }
            for (key, child) in map {
                if key != "items" {
                    item_records(child, &format!("{path}.{key}"), out);
                }
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter().enumerate() {
                item_records(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn manifest_section(out: &mut String, member: &str, manifest: &Value) {
    let _ = write!(
        out,
        "<h2 id=\"manifest\">Manifest <small>{}</small></h2>\n<p>",
        esc(member)
    );
    let fields: Vec<String> = manifest
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| (key, scalar(Some(value))))
        .filter(|(_, text)| !text.is_empty())
        .map(|(key, text)| format!("{}: <b>{}</b>", esc(key), esc(&text)))
        .collect();
    out.push_str(&fields.join(" · "));
    out.push_str("</p>\n");
    let mut records = Vec::new();
    item_records(manifest, "", &mut records);
    for (path, record) in records {
        record_table(out, &path, record);
    }
}

/// One server's (backend's, interval's) items, folded under a summary line; open when
/// something failed.
fn record_table(out: &mut String, path: &str, record: &Value) {
    let field = |name: &str| scalar(record.get(name));
    let mut heading: Vec<String> = Vec::new();
    for name in ["context", "backend", "interval", "folder", "address"] {
        let text = field(name);
        if !text.is_empty() && !heading.contains(&text) {
            heading.push(text);
        }
    }
    if heading.is_empty() {
        heading.push(if path.is_empty() {
            "archive".into()
        } else {
            path.into()
        });
    }
    let items: &[Value] = record["items"].as_array().map_or(&[], Vec::as_slice);
    let count = |outcome: &str| items.iter().filter(|i| i["outcome"] == outcome).count();
    let error = record.get("error").and_then(Value::as_str);
    let failed = count("failed");
    let version = scalar(record.get("server_version").and_then(|v| v.get("version")));
    let _ = write!(
        out,
        "<details{}><summary><b>{}</b>{}: {} items, {} ok, {failed} failed, {} unsupported</summary>",
        if failed > 0 || error.is_some() {
            " open"
        } else {
            ""
        },
        esc(&heading.join(" · ")),
        if version.is_empty() {
            String::new()
        } else {
            format!(" (Fleet {})", esc(&version))
        },
        items.len(),
        count("ok"),
        count("unsupported"),
    );
    if let Some(error) = error {
        let _ = write!(out, "<p class=\"problem\">error: {}</p>", esc(error));
    }
    out.push_str(
        "<table><tr><th>item</th><th>member</th><th>outcome</th><th class=n>status</th>\
         <th class=n>bytes</th><th class=n>duration</th><th>error</th><th>redacted</th></tr>",
    );
    for item in items {
        item_row(out, item);
    }
    out.push_str("</table></details>\n");
}

fn item_row(out: &mut String, item: &Value) {
    let field = |name: &str| esc(&scalar(item.get(name)));
    let outcome = field("outcome");
    let redacted: Vec<String> = item
        .get("redactions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, count)| format!("{} ×{}", esc(name), esc(&scalar(Some(count)))))
        .collect();
    let bytes = item.get("bytes").and_then(Value::as_i64);
    let duration = field("duration_ms");
    let _ = write!(
        out,
        "<tr class=\"{outcome}\"><td>{}</td><td>{}</td><td>{outcome}</td><td class=n>{}</td>\
         <td class=n>{}</td><td class=n>{}</td><td>{}</td><td>{}</td></tr>",
        field("name"),
        field("member"),
        field("status"),
        bytes.map(|b| format_value(b, "bytes")).unwrap_or_default(),
        if duration.is_empty() {
            duration
        } else {
            format!("{duration} ms")
        },
        field("error"),
        redacted.join(", ")
    );
}

/// Runs the page's one copy of inferno's script (`#inferno-js`) in a graph's document. The `;`
/// keeps it as inferno runs it: after its settings, its "use strict" is not a directive.
const LOADER: &str = "]]></script><script>var s = document.createElement('script'); \
     s.text = ';' + parent.document.getElementById('inferno-js').textContent; \
     document.head.appendChild(s);</script>";

/// inferno's script (the same ~16 KiB in every graph) taken out of `svg` into `shared`, the
/// page's one copy, and replaced by [`LOADER`]; `svg` as it is when its script differs or is
/// not where inferno writes it.
fn share_script(svg: &str, shared: &mut Option<String>) -> String {
    const OPEN: &str = "]]><![CDATA[";
    const CLOSE: &str = "]]></script>";
    let Some(start) = svg.find(OPEN) else {
        return svg.to_string();
    };
    let Some(len) = svg[start..].find(CLOSE) else {
        return svg.to_string();
    };
    let js = &svg[start + OPEN.len()..start + len];
    if js.contains("</script") || js.contains("<!--") {
        return svg.to_string();
    }
    match shared {
        Some(first) if first != js => return svg.to_string(),
        Some(_) => {}
        None => *shared = Some(js.to_string()),
    }
    format!(
        "{}{LOADER}{}",
        &svg[..start],
        &svg[start + len + CLOSE.len()..]
    )
}

/// The flame graph's SVG as an iframe's document: inferno's script works on a document of its
/// own, and keeps no history in a page that is not its own.
fn flame_frame(
    view: &ProfileView,
    data: &ProfileData,
    svg: &[u8],
    shared: &mut Option<String>,
) -> String {
    let svg = share_script(&String::from_utf8_lossy(svg), shared);
    let start = svg.find("<svg").unwrap_or(0);
    let height = svg[start..]
        .split("height=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse::<u32>().ok())
        .unwrap_or(300);
    let doc = format!(
        "<!DOCTYPE html><meta charset=\"utf-8\"><style>body{{margin:0}}body>svg{{display:block;width:100%;height:auto}}</style>\
         <script>history.replaceState=function(){{}};</script>{}",
        &svg[start..]
    );
    let top = data
        .top
        .first()
        .filter(|_| data.total != 0)
        .map(|f| f.name.as_str());
    format!(
        "<iframe class=\"flame\" title=\"flame graph of {member}\" data-member=\"{member}\" \
         data-top=\"{}\" style=\"height:{}px\" srcdoc=\"{}\"></iframe>",
        esc(top.unwrap_or("")),
        height + 4,
        esc(&doc),
        member = esc(&view.member),
    )
}

fn top_table(out: &mut String, data: &ProfileData) {
    out.push_str(
        "<table><tr><th class=n>flat</th><th class=n>flat%</th><th class=n>cum</th>\
         <th class=n>cum%</th><th>function</th></tr>",
    );
    for f in &data.top {
        let _ = write!(
            out,
            "<tr><td class=n>{}</td><td class=n>{:.1}%</td><td class=n>{}</td>\
             <td class=n>{:.1}%</td><td>{}</td></tr>",
            format_value(f.flat, &data.unit),
            super::view::percent(f.flat, data.total),
            format_value(f.cum, &data.unit),
            super::view::percent(f.cum, data.total),
            esc(&f.name)
        );
    }
    out.push_str("</table>");
}

fn profile_section(out: &mut String, view: &ProfileView, shared: &mut Option<String>) {
    let _ = writeln!(out, "<h3 id=\"{0}\">{0}</h3>", esc(&view.member));
    let data = match &view.data {
        Ok(data) => data,
        Err(e) => {
            let _ = writeln!(out, "<p class=\"problem\">cannot read it: {}</p>", esc(e));
            return;
        }
    };
    let _ = write!(
        out,
        "<p>{}: total {} in {} samples</p>\n<div class=\"profile\">",
        esc(&data.sample_type),
        esc(&format_value(data.total, &data.unit)),
        data.samples
    );
    match &data.svg {
        Ok(svg) => out.push_str(&flame_frame(view, data, svg, shared)),
        Err(e) => {
            let _ = write!(out, "<p class=\"problem\">{}</p>", esc(e));
        }
    }
    top_table(out, data);
    out.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_tables_are_found_wherever_the_manifest_puts_them() {
        let manifest = serde_json::json!({
            "tool": "fleetctl-rs",
            "servers": [{"context": "a", "items": [], "backends": [{"backend": "redis", "items": [
                {"name": "heap", "outcome": "failed", "error": "<boom>", "bytes": 2048,
                 "redactions": {"token": 2}}]}]}],
            "intervals": [{"interval": "1", "items": []}]
        });
        let mut records = Vec::new();
        item_records(&manifest, "", &mut records);
        let paths: Vec<&str> = records.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            paths,
            [".intervals[0]", ".servers[0]", ".servers[0].backends[0]"]
        );
        let mut out = String::new();
        manifest_section(&mut out, "manifest.json", &manifest);
        assert!(
            out.contains("<summary><b>redis</b>: 1 items, 0 ok, 1 failed"),
            "{out}"
        );
        assert!(out.contains("<details open>"));
        assert!(out.contains("&lt;boom&gt;") && out.contains("token ×2") && out.contains("2.0KiB"));
        assert!(out.contains("<tr class=\"failed\">"));
    }

    #[test]
    fn inferno_script_is_carried_once_by_the_page() {
        let graph = crate::flame::FlameGraph {
            title: "t",
            unit: "count",
            min_fraction: 0.0,
        };
        let svg = crate::flame::svg(&[("main;work".to_string(), 5)], &graph).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        let mut shared = None;
        let first = share_script(&svg, &mut shared);
        let second = share_script(&svg, &mut shared);
        assert!(shared.unwrap().contains("function init("));
        assert!(first == second && first.contains(LOADER) && !first.contains("function init("));
        assert!(
            first.contains("var nametype"),
            "the graph keeps its own settings"
        );
        let mut other = Some("something else".to_string());
        assert_eq!(
            share_script(&svg, &mut other),
            svg,
            "a different script stays inline"
        );
    }
}
