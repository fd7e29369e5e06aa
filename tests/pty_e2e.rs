//! End to end: the real `ringup` binary in a pseudo-terminal, driven by the keys a clerk
//! would press, the screen read back through a terminal emulator (vt100). Then the
//! command line shows what the sale wrote.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_json::Value;
use tempfile::TempDir;

const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

const F2: &str = "\x1bOQ";
const F10: &str = "\x1b[21~";
const ENTER: &str = "\r";
const CTRL_Q: &str = "\x11";

/// A data directory and an empty config file, so nothing of the user's is touched.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = TempDir::new().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        Sandbox { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// Runs a `ringup` command line (not the screen) and returns its stdout.
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_ringup"))
            .args(args)
            .env("RINGUP_DATA_DIR", self.data())
            .env("RINGUP_CONFIG", self.config())
            .env_remove("RUST_LOG")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ringup {args:?}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.run(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }
}

/// The counter screen running in a pseudo-terminal.
struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Screen {
    fn start(sandbox: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Screen {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ringup"));
        cmd.args(args);
        cmd.cwd(sandbox.dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("RINGUP_DATA_DIR", sandbox.data());
        cmd.env("RINGUP_CONFIG", sandbox.config());
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("RUST_LOG");
        let child = pair.slave.spawn_command(cmd).expect("ringup starts");
        // Only the child holds the terminal side now, so the reader sees EOF when it ends.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Screen {
            parser,
            master: pair.master,
            writer,
            child,
        }
    }

    fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls the screen until `text` shows; fails with the screen as it is after the timeout.
    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            if self.contents().contains(text) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "ringup ended ({status}) before showing {text:?}:\n{}",
                    self.contents()
                );
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "{text:?} did not show within {TIMEOUT:?}; the screen:\n{}",
                    self.contents()
                );
            }
            thread::sleep(POLL);
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends keys, then waits for what they should bring up. Escape sequences are sent
    /// one at a time so that the program never sees two keys run together.
    fn press(&mut self, keys: &str, then: &str) {
        self.send(keys);
        self.wait_for(then);
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .set_size(nonzero(rows), nonzero(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// Waits for the program to end; fails if it does not within the timeout.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > TIMEOUT {
                panic!("ringup did not quit; the screen:\n{}", self.contents());
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

#[test]
fn ring_a_backordered_item_to_a_prepaid_order() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);

    // Sign in: the name is filled in, the PIN goes next.
    screen.wait_for("Sign in");
    screen.wait_for("morgan");
    screen.press("2468", "••••");
    screen.press(ENTER, "morgan (manager)");

    // F2: the walk-in customer by account.
    screen.press(F2, "Customer (Bill To)");
    screen.press("C1001", "Walk-in Cash Customer");
    screen.press(ENTER, "Bill To: Walk-in Cash Customer (C1001)");

    // 4 of a 3for25.00 valve with 2 on hand: 2 delivered, 2 backordered.
    screen.press("4*PLB-VALVE-075", "4*PLB-VALVE-075");
    screen.press(ENTER, "4 on the line");
    let sale = screen.contents();
    let line = sale
        .lines()
        .find(|l| l.contains("PLB-VALVE") && l.contains("35.00"))
        .unwrap_or_else(|| panic!("no sale line:\n{sale}"));
    let figures: Vec<&str> = line.split_whitespace().collect();
    assert!(
        figures.ends_with(&["4", "2", "2", "10.00", "35.00"]),
        "ordered 4, delivered 2, backordered 2: {line}"
    );

    screen.press(F10, "Backorders Found");
    screen.press("c", "Create customer order: payment");
    screen.press("i", "pay when invoiced");
    // Tax at 8.25%: 18.34 + 1.51 now, 16.66 + 1.37 deposit.
    screen.wait_for("37.88");
    screen.press(ENTER, "Invoice 1 done");
    screen.send(CTRL_Q);
    let status = screen.wait_exit();
    assert!(status.success(), "{status}");

    let db = sandbox.data().join("demo.db");
    let db = db.to_str().unwrap();

    let order = sandbox.json(&["order", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(order["number"], 1);
    assert_eq!(order["invoice"], 1);
    assert_eq!(s(&order, "note"), "Prepaid Order From Invoice Number 1");
    assert_eq!(s(&order, "payment"), "when_invoiced");
    let lines = order["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{order}");
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["ordered"], 4);
    assert_eq!(lines[0]["delivered"], 2);
    assert_eq!(lines[0]["committed"], 0);
    assert_eq!(lines[0]["backordered"], 2);
    assert_eq!(s(&order, "deposit"), "18.03", "16.66 with its 1.37 tax");

    let invoice = sandbox.json(&["invoice", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&invoice, "customer"), "C1001");
    let lines = invoice["lines"].as_array().unwrap();
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["qty"], 2);
    assert_eq!(lines[0]["backordered"], 2);
    assert_eq!(s(&lines[0], "amount"), "18.34");
    assert_eq!(
        s(&invoice, "tax"),
        "1.51",
        "the tax on the 18.34 delivered now"
    );
    assert_eq!(
        s(&invoice, "deposit"),
        "18.03",
        "the 16.66 backordered with its 1.37 tax"
    );
    assert_eq!(s(&invoice, "deposit_applied"), "0.00");
    assert_eq!(s(&invoice, "total"), "37.88");
    let tenders = invoice["tenders"].as_array().unwrap();
    assert_eq!(tenders.len(), 1);
    assert_eq!(s(&tenders[0], "kind"), "cash");
    assert_eq!(s(&tenders[0], "amount"), "37.88");

    // The receipt: 2 delivered with (2 B/O) beneath, the deposit, the order.
    let receipt = receipt_text(&sandbox.data(), 1);
    let rows: Vec<&str> = receipt.lines().map(str::trim_end).collect();
    let at = rows
        .iter()
        .position(|r| r.trim_start().starts_with("2 ") && r.ends_with("18.34"))
        .unwrap_or_else(|| panic!("no delivered row:\n{receipt}"));
    assert!(rows[at].ends_with("18.34"), "{receipt}");
    assert_eq!(rows[at + 1], "(2 B/O)", "{receipt}");
    for (label, amount) in [
        ("Subtotal", "18.34"),
        ("Tax", "1.51"),
        // 35.00 of goods in all plus tax: the deposit for the goods, then its tax.
        ("Deposit", "16.66"),
        ("Tax on deposit", "1.37"),
        ("TOTAL", "37.88"),
        ("Cash", "37.88"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(label) && r.ends_with(amount)),
            "{label} {amount}:\n{receipt}"
        );
    }
    assert!(rows.contains(&"Backorders: customer order 1"), "{receipt}");
    assert!(
        rows.contains(&"Prepaid Order From Invoice Number 1"),
        "{receipt}"
    );

    // The store is sound after the sale.
    sandbox.run(&["check", "--db", db]);
}

fn receipt_text(data: &Path, invoice: i64) -> String {
    let path = data
        .join("receipts")
        .join(format!("invoice-{invoice:06}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    screen.wait_for("Sign in");
    screen.press("2468", "••••");
    screen.press(ENTER, "morgan (manager)");

    screen.resize(40, 10);
    screen.wait_for("Please enlarge");
    screen.wait_for("(now 40×10)");
    screen.resize(80, 24);
    screen.wait_for("morgan (manager)");
    assert!(!screen.contents().contains("Please enlarge"));

    screen.send(CTRL_Q);
    let status = screen.wait_exit();
    assert!(status.success(), "{status}");
}
