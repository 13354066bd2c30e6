//! Store functions for the journal tables. Filled in by the journal work.
use super::Store;

impl Store {}
