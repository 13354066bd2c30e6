//! Domain types and rules for amends.
