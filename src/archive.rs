//! The `.tar.gz` writer: members are streamed from files into a temporary archive beside the
//! destination, which is renamed into place only once complete. Mode 0600 for the archive and
//! every file member, 0700 for the folder.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;

pub struct ArchiveWriter {
    temp: AtomicFile,
    tar: tar::Builder<GzEncoder<BufWriter<File>>>,
    root: String,
    mtime: u64,
    dest: std::path::PathBuf,
}

impl ArchiveWriter {
    /// Start an archive whose members live under the folder `root`.
    pub fn create(dest: &Path, root: &str) -> Result<Self> {
        let mut temp = AtomicFile::create(dest)?;
        let handle = temp
            .file()
            .try_clone()
            .map_err(|e| Error::io("open", temp.temp_path(), e))?;
        let encoder = GzEncoder::new(
            BufWriter::with_capacity(256 * 1024, handle),
            Compression::default(),
        );
        let mut tar = tar::Builder::new(encoder);
        tar.mode(tar::HeaderMode::Deterministic);
        let mtime = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut writer = ArchiveWriter {
            temp,
            tar,
            root: root.to_string(),
            mtime,
            dest: dest.to_path_buf(),
        };
        let mut header = writer.header(tar::EntryType::Directory, 0o700, 0);
        writer
            .tar
            .append_data(&mut header, format!("{root}/"), io::empty())
            .map_err(|e| writer.write_error(e))?;
        Ok(writer)
    }

    fn header(&self, kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_size(size);
        header.set_mtime(self.mtime);
        header.set_uid(0);
        header.set_gid(0);
        header
    }

    fn write_error(&self, e: io::Error) -> Error {
        Error::io("write archive", &self.dest, e)
    }

    /// Add the folder `<root>/<name>/` (mode 0700).
    pub fn append_dir(&mut self, name: &str) -> Result<()> {
        let mut header = self.header(tar::EntryType::Directory, 0o700, 0);
        let path = format!("{}/{name}/", self.root);
        self.tar
            .append_data(&mut header, path, io::empty())
            .map_err(|e| self.write_error(e))
    }

    /// Add the file at `source` as `<root>/<name>`, streamed.
    pub fn append_file(&mut self, name: &str, source: &Path) -> Result<()> {
        let file = File::open(source).map_err(|e| Error::io("read", source, e))?;
        let size = file
            .metadata()
            .map_err(|e| Error::io("read", source, e))?
            .len();
        let mut header = self.header(tar::EntryType::Regular, 0o600, size);
        let path = format!("{}/{name}", self.root);
        self.tar
            .append_data(&mut header, path, io::BufReader::new(file))
            .map_err(|e| self.write_error(e))
    }

    /// Add in-memory bytes as `<root>/<name>`.
    pub fn append_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let mut header = self.header(tar::EntryType::Regular, 0o600, bytes.len() as u64);
        let path = format!("{}/{name}", self.root);
        self.tar
            .append_data(&mut header, path, bytes)
            .map_err(|e| self.write_error(e))
    }

    /// Complete the tar and gzip streams, flush to disk, and move the archive into place.
    pub fn finish(self, overwrite: bool) -> Result<()> {
        let ArchiveWriter {
            temp, tar, dest, ..
        } = self;
        let encoder = tar
            .into_inner()
            .map_err(|e| Error::io("write archive", &dest, e))?;
        let mut buffered = encoder
            .finish()
            .map_err(|e| Error::io("write archive", &dest, e))?;
        buffered
            .flush()
            .map_err(|e| Error::io("write archive", &dest, e))?;
        drop(buffered);
        temp.commit(overwrite)
    }
}
