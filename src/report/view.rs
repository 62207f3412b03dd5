//! A profile as the report shows it: where it sits in the archive (server, interval), its main
//! sample type, top functions and flame graph; and the text helpers every section uses.

use crate::pprof::{FunctionTotal, Profile};

/// One profile of the archive, summarised for the report.
pub struct ProfileView {
    /// The member's path below the archive's folder, e.g. `fleet-a/profile.prof`.
    pub member: String,
    /// The file name without `.prof`: `profile`, `heap`, `goroutine`...
    pub kind: String,
    /// The folders above the file that name a server (and backend), `""` at the top level.
    pub server: String,
    /// The interval folder, when the archive is a timeline.
    pub interval: Option<String>,
    pub data: Result<ProfileData, String>,
}

pub struct ProfileData {
    pub sample_type: String,
    pub unit: String,
    pub samples: usize,
    pub total: i64,
    pub top: Vec<FunctionTotal>,
    pub svg: Result<Vec<u8>, String>,
}

/// How many functions each profile's table lists.
const TOP: usize = 12;

/// A folder that names an interval of a timeline archive: `interval-N`, `interval_N`, `iN` or
/// a number.
fn is_interval_folder(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let rest = name
        .strip_prefix("interval")
        .map(|r| r.trim_start_matches(['-', '_']))
        .or_else(|| name.strip_prefix('i'))
        .unwrap_or(name);
    digits(rest)
}

fn summarize(profile: &Profile, member: &str) -> ProfileData {
    let index = profile.main_sample_index();
    let sample_type = profile
        .sample_type_names()
        .get(index)
        .cloned()
        .unwrap_or_default();
    let unit = sample_type.rsplit('/').next().unwrap_or("").to_string();
    let title = format!("{member}: {sample_type}");
    ProfileData {
        samples: profile.sample.len(),
        total: profile.total(index),
        top: profile.top_functions(index).into_iter().take(TOP).collect(),
        svg: crate::flame::profile_svg(profile, index, &title, crate::flame::REPORT_MIN_FRACTION),
        sample_type,
        unit,
    }
}

impl ProfileView {
    pub fn new(member: &str, profile: &Result<Profile, String>) -> Self {
        let parts: Vec<&str> = member.split('/').collect();
        let (folders, file) = parts.split_at(parts.len().saturating_sub(1));
        let interval = folders
            .iter()
            .rev()
            .find(|f| is_interval_folder(f))
            .map(|f| f.to_string());
        let server: Vec<&str> = folders
            .iter()
            .copied()
            .filter(|f| !is_interval_folder(f))
            .collect();
        let file = file.first().copied().unwrap_or(member);
        ProfileView {
            member: member.to_string(),
            kind: file.strip_suffix(".prof").unwrap_or(file).to_string(),
            server: server.join("/"),
            interval,
            data: profile
                .as_ref()
                .map(|p| summarize(p, member))
                .map_err(Clone::clone),
        }
    }
}

/// Text from the archive, safe in HTML text and in attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `part` as a percentage of `total` (0 for an empty total).
pub fn percent(part: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_text_is_escaped() {
        assert_eq!(esc("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn interval_folders_are_recognised() {
        for name in ["interval-3", "interval_12", "i2", "7"] {
            assert!(is_interval_folder(name), "{name}");
        }
        for name in ["fleet-a", "interval", "i", "mysql", ""] {
            assert!(!is_interval_folder(name), "{name}");
        }
    }

    #[test]
    fn a_member_path_names_its_server_and_interval() {
        let bad: Result<Profile, String> = Err("broken".into());
        let view = ProfileView::new("fleet-a/redis/interval-2/heap.prof", &bad);
        assert_eq!(view.server, "fleet-a/redis");
        assert_eq!(view.interval.as_deref(), Some("interval-2"));
        assert_eq!(view.kind, "heap");
        let top = ProfileView::new("profile.prof", &bad);
        assert_eq!((top.server.as_str(), top.interval), ("", None));
    }
}
