//! The pprof `Profile` protobuf (github.com/google/pprof, profile.proto), read by hand: a small
//! wire-format decoder, no protobuf crate. Used by `debug inspect` and the tests (the encoder
//! that builds the test fixtures' profiles is in tests/support/pprof_encode.rs).

use std::fmt;
use std::io::Read;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub sample_type: Vec<ValueType>,
    pub sample: Vec<Sample>,
    pub mapping: Vec<Mapping>,
    pub location: Vec<Location>,
    pub function: Vec<Function>,
    pub string_table: Vec<String>,
    pub drop_frames: i64,
    pub keep_frames: i64,
    pub time_nanos: i64,
    pub duration_nanos: i64,
    pub period_type: Option<ValueType>,
    pub period: i64,
    pub comment: Vec<i64>,
    pub default_sample_type: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueType {
    /// Index into the string table.
    pub r#type: i64,
    /// Index into the string table.
    pub unit: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample {
    /// Leaf first.
    pub location_id: Vec<u64>,
    pub value: Vec<i64>,
    pub label: Vec<Label>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Label {
    pub key: i64,
    pub str: i64,
    pub num: i64,
    pub num_unit: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub id: u64,
    pub memory_start: u64,
    pub memory_limit: u64,
    pub file_offset: u64,
    pub filename: i64,
    pub build_id: i64,
    pub has_functions: bool,
    pub has_filenames: bool,
    pub has_line_numbers: bool,
    pub has_inline_frames: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    pub id: u64,
    pub mapping_id: u64,
    pub address: u64,
    /// Innermost (inlined) function first.
    pub line: Vec<Line>,
    pub is_folded: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    pub function_id: u64,
    pub line: i64,
    pub column: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Function {
    pub id: u64,
    pub name: i64,
    pub system_name: i64,
    pub filename: i64,
    pub start_line: i64,
}

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
    Truncated {
        offset: usize,
    },
    BadWireType {
        field: u32,
        wire_type: u8,
    },
    InvalidUtf8,
    BadStringIndex(i64),
    Empty,
    /// The gzip stream inflates beyond [`MAX_INFLATED_BYTES`] (a gzip bomb, or not a profile).
    TooLarge,
}

/// The most a gzipped profile may inflate to before decoding is refused.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

impl fmt::Display for PprofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PprofError::Gzip(e) => write!(f, "invalid gzip data: {e}"),
            PprofError::Truncated { offset } => write!(f, "truncated protobuf at byte {offset}"),
            PprofError::BadWireType { field, wire_type } => {
                write!(f, "field {field} has unexpected wire type {wire_type}")
            }
            PprofError::InvalidUtf8 => write!(f, "a string is not valid UTF-8"),
            PprofError::BadStringIndex(i) => write!(f, "string index {i} is out of range"),
            PprofError::Empty => write!(f, "empty profile"),
            PprofError::TooLarge => write!(
                f,
                "inflates to more than {} MiB: not decoded",
                MAX_INFLATED_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for PprofError {}

// ---- wire format -------------------------------------------------------------------------

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
}

enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8], base: usize) -> Self {
        Reader { data, pos: 0, base }
    }

    fn truncated(&self) -> PprofError {
        PprofError::Truncated {
            offset: self.base + self.pos,
        }
    }

    fn varint(&mut self) -> Result<u64, PprofError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.data.get(self.pos).ok_or_else(|| self.truncated())?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(self.truncated())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PprofError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| self.truncated())?;
        let slice = &self.data[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    /// Next (field number, value), or None at the end.
    fn field(&mut self) -> Result<Option<(u32, Value<'a>)>, PprofError> {
        if self.pos >= self.data.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let field = (key >> 3) as u32;
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Value::Fixed
            }
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| self.truncated())?;
                Value::Bytes(self.take(len)?)
            }
            5 => {
                self.take(4)?;
                Value::Fixed
            }
            wire_type => {
                return Err(PprofError::BadWireType {
                    field,
                    wire_type: wire_type as u8,
                });
            }
        };
        Ok(Some((field, value)))
    }
}

fn as_varint(field: u32, value: &Value<'_>) -> Result<u64, PprofError> {
    match value {
        Value::Varint(v) => Ok(*v),
        _ => Err(PprofError::BadWireType {
            field,
            wire_type: 2,
        }),
    }
}

fn as_bytes<'a>(field: u32, value: &Value<'a>) -> Result<&'a [u8], PprofError> {
    match value {
        Value::Bytes(b) => Ok(b),
        _ => Err(PprofError::BadWireType {
            field,
            wire_type: 0,
        }),
    }
}

/// A repeated integer field, packed or not.
fn push_repeated(
    out: &mut Vec<u64>,
    field: u32,
    value: &Value<'_>,
    base: usize,
) -> Result<(), PprofError> {
    match value {
        Value::Varint(v) => out.push(*v),
        Value::Bytes(bytes) => {
            let mut r = Reader::new(bytes, base);
            while r.pos < bytes.len() {
                out.push(r.varint()?);
            }
        }
        Value::Fixed => {
            return Err(PprofError::BadWireType {
                field,
                wire_type: 1,
            });
        }
    }
    Ok(())
}

fn decode_message<T: Default>(
    bytes: &[u8],
    base: usize,
    mut set: impl FnMut(&mut T, u32, Value<'_>, usize) -> Result<(), PprofError>,
) -> Result<T, PprofError> {
    let mut message = T::default();
    let mut reader = Reader::new(bytes, base);
    while let Some((field, value)) = reader.field()? {
        set(&mut message, field, value, base + reader.pos)?;
    }
    Ok(message)
}

/// Fields 1..=N of a message whose fields are integers, by number (a repeated field's last
/// value wins); a later field is skipped, an earlier one that is not a varint is an error.
fn varint_fields<const N: usize>(bytes: &[u8], base: usize) -> Result<[u64; N], PprofError> {
    let mut fields = [0; N];
    let mut reader = Reader::new(bytes, base);
    while let Some((field, value)) = reader.field()? {
        if let Some(slot) = (field as usize)
            .checked_sub(1)
            .and_then(|i| fields.get_mut(i))
        {
            *slot = as_varint(field, &value)?;
        }
    }
    Ok(fields)
}

fn decode_value_type(bytes: &[u8], base: usize) -> Result<ValueType, PprofError> {
    let [r#type, unit] = varint_fields(bytes, base)?;
    Ok(ValueType {
        r#type: r#type as i64,
        unit: unit as i64,
    })
}

fn decode_sample(bytes: &[u8], base: usize) -> Result<Sample, PprofError> {
    decode_message(bytes, base, |m: &mut Sample, field, value, at| {
        match field {
            1 => push_repeated(&mut m.location_id, field, &value, at)?,
            2 => {
                let mut raw = Vec::new();
                push_repeated(&mut raw, field, &value, at)?;
                m.value.extend(raw.into_iter().map(|v| v as i64));
            }
            3 => m.label.push(decode_message(
                as_bytes(field, &value)?,
                at,
                |l: &mut Label, f, v, _| {
                    let n = as_varint(f, &v)? as i64;
                    match f {
                        1 => l.key = n,
                        2 => l.str = n,
                        3 => l.num = n,
                        4 => l.num_unit = n,
                        _ => {}
                    }
                    Ok(())
                },
            )?),
            _ => {}
        }
        Ok(())
    })
}

fn decode_mapping(bytes: &[u8], base: usize) -> Result<Mapping, PprofError> {
    let [
        id,
        start,
        limit,
        offset,
        filename,
        build_id,
        funcs,
        files,
        lines,
        inlines,
    ] = varint_fields(bytes, base)?;
    Ok(Mapping {
        id,
        memory_start: start,
        memory_limit: limit,
        file_offset: offset,
        filename: filename as i64,
        build_id: build_id as i64,
        has_functions: funcs != 0,
        has_filenames: files != 0,
        has_line_numbers: lines != 0,
        has_inline_frames: inlines != 0,
    })
}

fn decode_location(bytes: &[u8], base: usize) -> Result<Location, PprofError> {
    decode_message(bytes, base, |m: &mut Location, field, value, at| {
        match field {
            1 => m.id = as_varint(field, &value)?,
            2 => m.mapping_id = as_varint(field, &value)?,
            3 => m.address = as_varint(field, &value)?,
            4 => {
                let [function_id, line, column] = varint_fields(as_bytes(field, &value)?, at)?;
                m.line.push(Line {
                    function_id,
                    line: line as i64,
                    column: column as i64,
                });
            }
            5 => m.is_folded = as_varint(field, &value)? != 0,
            _ => {}
        }
        Ok(())
    })
}

fn decode_function(bytes: &[u8], base: usize) -> Result<Function, PprofError> {
    let [id, name, system_name, filename, start_line] = varint_fields(bytes, base)?;
    Ok(Function {
        id,
        name: name as i64,
        system_name: system_name as i64,
        filename: filename as i64,
        start_line: start_line as i64,
    })
}

/// Decode a profile, gzipped (as Go serves it) or raw.
pub fn decode(bytes: &[u8]) -> Result<Profile, PprofError> {
    if bytes.is_empty() {
        return Err(PprofError::Empty);
    }
    let raw;
    let data = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .take(MAX_INFLATED_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(PprofError::Gzip)?;
        if out.len() as u64 > MAX_INFLATED_BYTES {
            return Err(PprofError::TooLarge);
        }
        raw = out;
        &raw[..]
    } else {
        bytes
    };
    let profile = decode_message(data, 0, |p: &mut Profile, field, value, at| {
        match field {
            1 => p
                .sample_type
                .push(decode_value_type(as_bytes(field, &value)?, at)?),
            2 => p.sample.push(decode_sample(as_bytes(field, &value)?, at)?),
            3 => p
                .mapping
                .push(decode_mapping(as_bytes(field, &value)?, at)?),
            4 => p
                .location
                .push(decode_location(as_bytes(field, &value)?, at)?),
            5 => p
                .function
                .push(decode_function(as_bytes(field, &value)?, at)?),
            6 => p.string_table.push(
                String::from_utf8(as_bytes(field, &value)?.to_vec())
                    .map_err(|_| PprofError::InvalidUtf8)?,
            ),
            7 => p.drop_frames = as_varint(field, &value)? as i64,
            8 => p.keep_frames = as_varint(field, &value)? as i64,
            9 => p.time_nanos = as_varint(field, &value)? as i64,
            10 => p.duration_nanos = as_varint(field, &value)? as i64,
            11 => p.period_type = Some(decode_value_type(as_bytes(field, &value)?, at)?),
            12 => p.period = as_varint(field, &value)? as i64,
            13 => {
                let mut raw = Vec::new();
                push_repeated(&mut raw, field, &value, at)?;
                p.comment.extend(raw.into_iter().map(|v| v as i64));
            }
            14 => p.default_sample_type = as_varint(field, &value)? as i64,
            _ => {}
        }
        Ok(())
    })?;
    profile.validate()?;
    Ok(profile)
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
            check(t.r#type)?;
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
            .map(|t| format!("{}/{}", self.string(t.r#type), self.string(t.unit)))
            .collect()
    }

    /// Sum of sample type `value_index` over all samples.
    pub fn total(&self, value_index: usize) -> i64 {
        self.sample
            .iter()
            .filter_map(|s| s.value.get(value_index))
            .sum()
    }

    /// Functions by flat value (the leaf frame, innermost inlined function) and cumulative
    /// value (anywhere in the stack, counted once per sample), sorted by flat, then cum, then name.
    pub fn top_functions(&self, value_index: usize) -> Vec<FunctionTotal> {
        use std::collections::{HashMap, HashSet};
        let functions: HashMap<u64, &Function> = self.function.iter().map(|f| (f.id, f)).collect();
        let locations: HashMap<u64, &Location> = self.location.iter().map(|l| (l.id, l)).collect();
        let name_of = |id: u64| -> String {
            functions
                .get(&id)
                .map(|f| self.string(f.name).to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("function#{id}"))
        };
        let mut totals: HashMap<String, (i64, i64)> = HashMap::new();
        for sample in &self.sample {
            let Some(&value) = sample.value.get(value_index) else {
                continue;
            };
            let mut seen: HashSet<String> = HashSet::new();
            for (depth, location_id) in sample.location_id.iter().enumerate() {
                let frames: Vec<String> = match locations.get(location_id) {
                    Some(loc) if !loc.line.is_empty() => {
                        loc.line.iter().map(|l| name_of(l.function_id)).collect()
                    }
                    Some(loc) => vec![format!("0x{:x}", loc.address)],
                    None => vec![format!("location#{location_id}")],
                };
                for (i, name) in frames.into_iter().enumerate() {
                    let entry = totals.entry(name.clone()).or_default();
                    if depth == 0 && i == 0 {
                        entry.0 += value;
                    }
                    if seen.insert(name) {
                        entry.1 += value;
                    }
                }
            }
        }
        let mut list: Vec<FunctionTotal> = totals
            .into_iter()
            .map(|(name, (flat, cum))| FunctionTotal { name, flat, cum })
            .collect();
        list.sort_by(|a, b| {
            b.flat
                .cmp(&a.flat)
                .then(b.cum.cmp(&a.cum))
                .then(a.name.cmp(&b.name))
        });
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
            sample_type: vec![
                ValueType { r#type: 3, unit: 4 },
                ValueType { r#type: 1, unit: 2 },
            ],
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
            period_type: Some(ValueType { r#type: 1, unit: 2 }),
            period: 10_000_000,
            comment: vec![5, 6],
            default_sample_type: 1,
        }
    }

    /// [`sample_profile`] as protobuf bytes, written out by hand field by field (proto3: zero
    /// values left out), so the decoder is tested without an encoder in the library.
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
}
