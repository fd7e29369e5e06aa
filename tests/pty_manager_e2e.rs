//! End to end on the manager's side: the real `ringup` binary in a pseudo-terminal on the
//! demo database, read back through a terminal emulator (vt100). A prepaid backorder is
//! rung at the counter, the stock is received and filled into the waiting order, the order
//! is converted to its final invoice; then the command line shows the deposit applied, the
//! deposits report without the order, and `ringup check` passing.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
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
const F7: &str = "\x1b[18~";
const F8: &str = "\x1b[19~";
const F10: &str = "\x1b[21~";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
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
    /// Kept open for the life of the program: closing it hangs the terminal up.
    _master: Box<dyn MasterPty + Send>,
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
            _master: pair.master,
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

    /// Polls until `text` is gone from the screen (a dialog closed).
    fn wait_gone(&mut self, text: &str) {
        let start = Instant::now();
        while self.contents().contains(text) {
            if start.elapsed() > TIMEOUT {
                panic!(
                    "{text:?} still shows after {TIMEOUT:?}; the screen:\n{}",
                    self.contents()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// The row of the screen holding `text`, and the column of the last `marker` on it.
    fn find_marker(&self, text: &str, marker: char) -> Option<(u16, u16)> {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        (0..rows).find_map(|row| {
            let line: String = (0..cols)
                .filter_map(|col| screen.cell(row, col).map(|c| c.contents().to_string()))
                .collect();
            if !line.contains(text) {
                return None;
            }
            (0..cols)
                .rev()
                .find(|&col| {
                    screen
                        .cell(row, col)
                        .is_some_and(|c| c.contents() == marker.to_string())
                })
                .map(|col| (row, col))
        })
    }

    /// The foreground colour of one cell.
    fn colour_at(&self, row: u16, col: u16) -> vt100::Color {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .cell(row, col)
            .map_or(vt100::Color::Default, |c| c.fgcolor())
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

/// Signs in as morgan (manager) and rings a prepaid backorder for the walk-in customer:
/// 4 PLB-VALVE-075 with 2 on hand, paid when invoiced (invoice 1, customer order 1).
fn ring_prepaid_backorder(screen: &mut Screen) {
    screen.wait_for("Sign in");
    screen.wait_for("morgan");
    screen.press("2468", "••••");
    screen.press(ENTER, "morgan (manager)");
    screen.press(F2, "Customer (Bill To)");
    screen.press("C1001", "Walk-in Cash Customer");
    screen.press(ENTER, "Bill To: Walk-in Cash Customer (C1001)");
    screen.press("4*PLB-VALVE-075", "4*PLB-VALVE-075");
    screen.press(ENTER, "4 on the line");
    screen.press(F10, "Backorders Found");
    screen.press("c", "Create customer order: payment");
    screen.press("i", "pay when invoiced");
    screen.press(ENTER, "Invoice 1 done");
}

/// F8 r, and the receive form: SKU Enter, quantity Enter, location (MAIN) Enter, reference
/// Enter; the fill question comes up with the waiting order.
fn receive_two_valves(screen: &mut Screen) {
    screen.press(F8, "[r] Receive stock");
    screen.press("r", "Receive stock");
    screen.wait_for("supplier delivery");
    screen.press("PLB-VALVE-075", "PLB-VALVE-075");
    screen.send(ENTER);
    screen.press("2", ": 2");
    screen.send(ENTER);
    screen.send(ENTER);
    screen.press(ENTER, "Received: fill waiting orders?");
    screen.wait_for("MAIN PLB-VALVE-075: on hand 2, committed 0, available 2");
    screen.wait_for("Walk-in Cash Customer");
}

/// Quits and returns the database path.
fn quit(mut screen: Screen, sandbox: &Sandbox) -> String {
    screen.send(CTRL_Q);
    let status = screen.wait_exit();
    assert!(status.success(), "{status}");
    sandbox.data().join("demo.db").to_str().unwrap().to_string()
}

/// The final invoice applies the whole deposit of invoice 1, the deposits report no longer
/// lists the order, and every invariant holds.
fn assert_converted(sandbox: &Sandbox, db: &str) {
    let first = sandbox.json(&["invoice", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&first, "deposit"), "18.03", "{first}");

    let last = sandbox.json(&["invoice", "show", "2", "--format", "json", "--db", db]);
    assert_eq!(s(&last, "customer"), "C1001");
    assert_eq!(
        s(&last, "deposit_applied"),
        s(&first, "deposit"),
        "the deposit taken on invoice 1 is applied: {last}"
    );
    assert_eq!(s(&last, "total"), "0.00", "{last}");
    assert_eq!(s(&last, "deposit"), "0.00", "{last}");
    assert_eq!(s(&last, "tax"), "1.37", "the tax the deposit held: {last}");
    let lines = last["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{last}");
    assert_eq!(s(&lines[0], "sku"), "PLB-VALVE-075");
    assert_eq!(lines[0]["qty"], 2);
    assert_eq!(lines[0]["backordered"], 0);
    assert_eq!(s(&lines[0], "amount"), "16.66");
    assert_eq!(last["tenders"].as_array().map(Vec::len), Some(0), "{last}");

    let order = sandbox.json(&["order", "show", "1", "--format", "json", "--db", db]);
    assert_eq!(s(&order, "status"), "closed", "{order}");
    assert_eq!(s(&order, "deposit"), "0.00", "{order}");
    let line = &order["lines"][0];
    assert_eq!(
        (
            &line["ordered"],
            &line["delivered"],
            &line["committed"],
            &line["backordered"]
        ),
        (
            &Value::from(4),
            &Value::from(4),
            &Value::from(0),
            &Value::from(0)
        ),
        "{order}"
    );

    let deposits = sandbox.json(&["report", "deposits", "--format", "json", "--db", db]);
    let rows = deposits.as_array().unwrap();
    assert!(
        !rows.iter().any(|r| r["order"] == 1),
        "order 1 still holds a deposit: {deposits}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_ringup"))
        .args(["check", "--db", db])
        .env("RINGUP_DATA_DIR", sandbox.data())
        .env("RINGUP_CONFIG", sandbox.config())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "ringup check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn receive_fill_and_convert_a_prepaid_backorder() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    ring_prepaid_backorder(&mut screen);

    // Orders in process, `back`: the order waits for 2 units.
    screen.press(F7, "Orders in process [all]");
    screen.press(TAB, "Orders in process [back]");
    screen.wait_for("Walk-in Cash Cu");
    screen.press(ESC, "F2 Customer");

    receive_two_valves(&mut screen);
    screen.press("f", "Committed 2 of PLB-VALVE-075 to order 1 line 1");
    screen.press(ESC, "[r] Receive stock");
    screen.send(ESC);
    screen.wait_for("F2 Customer");

    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    screen.press(ENTER, "Order 1  Walk-in Cash Customer (C1001)");
    screen.wait_for("Deposit held 18.03");
    screen.press("i", "Final invoice 2 for order 1");

    let db = quit(screen, &sandbox);
    assert_converted(&sandbox, &db);
}

#[test]
fn received_stock_turns_the_backorder_green_then_release_and_convert() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::start(&sandbox, &["--demo", "--user", "morgan"], 80, 24);
    ring_prepaid_backorder(&mut screen);

    // Before the receipt: 2 backordered, no stock anywhere, so no marker.
    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    assert_eq!(screen.find_marker("Walk-in Cash Cu", '*'), None);
    screen.press(ESC, "F2 Customer");

    // Received but not filled: the stock is available here, the quantity turns green.
    receive_two_valves(&mut screen);
    screen.send(ESC);
    screen.wait_gone("Received: fill waiting orders?");
    screen.press(ESC, "F2 Customer");
    screen.press(F7, "Orders in process [all]");
    screen.wait_for("Walk-in Cash Cu");
    let (row, col) = screen
        .find_marker("Walk-in Cash Cu", '*')
        .unwrap_or_else(|| panic!("no fillable marker:\n{}", screen.contents()));
    assert_eq!(
        screen.colour_at(row, col),
        vt100::Color::Idx(2),
        "green:\n{}",
        screen.contents()
    );
    assert_eq!(screen.colour_at(row, col - 1), vt100::Color::Idx(2));

    // Release, then convert.
    screen.press(ENTER, "Order 1  Walk-in Cash Customer (C1001)");
    screen.press("r", "Released 2 unit(s) to order 1");
    screen.press("i", "Final invoice 2 for order 1");

    let db = quit(screen, &sandbox);
    assert_converted(&sandbox, &db);
}
