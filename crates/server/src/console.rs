//! What commands print: results on standard output, errors for the operator
//! on standard error (logs go to standard error through `tracing`).

use std::io::Write as _;

/// Writes a line of command output to standard output.
pub fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

/// Writes an error for the operator to standard error.
pub fn report_error(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "coopfed: error: {message}");
}
