//! Where receipts and printer output may go, checked when ringup starts: a printer's
//! character device, a FIFO or socket (a print spooler), a network printer, or a file under
//! the data directory. Anything else (`/etc/passwd`, a directory, a disk, a file elsewhere)
//! is refused, naming the key, the path and why, so that a config file cannot make ringup
//! append receipts to a file it was never meant to touch.

use std::path::{Path, PathBuf};

use crate::config::{Config, PrinterSection};

/// An output the config names that ringup will not write to.
#[derive(Debug, thiserror::Error)]
#[error(
    "{key} = \"{}\": {why}; receipts go only to a printer device, a FIFO or socket, a network printer, or a file under the data directory {}",
    path.display(),
    data_dir.display()
)]
pub struct OutputRefused {
    pub key: &'static str,
    pub path: PathBuf,
    pub why: String,
    pub data_dir: PathBuf,
}

/// Checks every output the config names.
pub fn check(config: &Config) -> Result<(), OutputRefused> {
    if let Some(path) = &config.receipt.output
        && config.printer == PrinterSection::File
    {
        check_path("receipt.output", path, &config.data_dir)?;
    }
    if let PrinterSection::EscPosDevice(device) = &config.printer {
        check_path("printer.device", device, &config.data_dir)?;
    }
    Ok(())
}

fn check_path(key: &'static str, path: &Path, data_dir: &Path) -> Result<(), OutputRefused> {
    let refuse = |why: &str| OutputRefused {
        key,
        path: path.to_path_buf(),
        why: why.to_string(),
        data_dir: data_dir.to_path_buf(),
    };
    let inside_data = || resolved(path).starts_with(resolved(data_dir));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(refuse("it is a directory")),
        Ok(meta) if meta.is_file() => match inside_data() {
            true => Ok(()),
            false => Err(refuse("it is a file outside the data directory")),
        },
        Ok(meta) => match device_kind(&meta) {
            Kind::Printer => Ok(()),
            Kind::Disk => Err(refuse("it is a block device (a disk), not a printer")),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A printer not plugged in yet has no device file; it is looked for at each print.
            if inside_data() || resolved(path).starts_with("/dev") {
                Ok(())
            } else {
                Err(refuse(
                    "there is no such device, and a new file is made only under the data directory",
                ))
            }
        }
        Err(e) => Err(refuse(&format!("cannot be looked at ({e})"))),
    }
}

enum Kind {
    /// A character device, a FIFO or a socket: what a printer or a spooler is.
    Printer,
    Disk,
}

fn device_kind(meta: &std::fs::Metadata) -> Kind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_block_device() {
            return Kind::Disk;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Kind::Printer
}

/// `path` with its links and `..` resolved as far as it exists, so a link under the data
/// directory that points elsewhere is seen to point elsewhere.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => resolved(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(data: &Path, text: &str) -> Config {
        Config::from_toml(text, Path::new("test.toml"), data.to_path_buf()).unwrap()
    }

    #[test]
    fn outputs_go_to_devices_or_under_the_data_directory() {
        let dir = tempfile::TempDir::new().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, b"").unwrap();
        let inside = data.join("receipts.txt");
        std::fs::write(&inside, b"").unwrap();
        let ok = |text: String| check(&config(&data, &text)).unwrap();
        let refused = |text: String| check(&config(&data, &text)).unwrap_err().to_string();
        ok(String::new());
        ok(format!("[receipt]\noutput = {:?}\n", inside));
        ok(format!("[receipt]\noutput = {:?}\n", data.join("new.txt")));
        ok("[receipt]\noutput = \"/dev/null\"\n".into());
        ok("[printer]\nkind = \"escpos\"\ndevice = \"/dev/usb/lp9\"\n".into());
        let err = refused(format!("[receipt]\noutput = {:?}\n", outside));
        assert!(
            err.contains("receipt.output") && err.contains("outside the data directory"),
            "{err}"
        );
        let err = refused("[receipt]\noutput = \"/etc/passwd\"\n".into());
        assert!(err.contains("\"/etc/passwd\""), "{err}");
        let err = refused(format!("[receipt]\noutput = {:?}\n", data));
        assert!(err.contains("it is a directory"), "{err}");
        let err = refused(format!(
            "[printer]\nkind = \"escpos\"\ndevice = {:?}\n",
            dir.path().join("nowhere").join("lp0")
        ));
        assert!(
            err.contains("printer.device") && err.contains("no such device"),
            "{err}"
        );
        // A way out of the data directory through `..` or a link is seen through.
        let err = refused(format!(
            "[receipt]\noutput = {:?}\n",
            data.join("..").join("outside.txt")
        ));
        assert!(err.contains("outside the data directory"), "{err}");
        #[cfg(unix)]
        {
            let link = data.join("link.txt");
            std::os::unix::fs::symlink(&outside, &link).unwrap();
            let err = refused(format!("[receipt]\noutput = {:?}\n", link));
            assert!(err.contains("outside the data directory"), "{err}");
        }
        // Receipts kept as files when a printer takes them are not looked at.
        ok(format!(
            "[receipt]\noutput = {:?}\n[printer]\nkind = \"escpos\"\naddress = \"127.0.0.1:9100\"\n",
            outside
        ));
    }
}
