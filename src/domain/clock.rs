//! Domain types and rules for clock.
