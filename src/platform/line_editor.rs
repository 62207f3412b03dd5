//! The secret prompt's line editing, shared by the Unix and Windows prompts.

/// The secret prompt's line editing, shared by both sides (Windows turns console keys into these
/// bytes): bytes up to Enter, with backspace and Ctrl-U editing; `None` on Ctrl-C.
pub(super) fn read_secret_bytes(
    input: &mut impl std::io::Read,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut secret = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if input.read(&mut byte)? == 0 {
            return Ok(Some(secret));
        }
        match byte[0] {
            b'\r' | b'\n' => return Ok(Some(secret)),
            0x03 => return Ok(None),
            0x04 if secret.is_empty() => return Ok(Some(secret)),
            0x7f | 0x08 => {
                // Remove one whole UTF-8 character.
                while let Some(b) = secret.pop() {
                    if b & 0xC0 != 0x80 {
                        break;
                    }
                }
            }
            0x15 => secret.clear(),
            b => secret.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_secret_bytes;

    #[test]
    fn secret_input_is_edited_like_a_terminal_line() {
        let read = |bytes: &[u8]| read_secret_bytes(&mut &bytes[..]).unwrap();
        assert_eq!(read(b"hunter2\r"), Some(b"hunter2".to_vec()));
        assert_eq!(read(b"huntx\x7fer2\n"), Some(b"hunter2".to_vec()));
        assert_eq!(read("pä\x7fa\n".as_bytes()), Some(b"pa".to_vec()));
        assert_eq!(read(b"wrong\x15right\r"), Some(b"right".to_vec()));
        assert_eq!(read(b"half\x03rest\r"), None);
        assert_eq!(read(b"\x04"), Some(Vec::new()));
        assert_eq!(read(b"no newline"), Some(b"no newline".to_vec()));
    }
}
