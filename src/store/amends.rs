//! Store functions for the amends tables. Filled in by the amends work.
use super::Store;

impl Store {}
