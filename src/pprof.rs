//! pprof profiles (github.com/google/pprof, profile.proto) read with `prost`, through the
//! message types generated from profile.proto (src/pprof/perftools.profiles.rs, committed so that
//! building needs no protoc; origin and licence in src/pprof/PROTO_ORIGIN.md). On top of the
//! reader: the limits that make hostile bytes harmless (bounded inflate and input, string indices
//! checked, sums that saturate instead of overflowing), and the views `debug inspect` and the flame
//! graphs need: the main sample type, top functions, folded stacks.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::rc::Rc;

use prost::Message as _;

#[allow(clippy::all, clippy::pedantic)]
mod generated {
    include!("pprof/perftools.profiles.rs");
}
pub use generated::{Function, Label, Line, Location, Mapping, Profile, Sample, ValueType};

/// A function's share of one sample type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionTotal {
    pub name: String,
    pub flat: i64,
    pub cum: i64,
}

#[derive(Debug)]
pub enum PprofError {
    Gzip(std::io::Error),
    /// Not a `Profile` message (truncated, a wrong wire type, invalid UTF-8, too deeply nested).
    Decode(prost::DecodeError),
    BadStringIndex(i64),
    Empty,
    /// The gzip stream inflates beyond [`MAX_INFLATED_BYTES`] (a gzip bomb, or not a profile).
    TooLarge,
    /// The raw (not gzipped) input is larger than [`MAX_INFLATED_BYTES`].
    InputTooLarge,
}

/// The most a profile may be (raw, or once inflated) before decoding is refused.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

impl fmt::Display for PprofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PprofError::Gzip(e) => write!(f, "invalid gzip data: {e}"),
            PprofError::Decode(e) => write!(f, "not a pprof profile protobuf: {e}"),
            PprofError::BadStringIndex(i) => write!(f, "string index {i} is out of range"),
            PprofError::Empty => write!(f, "empty profile"),
            PprofError::TooLarge => write!(
                f,
                "inflates to more than {} MiB: not decoded",
                MAX_INFLATED_BYTES >> 20
            ),
            PprofError::InputTooLarge => write!(
                f,
                "larger than {} MiB: not decoded",
                MAX_INFLATED_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for PprofError {}

/// Inflate a gzip stream, refusing more than [`MAX_INFLATED_BYTES`].
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, PprofError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(PprofError::Gzip)?;
    if out.len() as u64 > MAX_INFLATED_BYTES {
        return Err(PprofError::TooLarge);
    }
    Ok(out)
}

/// Decode a profile, gzipped (as Go serves it) or raw.
pub fn decode(bytes: &[u8]) -> Result<Profile, PprofError> {
    if bytes.is_empty() {
        return Err(PprofError::Empty);
    }
    if bytes.len() as u64 > MAX_INFLATED_BYTES {
        return Err(PprofError::InputTooLarge);
    }
    let inflated;
    let data = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = inflate(bytes)?;
        &inflated[..]
    } else {
        bytes
    };
    let profile = Profile::decode(data).map_err(PprofError::Decode)?;
    profile.validate()?;
    Ok(profile)
}

/// A value in its pprof unit, made readable.
pub fn format_value(value: i64, unit: &str) -> String {
    match unit {
        "bytes" => {
            let v = value as f64;
            if v.abs() >= 1024.0 * 1024.0 * 1024.0 {
                format!("{:.2}GiB", v / (1024.0 * 1024.0 * 1024.0))
            } else if v.abs() >= 1024.0 * 1024.0 {
                format!("{:.2}MiB", v / (1024.0 * 1024.0))
            } else if v.abs() >= 1024.0 {
                format!("{:.1}KiB", v / 1024.0)
            } else {
                format!("{value}B")
            }
        }
        "nanoseconds" => {
            let v = value as f64;
            if v.abs() >= 1e9 {
                format!("{:.2}s", v / 1e9)
            } else {
                format!("{:.2}ms", v / 1e6)
            }
        }
        _ => value.to_string(),
    }
}

/// A frame's name for the folded-stack format: `;` separates frames there and a line ends the
/// record, so neither may appear inside a name.
fn folded_frame_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ';' => ':',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

/// Every location's frame names, innermost (inlined) function first, resolved once.
struct Frames {
    by_location: HashMap<u64, Vec<Rc<str>>>,
}

impl Frames {
    fn new(profile: &Profile) -> Self {
        let functions: HashMap<u64, &Function> =
            profile.function.iter().map(|f| (f.id, f)).collect();
        let name_of = |id: u64| -> Rc<str> {
            functions
                .get(&id)
                .map(|f| profile.string(f.name))
                .filter(|n| !n.is_empty())
                .map_or_else(|| format!("function#{id}").into(), Rc::from)
        };
        let by_location = profile
            .location
            .iter()
            .map(|loc| {
                let names = if loc.line.is_empty() {
                    vec![Rc::from(format!("0x{:x}", loc.address))]
                } else {
                    loc.line.iter().map(|l| name_of(l.function_id)).collect()
                };
                (loc.id, names)
            })
            .collect();
        Frames { by_location }
    }

    /// The names at `location_id`, innermost first.
    fn of(&self, location_id: u64) -> Vec<Rc<str>> {
        self.by_location
            .get(&location_id)
            .cloned()
            .unwrap_or_else(|| vec![Rc::from(format!("location#{location_id}"))])
    }

    /// A sample's stack, leaf (innermost) first.
    fn stack(&self, sample: &Sample) -> Vec<Rc<str>> {
        sample
            .location_id
            .iter()
            .flat_map(|&id| self.of(id))
            .collect()
    }
}

impl Profile {
    fn validate(&self) -> Result<(), PprofError> {
        if self.string_table.first().map(String::as_str) != Some("") {
            return Err(PprofError::BadStringIndex(0));
        }
        let n = self.string_table.len() as i64;
        let check = |i: i64| {
            if (0..n).contains(&i) {
                Ok(())
            } else {
                Err(PprofError::BadStringIndex(i))
            }
        };
        for t in self.sample_type.iter().chain(self.period_type.iter()) {
            check(t.ty)?;
            check(t.unit)?;
        }
        for f in &self.function {
            check(f.name)?;
            check(f.system_name)?;
            check(f.filename)?;
        }
        check(self.default_sample_type)?;
        Ok(())
    }

    /// The string at `index`, or "" when out of range.
    pub fn string(&self, index: i64) -> &str {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.string_table.get(i))
            .map_or("", String::as_str)
    }

    /// `type/unit` of every sample type, e.g. `inuse_space/bytes`.
    pub fn sample_type_names(&self) -> Vec<String> {
        self.sample_type
            .iter()
            .map(|t| format!("{}/{}", self.string(t.ty), self.string(t.unit)))
            .collect()
    }

    /// The sample type worth reading first, as `go tool pprof` shows by default for each kind:
    /// the profile's own default, else CPU time, in-use space, goroutines, delay, threads; else
    /// the last one.
    pub fn main_sample_index(&self) -> usize {
        let names = self.sample_type_names();
        if self.default_sample_type != 0 {
            let wanted = self.string(self.default_sample_type);
            if let Some(i) = self
                .sample_type
                .iter()
                .position(|t| self.string(t.ty) == wanted)
            {
                return i;
            }
        }
        for preferred in [
            "cpu/",
            "inuse_space/",
            "goroutine/",
            "delay/",
            "threadcreate/",
        ] {
            if let Some(i) = names.iter().position(|n| n.starts_with(preferred)) {
                return i;
            }
        }
        names.len().saturating_sub(1)
    }

    /// Sum of sample type `value_index` over all samples (saturating).
    pub fn total(&self, value_index: usize) -> i64 {
        self.sample
            .iter()
            .filter_map(|s| s.value.get(value_index))
            .fold(0i64, |sum, &v| sum.saturating_add(v))
    }

    /// Functions by flat value (the leaf frame, innermost inlined function) and cumulative
    /// value (anywhere in the stack, counted once per sample), sorted by flat, then cum, then name.
    pub fn top_functions(&self, value_index: usize) -> Vec<FunctionTotal> {
        let frames = Frames::new(self);
        let mut totals: HashMap<Rc<str>, (i64, i64)> = HashMap::new();
        for sample in &self.sample {
            let Some(&value) = sample.value.get(value_index) else {
                continue;
            };
            let mut seen: HashSet<Rc<str>> = HashSet::new();
            for (i, name) in frames.stack(sample).into_iter().enumerate() {
                let entry = totals.entry(name.clone()).or_default();
                if i == 0 {
                    entry.0 = entry.0.saturating_add(value);
                }
                if seen.insert(name) {
                    entry.1 = entry.1.saturating_add(value);
                }
            }
        }
        let mut list: Vec<FunctionTotal> = totals
            .into_iter()
            .map(|(name, (flat, cum))| FunctionTotal {
                name: name.to_string(),
                flat,
                cum,
            })
            .collect();
        list.sort_by(|a, b| {
            b.flat
                .cmp(&a.flat)
                .then(b.cum.cmp(&a.cum))
                .then(a.name.cmp(&b.name))
        });
        list
    }

    /// The samples of sample type `value_index` as folded stacks (`root;caller;leaf`, the input
    /// of flame graph tools) with their summed values, sorted by stack. Samples whose value is
    /// not positive are left out; a sample without locations is the stack `[no stack]`.
    pub fn folded_stacks(&self, value_index: usize) -> Vec<(String, u64)> {
        let frames = Frames::new(self);
        let mut stacks: HashMap<String, u64> = HashMap::new();
        for sample in &self.sample {
            let Some(value) = sample
                .value
                .get(value_index)
                .and_then(|&v| u64::try_from(v).ok())
                .filter(|&v| v > 0)
            else {
                continue;
            };
            let names = frames.stack(sample);
            let stack = if names.is_empty() {
                "[no stack]".to_string()
            } else {
                let root_first: Vec<String> =
                    names.iter().rev().map(|n| folded_frame_name(n)).collect();
                root_first.join(";")
            };
            let entry = stacks.entry(stack).or_default();
            *entry = entry.saturating_add(value);
        }
        let mut list: Vec<(String, u64)> = stacks.into_iter().collect();
        list.sort();
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// main -> a -> b (b inlined into a at location 2) and recursion main -> r -> r.
    /// Longer than a screen: a test table, every message of the profile written out.
    #[allow(clippy::too_many_lines)]
    fn sample_profile() -> Profile {
        let strings = [
            "",
            "cpu",
            "nanoseconds",
            "samples",
            "count",
            "main",
            "a",
            "b",
            "r",
            "main.go",
            "/bin/app",
            "k",
            "v",
        ];
        Profile {
            sample_type: vec![ValueType { ty: 3, unit: 4 }, ValueType { ty: 1, unit: 2 }],
            sample: vec![
                Sample {
                    location_id: vec![2, 1],
                    value: vec![1, 10],
                    label: vec![Label {
                        key: 11,
                        str: 12,
                        num: 0,
                        num_unit: 0,
                    }],
                },
                Sample {
                    location_id: vec![3, 3, 1],
                    value: vec![2, 20],
                    label: vec![],
                },
                Sample {
                    location_id: vec![1],
                    value: vec![3, 5],
                    label: vec![],
                },
            ],
            mapping: vec![Mapping {
                id: 1,
                memory_start: 0x400000,
                memory_limit: 0x800000,
                file_offset: 0,
                filename: 10,
                build_id: 0,
                has_functions: true,
                has_filenames: true,
                has_line_numbers: true,
                has_inline_frames: true,
            }],
            location: vec![
                Location {
                    id: 1,
                    mapping_id: 1,
                    address: 0x401000,
                    line: vec![Line {
                        function_id: 1,
                        line: 10,
                        column: 0,
                    }],
                    is_folded: false,
                },
                Location {
                    id: 2,
                    mapping_id: 1,
                    address: 0x402000,
                    line: vec![
                        Line {
                            function_id: 3,
                            line: 30,
                            column: 2,
                        },
                        Line {
                            function_id: 2,
                            line: 20,
                            column: 0,
                        },
                    ],
                    is_folded: false,
                },
                Location {
                    id: 3,
                    mapping_id: 1,
                    address: 0x403000,
                    line: vec![Line {
                        function_id: 4,
                        line: 40,
                        column: 0,
                    }],
                    is_folded: true,
                },
            ],
            function: vec![
                Function {
                    id: 1,
                    name: 5,
                    system_name: 5,
                    filename: 9,
                    start_line: 1,
                },
                Function {
                    id: 2,
                    name: 6,
                    system_name: 6,
                    filename: 9,
                    start_line: 2,
                },
                Function {
                    id: 3,
                    name: 7,
                    system_name: 7,
                    filename: 9,
                    start_line: 3,
                },
                Function {
                    id: 4,
                    name: 8,
                    system_name: 8,
                    filename: 9,
                    start_line: 4,
                },
            ],
            string_table: strings.iter().map(|s| s.to_string()).collect(),
            drop_frames: 0,
            keep_frames: 0,
            time_nanos: 1_700_000_000_000_000_000,
            duration_nanos: 1_000_000_000,
            period_type: Some(ValueType { ty: 1, unit: 2 }),
            period: 10_000_000,
            comment: vec![5, 6],
            default_sample_type: 1,
            doc_url: 0,
        }
    }

    /// [`sample_profile`] as protobuf bytes, written out by hand field by field (proto3: zero
    /// values left out), so the reader is tested against bytes that no encoder of ours wrote.
    #[rustfmt::skip]
    const SAMPLE_PROFILE_PB: &[u8] = &[
        // sample_type {samples, count}
        0x0a, 0x04, 0x08, 0x03, 0x10, 0x04,
        // sample_type {cpu, nanoseconds}
        0x0a, 0x04, 0x08, 0x01, 0x10, 0x02,
        // sample {location_id: [2, 1], value: [1, 10], label {k: v}}
        0x12, 0x0e, 0x0a, 0x02, 0x02, 0x01, 0x12, 0x02, 0x01, 0x0a, 0x1a, 0x04,
        0x08, 0x0b, 0x10, 0x0c,
        // sample {location_id: [3, 3, 1], value: [2, 20]}
        0x12, 0x09, 0x0a, 0x03, 0x03, 0x03, 0x01, 0x12, 0x02, 0x02, 0x14,
        // sample {location_id: [1], value: [3, 5]}
        0x12, 0x07, 0x0a, 0x01, 0x01, 0x12, 0x02, 0x03, 0x05,
        // mapping {id 1, 0x400000..0x800000, /bin/app, every has_* flag}
        0x1a, 0x16, 0x08, 0x01, 0x10, 0x80, 0x80, 0x80, 0x02, 0x18, 0x80, 0x80,
        0x80, 0x04, 0x28, 0x0a, 0x38, 0x01, 0x40, 0x01, 0x48, 0x01, 0x50, 0x01,
        // location 1: main.go:10 in main
        0x22, 0x0f, 0x08, 0x01, 0x10, 0x01, 0x18, 0x80, 0xa0, 0x80, 0x02, 0x22,
        0x04, 0x08, 0x01, 0x10, 0x0a,
        // location 2: b (line 30, column 2) inlined into a (line 20)
        0x22, 0x17, 0x08, 0x02, 0x10, 0x01, 0x18, 0x80, 0xc0, 0x80, 0x02, 0x22,
        0x06, 0x08, 0x03, 0x10, 0x1e, 0x18, 0x02, 0x22, 0x04, 0x08, 0x02, 0x10,
        0x14,
        // location 3: r (line 40), folded
        0x22, 0x11, 0x08, 0x03, 0x10, 0x01, 0x18, 0x80, 0xe0, 0x80, 0x02, 0x22,
        0x04, 0x08, 0x04, 0x10, 0x28, 0x28, 0x01,
        // function 1
        0x2a, 0x0a, 0x08, 0x01, 0x10, 0x05, 0x18, 0x05, 0x20, 0x09, 0x28, 0x01,
        // function 2
        0x2a, 0x0a, 0x08, 0x02, 0x10, 0x06, 0x18, 0x06, 0x20, 0x09, 0x28, 0x02,
        // function 3
        0x2a, 0x0a, 0x08, 0x03, 0x10, 0x07, 0x18, 0x07, 0x20, 0x09, 0x28, 0x03,
        // function 4
        0x2a, 0x0a, 0x08, 0x04, 0x10, 0x08, 0x18, 0x08, 0x20, 0x09, 0x28, 0x04,
        // string_table: "", "cpu", "nanoseconds", "samples", "count", "main", "a", "b", "r", "main.go", "/bin/app", "k", "v"
        0x32, 0x00, 0x32, 0x03, 0x63, 0x70, 0x75, 0x32, 0x0b, 0x6e, 0x61, 0x6e,
        0x6f, 0x73, 0x65, 0x63, 0x6f, 0x6e, 0x64, 0x73, 0x32, 0x07, 0x73, 0x61,
        0x6d, 0x70, 0x6c, 0x65, 0x73, 0x32, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74,
        0x32, 0x04, 0x6d, 0x61, 0x69, 0x6e, 0x32, 0x01, 0x61, 0x32, 0x01, 0x62,
        0x32, 0x01, 0x72, 0x32, 0x07, 0x6d, 0x61, 0x69, 0x6e, 0x2e, 0x67, 0x6f,
        0x32, 0x08, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x61, 0x70, 0x70, 0x32, 0x01,
        0x6b, 0x32, 0x01, 0x76,
        // time_nanos, duration_nanos
        0x48, 0x80, 0x80, 0xa8, 0xb1, 0xe3, 0x9f, 0xe7, 0xcb, 0x17, 0x50, 0x80,
        0x94, 0xeb, 0xdc, 0x03,
        // period_type {cpu, nanoseconds}, period
        0x5a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x60, 0x80, 0xad, 0xe2, 0x04,
        // comment [5, 6], default_sample_type 1
        0x6a, 0x02, 0x05, 0x06, 0x70, 0x01,
    ];

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(format_value(1536, "bytes"), "1.5KiB");
        assert_eq!(format_value(3 * 1024 * 1024, "bytes"), "3.00MiB");
        assert_eq!(format_value(2_500_000_000, "nanoseconds"), "2.50s");
        assert_eq!(format_value(7, "count"), "7");
    }

    #[test]
    fn decodes_raw_and_gzip() {
        let p = sample_profile();
        assert_eq!(decode(SAMPLE_PROFILE_PB).unwrap(), p);
        assert_eq!(decode(&gzip(SAMPLE_PROFILE_PB)).unwrap(), p);
    }

    #[test]
    fn unpacked_repeated_fields_and_unknown_fields_decode() {
        #[rustfmt::skip]
        let bytes = [
            // sample: location ids 7 and 8 unpacked, value 5 unpacked
            0x12, 0x06, 0x08, 0x07, 0x08, 0x08, 0x10, 0x05,
            // unknown field 99, fixed64
            0x99, 0x06, 0, 0, 0, 0, 0, 0, 0, 0,
            // unknown field 98, fixed32
            0x95, 0x06, 0, 0, 0, 0,
            // string_table [""]
            0x32, 0x00,
        ];
        let p = decode(&bytes).unwrap();
        assert_eq!(p.sample[0].location_id, vec![7, 8]);
        assert_eq!(p.sample[0].value, vec![5]);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = SAMPLE_PROFILE_PB;
        for len in 1..bytes.len() {
            let _ = decode(&bytes[..len]);
        }
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(matches!(decode(b""), Err(PprofError::Empty)));
        assert!(decode(b"\x1f\x8bnot really gzip").is_err());
    }

    #[test]
    fn bad_string_index_is_rejected() {
        // A function named by string 99, and a string table of one empty string.
        let bytes = [0x2a, 0x04, 0x08, 0x01, 0x10, 0x63, 0x32, 0x00];
        assert!(matches!(
            decode(&bytes),
            Err(PprofError::BadStringIndex(99))
        ));
    }

    #[test]
    fn top_functions_count_flat_at_the_leaf_and_cum_once_per_sample() {
        let p = sample_profile();
        assert_eq!(
            p.sample_type_names(),
            vec!["samples/count", "cpu/nanoseconds"]
        );
        assert_eq!(p.total(1), 35);
        let top = p.top_functions(1);
        let get = |n: &str| top.iter().find(|f| f.name == n).cloned().unwrap();
        // r is recursive: flat 20, cum 20 (not 40).
        assert_eq!(
            get("r"),
            FunctionTotal {
                name: "r".into(),
                flat: 20,
                cum: 20
            }
        );
        // b is inlined into a: b is the leaf.
        assert_eq!(
            get("b"),
            FunctionTotal {
                name: "b".into(),
                flat: 10,
                cum: 10
            }
        );
        assert_eq!(
            get("a"),
            FunctionTotal {
                name: "a".into(),
                flat: 0,
                cum: 10
            }
        );
        assert_eq!(
            get("main"),
            FunctionTotal {
                name: "main".into(),
                flat: 5,
                cum: 35
            }
        );
        assert_eq!(top[0].name, "r");
    }

    #[test]
    fn prost_encoding_reads_back_and_matches_the_hand_written_bytes() {
        let p = sample_profile();
        assert_eq!(p.encode_to_vec(), SAMPLE_PROFILE_PB);
        assert_eq!(decode(&p.encode_to_vec()).unwrap(), p);
    }

    #[test]
    fn broken_gzip_and_broken_protobuf_are_errors() {
        assert!(matches!(decode(b"\x1f\x8b"), Err(PprofError::Gzip(_))));
        assert!(matches!(
            decode(&[0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
            Err(PprofError::Decode(_))
        ));
    }

    #[test]
    fn folded_stacks_are_root_first_with_inlined_frames_and_summed_values() {
        let p = sample_profile();
        assert_eq!(
            p.folded_stacks(1),
            vec![
                ("main".to_string(), 5),
                ("main;a;b".to_string(), 10),
                ("main;r;r".to_string(), 20),
            ]
        );
        assert_eq!(p.folded_stacks(0).iter().map(|s| s.1).sum::<u64>(), 6);
        assert!(p.folded_stacks(7).is_empty());
    }

    #[test]
    fn folded_frame_names_cannot_break_the_format() {
        let mut p = sample_profile();
        p.string_table[5] = "ma;in\nx".into();
        assert_eq!(p.folded_stacks(1)[0].0, "ma:in?x");
    }

    #[test]
    fn sums_saturate_instead_of_overflowing() {
        let mut p = sample_profile();
        for s in &mut p.sample {
            s.value = vec![i64::MAX, i64::MAX];
        }
        assert_eq!(p.total(1), i64::MAX);
        assert_eq!(p.top_functions(1)[0].cum, i64::MAX);
        assert!(p.folded_stacks(1).iter().all(|s| s.1 == i64::MAX as u64));
        assert_eq!(p.main_sample_index(), 1);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            if let Ok(p) = decode(&bytes) {
                let index = p.main_sample_index();
                let _ = (p.total(index), p.top_functions(index), p.folded_stacks(index));
            }
            let _ = decode(&gzip(&bytes));
        }

        #[test]
        fn mutated_profiles_never_panic(at in 0usize..SAMPLE_PROFILE_PB.len(), byte in proptest::prelude::any::<u8>()) {
            let mut bytes = SAMPLE_PROFILE_PB.to_vec();
            bytes[at] = byte;
            if let Ok(p) = decode(&bytes) {
                let index = p.main_sample_index();
                let _ = (p.total(index), p.top_functions(index), p.folded_stacks(index));
            }
        }
    }
}
