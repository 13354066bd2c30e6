//! What the app draws over the panes: the crisis screen, the data menu
//! (export, backup and share) with its background job, the lock screen and the
//! key help.

pub mod crisis;
pub mod data;
pub mod lock;
pub mod share;
pub mod urge;
