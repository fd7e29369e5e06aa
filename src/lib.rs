//! ringup: a keyboard-only point-of-sale for the trade counter, with backorders handled at
//! the counter. README.md describes the product and how to run it.

pub mod app;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod counter;
pub mod domain;
pub mod latency;
pub mod logging;
pub mod outputs;
pub mod present;
pub mod private;
pub mod screen;
pub mod store;
pub mod tui;
pub mod ui;
