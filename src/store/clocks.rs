//! Store functions for the clocks tables. Filled in by the clocks work.
use super::Store;

impl Store {}
