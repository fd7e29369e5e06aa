//! What lies at a store's path before SQLite is let near it: nothing, an empty file, a
//! database file, or something no store can be (a directory, a FIFO, a device), and whether
//! this user may write to it. SQLite's own words for these ("disk I/O error", "unable to
//! open database file") say nothing a person can act on, and opening a FIFO to read waits
//! for ever; a read-only file is never made writable.

use std::path::Path;

/// What is at a store's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Missing,
    /// A file of 0 bytes: no store yet.
    Empty,
    /// A regular file with something in it.
    File,
}

/// What is at `path`; Err with the reason when no store can be there, in plain words.
pub fn look(path: &Path) -> Result<Found, String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(format!("cannot read it ({e})")),
    };
    if meta.is_dir() {
        return Err("it is a directory, not a database file".into());
    }
    if !meta.is_file() {
        return Err(format!("it is {}, not a database file", kind(&meta)));
    }
    Ok(match meta.len() {
        0 => Found::Empty,
        _ => Found::File,
    })
}

/// What a path that is neither a file nor a directory is.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    "not a regular file"
}

/// Why this user may not write to the store at `path` (an existing file), or None when they
/// may. A file without its owner's write permission is read-only to everyone here, even to
/// root: someone marked it so, and ringup does not undo that.
pub fn read_only(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use rustix::fs::{Access, access};
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o7777;
        if mode & 0o200 == 0 || access(path, Access::WRITE_OK).is_err() {
            return Some(format!("mode {mode:04o}, not writable by this user"));
        }
        // SQLite writes its -wal and -shm files beside the database.
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if access(dir, Access::WRITE_OK).is_err() {
            return Some(format!(
                "its directory {} is not writable by this user",
                dir.display()
            ));
        }
    }
    #[cfg(not(unix))]
    if std::fs::metadata(path).ok()?.permissions().readonly() {
        return Some("the file is marked read-only".into());
    }
    None
}

/// The `-wal` file beside a database, when it holds something: changes SQLite has not yet
/// written into the database file itself.
pub fn pending_wal(path: &Path) -> Option<std::path::PathBuf> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    std::fs::metadata(&wal)
        .is_ok_and(|m| m.len() > 0)
        .then_some(wal)
}

/// `path` as an SQLite URI that opens it immutable: read without locks or a `-shm` file,
/// for a file on read-only media or of another user.
pub fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_at_a_path_is_told_in_plain_words() {
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(look(&dir.path().join("none.db")), Ok(Found::Missing));
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(look(&empty), Ok(Found::Empty));
        std::fs::write(&empty, b"x").unwrap();
        assert_eq!(look(&empty), Ok(Found::File));
        assert_eq!(
            look(dir.path()),
            Err("it is a directory, not a database file".into())
        );
    }

    #[test]
    fn an_immutable_uri_escapes_what_a_uri_would_read() {
        assert_eq!(
            immutable_uri(Path::new("/b/a?#%.db")),
            "file:/b/a%3f%23%25.db?mode=ro&immutable=1"
        );
    }
}
