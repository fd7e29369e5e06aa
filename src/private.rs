//! The store's files are private to the user who runs ringup: the data directory 0700, the
//! database with its WAL and shared-memory files, receipts and the log 0600, whatever the
//! umask. Permissions are only ever taken away, never added. A readable database would let anyone try PINs against its hashes offline.

use std::path::Path;

/// From now on every file and directory this process creates is private (umask 077).
pub fn restrict_new_files() {
    #[cfg(unix)]
    {
        use rustix::fs::Mode;
        rustix::process::umask(Mode::from_raw_mode(0o077));
    }
}

/// Takes every permission of the group and others from an existing file or directory (a
/// 0644 file becomes 0600, a 0755 directory 0700); it never adds one, so a file someone made
/// read-only (0444) stays read-only (0400). A path that does not exist is left alone.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(());
        };
        let mode = meta.permissions().mode() & 0o7777;
        let private = mode & !0o077;
        if private != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(private))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes a database and its WAL and shared-memory files private.
pub fn make_database_private(db: &Path) -> std::io::Result<()> {
    make_private(db)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        make_private(Path::new(&side))?;
    }
    Ok(())
}
