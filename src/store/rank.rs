//! `mend_rank(journal_fts)`: FTS5's `bm25()` without its inverse document
//! frequency, for queries of one phrase (a word, or a typed prefix).
//!
//! `bm25()` first counts every row that holds each phrase (to weigh rare
//! words above common ones): at a million entries that walk of a common
//! word's whole list is most of a search's time, even when only the newest
//! thousand matches are ranked. With one phrase the weight is the same for
//! every row, so the order is the same without it: `bm25 = idf x mend_rank`
//! with `idf > 0`. Queries of several phrases keep `bm25()`.
//!
//! `mend_rank(journal_fts, 1)` counts the matches of all phrases as one
//! phrase: for a typed prefix rewritten as the words it covers
//! (`("sponsor" OR "sponsored")`, see `terms.rs`), the same score FTS5's
//! prefix phrase `"spons"*` would get.

use std::ffi::{CStr, c_int, c_void};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

/// BM25's constants, as FTS5 has them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

const NAME: &CStr = c"mend_rank";

/// Registers `mend_rank` on `conn`. Best effort: without it, search falls
/// back to `bm25()`; returns whether it is there.
pub(crate) fn register(conn: &Connection) -> bool {
    // SAFETY: the handle is valid for the life of `conn`; the statement is
    // prepared, stepped and finalized here; `api` outlives the statement
    // step that fills it in; `fts5_api_ptr` is FTS5's documented way to get
    // its API, and the function pointer we register is `extern "C"` with
    // the signature FTS5 calls.
    unsafe {
        let db = conn.handle();
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        if ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        ) != ffi::SQLITE_OK
        {
            ffi::sqlite3_finalize(stmt);
            return false;
        }
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        if api.is_null() || (*api).iVersion < 2 {
            return false;
        }
        let Some(create) = (*api).xCreateFunction else {
            return false;
        };
        create(api, NAME.as_ptr(), ptr::null_mut(), Some(mend_rank), None) == ffi::SQLITE_OK
    }
}

unsafe extern "C" fn mend_rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    args: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 calls this with a valid API table and context for the
    // current row, and `n` values in `args`; every out-pointer is a local.
    unsafe {
        let merged = n >= 1 && !args.is_null() && ffi::sqlite3_value_int(*args) != 0;
        match score(&*api, fts, merged) {
            Some(s) => ffi::sqlite3_result_double(ctx, -s),
            None => ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR),
        }
    }
}

/// Σ over phrases of f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), as
/// `fts5Bm25Function` computes it with every IDF 1; with `merged`, all
/// phrases' matches count as one phrase's.
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    merged: bool,
) -> Option<f64> {
    // SAFETY: see `mend_rank`.
    unsafe {
        let ok = |rc: c_int| (rc == ffi::SQLITE_OK).then_some(());
        let mut rows: i64 = 0;
        ok((api.xRowCount?)(fts, &mut rows))?;
        let mut tokens: i64 = 0;
        ok((api.xColumnTotalSize?)(fts, -1, &mut tokens))?;
        let avgdl = if rows > 0 {
            tokens as f64 / rows as f64
        } else {
            1.0
        };
        let phrases = if merged {
            1
        } else {
            (api.xPhraseCount?)(fts).max(0) as usize
        };
        let mut freq = vec![0.0f64; phrases];
        let mut n: c_int = 0;
        ok((api.xInstCount?)(fts, &mut n))?;
        for i in 0..n {
            let (mut p, mut c, mut o) = (0, 0, 0);
            ok((api.xInst?)(fts, i, &mut p, &mut c, &mut o))?;
            let p = if merged { 0 } else { p };
            if let Some(f) = freq.get_mut(p as usize) {
                *f += 1.0;
            }
        }
        let mut size: c_int = 0;
        ok((api.xColumnSize?)(fts, -1, &mut size))?;
        let d = f64::from(size);
        Some(
            freq.iter()
                .map(|f| (f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * d / avgdl)))
                .sum(),
        )
    }
}
