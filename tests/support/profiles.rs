//! Deterministic, realistic pprof bodies for the bundled server: what a Fleet server's
//! net/http/pprof would serve, encoded with prost (the message types of `fleetctl::pprof`).

use fleetctl::pprof::{Function, Label, Line, Location, Mapping, Profile, Sample, ValueType};
use proptest::prelude::Rng as _;
use proptest::test_runner::{RngAlgorithm, TestRng};

/// Encode gzipped, as Go's net/http/pprof serves profiles.
pub fn encode_gzip(p: &Profile) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(&prost::Message::encode_to_vec(p));
    encoder.finish().unwrap_or_default()
}

/// The pprof kinds this module knows.
pub const PROFILE_KINDS: &[&str] = &[
    "allocs",
    "block",
    "goroutine",
    "heap",
    "mutex",
    "profile",
    "threadcreate",
];

const FUNCTIONS: &[(&str, &str, i64)] = &[
    ("runtime.main", "/usr/local/go/src/runtime/proc.go", 250),
    (
        "main.main",
        "github.com/fleetdm/fleet/v4/cmd/fleet/main.go",
        60,
    ),
    (
        "net/http.(*conn).serve",
        "/usr/local/go/src/net/http/server.go",
        2009,
    ),
    (
        "net/http.serverHandler.ServeHTTP",
        "/usr/local/go/src/net/http/server.go",
        3137,
    ),
    (
        "github.com/fleetdm/fleet/v4/server/service.(*Service).ListHosts",
        "github.com/fleetdm/fleet/v4/server/service/hosts.go",
        120,
    ),
    (
        "github.com/fleetdm/fleet/v4/server/datastore/mysql.(*Datastore).ListHosts",
        "github.com/fleetdm/fleet/v4/server/datastore/mysql/hosts.go",
        900,
    ),
    (
        "github.com/fleetdm/fleet/v4/server/service/osquery.(*Service).SubmitDistributedQueryResults",
        "github.com/fleetdm/fleet/v4/server/service/osquery.go",
        1400,
    ),
    (
        "github.com/jmoiron/sqlx.(*DB).SelectContext",
        "github.com/jmoiron/sqlx/sqlx_context.go",
        50,
    ),
    (
        "database/sql.(*DB).QueryContext",
        "/usr/local/go/src/database/sql/sql.go",
        1713,
    ),
    (
        "encoding/json.(*encodeState).marshal",
        "/usr/local/go/src/encoding/json/encode.go",
        295,
    ),
    (
        "github.com/gomodule/redigo/redis.(*conn).Do",
        "github.com/gomodule/redigo/redis/conn.go",
        630,
    ),
    (
        "runtime.gcBgMarkWorker",
        "/usr/local/go/src/runtime/mgc.go",
        1310,
    ),
    (
        "runtime.mallocgc",
        "/usr/local/go/src/runtime/malloc.go",
        1000,
    ),
    ("runtime.gopark", "/usr/local/go/src/runtime/proc.go", 398),
    ("runtime.newm", "/usr/local/go/src/runtime/proc.go", 2300),
];

/// Proptest's deterministic generator, seeded by `seed`: the same bytes on every run.
fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..].copy_from_slice(&(!seed).to_le_bytes());
    TestRng::from_seed(RngAlgorithm::XorShift, &bytes)
}

type Pair = (&'static str, &'static str);

/// Sample types, period type and period of a kind.
fn sample_types(kind: &str) -> (&'static [Pair], Option<Pair>, i64) {
    match kind {
        "allocs" | "heap" => (
            &[
                ("alloc_objects", "count"),
                ("alloc_space", "bytes"),
                ("inuse_objects", "count"),
                ("inuse_space", "bytes"),
            ],
            Some(("space", "bytes")),
            524_288,
        ),
        "goroutine" => (&[("goroutine", "count")], Some(("goroutine", "count")), 1),
        "threadcreate" => (
            &[("threadcreate", "count")],
            Some(("threadcreate", "count")),
            1,
        ),
        "block" | "mutex" => (
            &[("contentions", "count"), ("delay", "nanoseconds")],
            Some(("contentions", "count")),
            1,
        ),
        _ => (
            &[("samples", "count"), ("cpu", "nanoseconds")],
            Some(("cpu", "nanoseconds")),
            10_000_000,
        ),
    }
}

/// Gzipped pprof bytes for `kind`, deterministic for a given (kind, seconds).
pub fn gzipped_profile(kind: &str, seconds: u64) -> Vec<u8> {
    encode_gzip(&profile(kind, seconds))
}

/// Like [`gzipped_profile`], with `secret` planted in the string table the way a leaking server
/// would: in a function's name and file name (a frame that every added sample ends in), in a
/// sample label's value and in a comment. The function shows among the top functions.
pub fn gzipped_profile_with_secret(kind: &str, seconds: u64, secret: &str) -> Vec<u8> {
    let mut p = profile(kind, seconds);
    let mut intern = |s: String| -> i64 {
        p.string_table.push(s);
        (p.string_table.len() - 1) as i64
    };
    let name = intern(format!(
        "github.com/fleetdm/fleet/v4/server/service.authenticate.token({secret})"
    ));
    let file = intern(format!("/var/lib/fleet/sessions/{secret}/auth.go"));
    let key = intern("authorization".to_string());
    let value = intern(format!("Bearer {secret}"));
    let comment = intern(format!("captured for session {secret}"));
    let id = p.function.len() as u64 + 1;
    p.function.push(Function {
        id,
        name,
        system_name: name,
        filename: file,
        start_line: 42,
    });
    p.location.push(Location {
        id,
        mapping_id: 1,
        address: 0x40_0000 + 0x1000 * id,
        line: vec![Line {
            function_id: id,
            line: 49,
            column: 0,
        }],
        is_folded: false,
    });
    let width = p.sample_type.len();
    for _ in 0..4 {
        p.sample.push(Sample {
            location_id: vec![id, 5, 4, 3, 1],
            value: vec![1_000_000; width],
            label: vec![Label {
                key,
                str: value,
                num: 0,
                num_unit: 0,
            }],
        });
    }
    p.comment.push(comment);
    encode_gzip(&p)
}

/// A string table being built: index 0 is the empty string, each string is stored once.
struct Strings(Vec<String>);

impl Strings {
    fn intern(&mut self, s: &str) -> i64 {
        if let Some(i) = self.0.iter().position(|x| x == s) {
            return i as i64;
        }
        self.0.push(s.to_string());
        (self.0.len() - 1) as i64
    }

    fn value_type(&mut self, (ty, unit): Pair) -> ValueType {
        ValueType {
            ty: self.intern(ty),
            unit: self.intern(unit),
        }
    }
}

/// The (uncompressed) profile of `kind`, deterministic for a given (kind, seconds).
pub fn profile(kind: &str, seconds: u64) -> Profile {
    let mut strings = Strings(vec![String::new()]);
    let (types, period_type, period) = sample_types(kind);
    let sample_type = types.iter().map(|&t| strings.value_type(t)).collect();
    let period_type = period_type.map(|t| strings.value_type(t));
    let binary = strings.intern("/usr/bin/fleet");
    let function = functions(&mut strings);
    Profile {
        sample_type,
        sample: samples(kind, seconds, types),
        mapping: vec![Mapping {
            id: 1,
            memory_start: 0x40_0000,
            memory_limit: 0x400_0000,
            file_offset: 0,
            filename: binary,
            build_id: 0,
            has_functions: true,
            has_filenames: true,
            has_line_numbers: true,
            has_inline_frames: false,
        }],
        location: locations(),
        function,
        string_table: strings.0,
        time_nanos: 1_795_000_000_000_000_000,
        duration_nanos: if kind == "profile" {
            seconds as i64 * 1_000_000_000
        } else {
            0
        },
        period_type,
        period,
        ..Profile::default()
    }
}

/// One function per entry of [`FUNCTIONS`], ids from 1.
fn functions(strings: &mut Strings) -> Vec<Function> {
    FUNCTIONS
        .iter()
        .enumerate()
        .map(|(i, (name, file, line))| Function {
            id: i as u64 + 1,
            name: strings.intern(name),
            system_name: strings.intern(name),
            filename: strings.intern(file),
            start_line: *line,
        })
        .collect()
}

/// One location in each function of [`FUNCTIONS`], a few lines into it.
fn locations() -> Vec<Location> {
    FUNCTIONS
        .iter()
        .enumerate()
        .map(|(i, (_, _, line))| Location {
            id: i as u64 + 1,
            mapping_id: 1,
            address: 0x40_0000 + 0x1000 * i as u64,
            line: vec![Line {
                function_id: i as u64 + 1,
                line: line + 7,
                column: 0,
            }],
            is_folded: false,
        })
        .collect()
}

/// The samples of `kind`: none for block and mutex, more the longer a CPU profile runs.
fn samples(kind: &str, seconds: u64, types: &[Pair]) -> Vec<Sample> {
    let mut random = rng(0x5EED_0000
        ^ kind
            .bytes()
            .fold(seconds + 1, |h, b| h.wrapping_mul(31) ^ u64::from(b)));
    let count = match kind {
        "block" | "mutex" => 0,
        "profile" => 40 + 20 * seconds as usize,
        _ => 48,
    };
    (0..count)
        .map(|_| {
            // A stack: a leaf picked from the work functions, then the serving frames, then main.
            let leaf = 5 + (random.next_u64() % 10);
            let mut stack = vec![leaf];
            if leaf != 6 {
                stack.push(6);
            }
            stack.extend([5, 4, 3, 1]);
            let value = types
                .iter()
                .map(|(_, unit)| match *unit {
                    "bytes" => (random.next_u64() % 64 + 1) as i64 * 4096,
                    "nanoseconds" => (random.next_u64() % 9 + 1) as i64 * 10_000_000,
                    _ => (random.next_u64() % 5 + 1) as i64,
                })
                .collect();
            Sample {
                location_id: stack,
                value,
                label: vec![],
            }
        })
        .collect()
}

/// A Go execution trace stand-in for /debug/pprof/trace: the real header, then deterministic
/// bytes, a few KiB per second. Not pprof.
pub fn trace_bytes(seconds: u64) -> Vec<u8> {
    let mut out = b"go 1.23 trace\x00\x00\x00".to_vec();
    let header = out.len();
    out.resize(header + 4096 * seconds.max(1) as usize, 0);
    rng(0x7A_CE00 + seconds).fill_bytes(&mut out[header..]);
    out
}

/// Like [`trace_bytes`], at least 136 KiB long, with `secret` written over it three times: just
/// after the header, straddling the 128 KiB mark (where a reader working in 128 KiB chunks
/// splits it) and at the very end.
pub fn trace_bytes_with_secret(seconds: u64, secret: &str) -> Vec<u8> {
    const CHUNK: usize = 128 * 1024;
    let secret = secret.as_bytes();
    let mut out = trace_bytes(seconds);
    let filled = out.len();
    if filled < CHUNK + 8 * 1024 {
        out.resize(CHUNK + 8 * 1024, 0);
        rng(0x5EC_2E7 + seconds).fill_bytes(&mut out[filled..]);
    }
    let straddle = CHUNK - secret.len() / 2;
    let end = out.len() - secret.len();
    for at in [16, straddle, end] {
        out[at..at + secret.len()].copy_from_slice(secret);
    }
    out
}

/// A gzip stream that inflates to about `inflated` zero bytes from a body ~160 times smaller:
/// one fixed-Huffman deflate block of a literal 0 and then "copy 258 bytes from 1 back" codes
/// (13 bits each). Its CRC is left zero: a bounded reader gives up long before the trailer.
pub fn gzip_bomb(inflated: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        /// `len` bits of `value`, least significant first.
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            let reversed = (0..len).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, len);
        }
    }
    let mut bits = Bits {
        out: vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..inflated.saturating_sub(1) / 258 {
        bits.code(0b1100_0101, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    let mut out = bits.out;
    out.extend_from_slice(&[0; 8]); // CRC and size, not checked by a bounded reader
    out
}
