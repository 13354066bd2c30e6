//! Store functions for the contacts tables. Filled in by the contacts work.
use super::Store;

impl Store {}
