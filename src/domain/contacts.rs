//! Domain types and rules for contacts.
