//! The integration tests, one binary: the CLI as a process, the store on
//! real SQLite files, and the TUI on a `TestBackend`.

mod amends_cli;
mod amends_store;
mod amends_tui;
mod cli_basics;
mod clocks_cli;
mod clocks_store;
mod clocks_tui;
mod common;
mod concurrency;
mod contacts_cli;
mod contacts_store;
mod contacts_tui;
mod crypt;
mod data_cli;
mod data_portable;
mod data_tui;
mod durability;
mod e2e_tmux;
mod failed_writes;
mod insights_tui;
mod journal_cli;
mod journal_draft;
mod journal_store;
mod journal_tui;
mod keys_config;
mod kill9;
mod model_store;
mod privacy;
mod robustness;
mod shell_cli;
mod steps_cli;
mod steps_store;
mod store_open;
mod today_reach_out;
mod tui_shell;
