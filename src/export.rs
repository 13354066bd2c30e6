//! Export (JSON, Markdown) and import (mend JSON, jrnl JSON). Filled in by
//! the data-portability work.
