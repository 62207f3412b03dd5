//! The bundled server's profiles (prost-encoded, tests/support/profiles.rs) through the library's
//! reader and its limits: what the bundled server serves is what `debug inspect` reads.

use fleetctl::pprof::{Label, Line, PprofError, Profile, decode};
use prost::Message as _;

use crate::support::profiles::{PROFILE_KINDS, encode_gzip, profile};

fn encode(p: &Profile) -> Vec<u8> {
    p.encode_to_vec()
}

/// A fixture profile with every field the fixtures leave at zero set too: inlined frames,
/// columns, folded locations, drop/keep frames, comments, a default sample type.
fn every_field() -> Profile {
    let mut p = profile("heap", 0);
    p.drop_frames = 1;
    p.keep_frames = 2;
    p.default_sample_type = 3;
    p.comment = vec![4, 5];
    p.mapping[0].has_inline_frames = true;
    p.mapping[0].build_id = 1;
    p.mapping[0].file_offset = 0x1000;
    p.location[1].is_folded = true;
    p.location[1].line.insert(
        0,
        Line {
            function_id: 3,
            line: 30,
            column: 2,
        },
    );
    p.sample[0].label.push(Label {
        key: 1,
        str: 0,
        num: 42,
        num_unit: 2,
    });
    p
}

#[test]
fn roundtrips_raw_and_gzip() {
    let mut profiles: Vec<Profile> = PROFILE_KINDS.iter().map(|k| profile(k, 1)).collect();
    profiles.push(every_field());
    for p in profiles {
        assert_eq!(decode(&encode(&p)).unwrap(), p);
        assert_eq!(decode(&encode_gzip(&p)).unwrap(), p);
    }
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let bytes = encode(&every_field());
    for len in 1..bytes.len() {
        let _ = decode(&bytes[..len]);
    }
    assert!(decode(&bytes[..bytes.len() - 1]).is_err());
}

#[test]
fn bad_string_index_is_rejected() {
    let mut p = every_field();
    p.function[0].name = 9_999;
    assert!(matches!(
        decode(&encode(&p)),
        Err(PprofError::BadStringIndex(9_999))
    ));
}
