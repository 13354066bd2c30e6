//! mend: a private, offline terminal journal for addiction recovery.
//!
//! One local SQLite file holds journal entries, a trust-rebuilding amends
//! list, support contacts and sobriety clocks. The [`tui`] is a ratatui front
//! end; the [`cli`] does the same jobs from the shell. [`store`] is the only
//! module that speaks SQL; [`domain`] holds the plain rules, with "today"
//! always passed in.

pub mod cli;
pub mod config;
pub mod domain;
pub mod export;
pub mod external;
pub mod fsutil;
pub mod import;
pub mod keys;
pub mod records;
pub mod share;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
