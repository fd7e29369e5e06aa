#![doc = include_str!("../README.md")]

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod logging;
pub mod receipt;
pub mod screen;
pub mod store;
pub mod tui;
pub mod ui;
