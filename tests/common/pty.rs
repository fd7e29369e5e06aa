//! The real `ringup` binary in a pseudo-terminal, driven by the keys a user would press,
//! the screen read back through a terminal emulator (vt100).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::cli::Sandbox;

const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

pub const F2: &str = "\x1bOQ";
pub const F7: &str = "\x1b[18~";
pub const F8: &str = "\x1b[19~";
pub const F9: &str = "\x1b[20~";
pub const F10: &str = "\x1b[21~";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const TAB: &str = "\t";
pub const CTRL_Q: &str = "\x11";
pub const CTRL_C: &str = "\x03";
pub const CTRL_U: &str = "\x15";

/// The counter screen running in a pseudo-terminal.
pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Kept open for the life of the program: closing it hangs the terminal up.
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Screen {
    pub fn start(sandbox: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Screen {
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

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls the screen until `text` shows; fails with the screen as it is after the timeout.
    pub fn wait_for(&mut self, text: &str) {
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

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends keys, then waits for what they should bring up. Escape sequences are sent
    /// one at a time so that the program never sees two keys run together.
    pub fn press(&mut self, keys: &str, then: &str) {
        self.send(keys);
        self.wait_for(then);
    }

    /// Resizes the terminal, as a user dragging the window would.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .set_size(nonzero(rows), nonzero(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// Polls until `text` is gone from the screen (a dialog closed).
    pub fn wait_gone(&mut self, text: &str) {
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
    pub fn find_marker(&self, text: &str, marker: char) -> Option<(u16, u16)> {
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
    pub fn colour_at(&self, row: u16, col: u16) -> vt100::Color {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .cell(row, col)
            .map_or(vt100::Color::Default, |c| c.fgcolor())
    }

    /// Signs in on the demo database as morgan, the manager (PIN 246810), whose name
    /// `--user morgan` fills in.
    pub fn sign_in_as_morgan(&mut self) {
        self.wait_for("Sign in");
        self.wait_for("morgan");
        self.press("246810", "••••");
        self.press(ENTER, "morgan (manager)");
    }

    /// On the demo database: signs in as morgan, bills the walk-in customer (C1001) with F2,
    /// and rings 4 PLB-VALVE-075, a 3for25.00 valve with 2 on hand: 2 delivered, 2
    /// backordered.
    pub fn ring_four_valves_for_walk_in(&mut self) {
        self.sign_in_as_morgan();
        self.press(F2, "Customer (Bill To)");
        self.press("C1001", "Walk-in Cash Customer");
        self.press(ENTER, "Bill To: Walk-in Cash Customer (C1001)");
        self.press("4*PLB-VALVE-075", "4*PLB-VALVE-075");
        self.press(ENTER, "4 on the line");
    }

    /// F10, and on Backorders Found: create a customer order, paid when invoiced. The
    /// tender comes up next.
    pub fn order_backorders_paid_when_invoiced(&mut self) {
        self.press(F10, "Backorders Found");
        self.press("c", "Create customer order: payment");
        self.press("i", "pay when invoiced");
    }

    /// Ctrl-Q, and the program must end with success.
    pub fn quit(&mut self) {
        self.send(CTRL_Q);
        let status = self.wait_exit();
        assert!(status.success(), "{status}");
    }

    /// Waits for the program to end; fails if it does not within the timeout.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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
