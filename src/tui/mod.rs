//! The dashboard: a thin ratatui shell over the model. State + action → state; state → frame;
//! terminal I/O only in this module's run loop.

use crate::loader::Inputs;
use std::process::ExitCode;

/// Opens the dashboard on the inputs; returns when the user quits.
pub fn run(inputs: Inputs) -> ExitCode {
    let _ = inputs;
    ExitCode::SUCCESS
}
