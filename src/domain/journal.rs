//! Domain types and rules for journal.
