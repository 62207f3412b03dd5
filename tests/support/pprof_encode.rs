//! The pprof `Profile` protobuf written by hand (the writing half of `fleetctl::pprof`, which
//! only reads): the bundled server's profile bodies are built with it.

use std::io::Write;

use fleetctl::pprof::{Profile, ValueType};

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn key(&mut self, field: u32, wire_type: u8) {
        self.varint((u64::from(field) << 3) | u64::from(wire_type));
    }

    /// Proto3 semantics: zero values are not written.
    fn uint(&mut self, field: u32, v: u64) {
        if v != 0 {
            self.key(field, 0);
            self.varint(v);
        }
    }

    fn int(&mut self, field: u32, v: i64) {
        self.uint(field, v as u64);
    }

    /// Integer fields 1, 2, 3, ... in order.
    fn varints(&mut self, values: &[u64]) {
        for (field, &v) in (1..).zip(values) {
            self.uint(field, v);
        }
    }

    fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, 2);
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn packed(&mut self, field: u32, values: impl Iterator<Item = u64>) {
        let mut inner = Writer(Vec::new());
        for v in values {
            inner.varint(v);
        }
        if !inner.0.is_empty() {
            self.bytes(field, &inner.0);
        }
    }

    fn message(&mut self, field: u32, build: impl FnOnce(&mut Writer)) {
        let mut inner = Writer(Vec::new());
        build(&mut inner);
        self.bytes(field, &inner.0);
    }
}

fn write_value_type(w: &mut Writer, t: &ValueType) {
    w.varints(&[t.r#type as u64, t.unit as u64]);
}

/// Encode as a raw protobuf.
pub fn encode(p: &Profile) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    for t in &p.sample_type {
        w.message(1, |w| write_value_type(w, t));
    }
    for s in &p.sample {
        w.message(2, |w| {
            w.packed(1, s.location_id.iter().copied());
            w.packed(2, s.value.iter().map(|&v| v as u64));
            for l in &s.label {
                w.message(3, |w| {
                    w.varints(&[l.key, l.str, l.num, l.num_unit].map(|v| v as u64))
                });
            }
        });
    }
    for m in &p.mapping {
        w.message(3, |w| {
            w.varints(&[
                m.id,
                m.memory_start,
                m.memory_limit,
                m.file_offset,
                m.filename as u64,
                m.build_id as u64,
                m.has_functions.into(),
                m.has_filenames.into(),
                m.has_line_numbers.into(),
                m.has_inline_frames.into(),
            ])
        });
    }
    for l in &p.location {
        w.message(4, |w| {
            w.uint(1, l.id);
            w.uint(2, l.mapping_id);
            w.uint(3, l.address);
            for line in &l.line {
                w.message(4, |w| {
                    w.varints(&[line.function_id, line.line as u64, line.column as u64])
                });
            }
            w.uint(5, l.is_folded.into());
        });
    }
    for f in &p.function {
        w.message(5, |w| {
            w.varints(&[
                f.id,
                f.name as u64,
                f.system_name as u64,
                f.filename as u64,
                f.start_line as u64,
            ])
        });
    }
    for s in &p.string_table {
        w.bytes(6, s.as_bytes());
    }
    w.int(7, p.drop_frames);
    w.int(8, p.keep_frames);
    w.int(9, p.time_nanos);
    w.int(10, p.duration_nanos);
    if let Some(t) = &p.period_type {
        w.message(11, |w| write_value_type(w, t));
    }
    w.int(12, p.period);
    w.packed(13, p.comment.iter().map(|&v| v as u64));
    w.int(14, p.default_sample_type);
    w.0
}

/// Encode gzipped, as Go's net/http/pprof serves profiles.
pub fn encode_gzip(p: &Profile) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(&encode(p));
    encoder.finish().unwrap_or_default()
}
