//! The command line: parse arguments, load, hand over to a command or the dashboard.
//!
//! Exit codes: 0 ok, 1 invalid knowledge base, 2 usage (bad arguments, a missing corpus folder, an
//! output path inside a corpus folder), 3 an output that could not be written.

use crate::corpus::LoadOptions;
use crate::export::{self, Format};
use crate::loader::{self, Inputs};
use crate::model::Model;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// socialscope: which platform has which social feature, since when, and where the article says so.
#[derive(Debug, Parser)]
#[command(name = "socialscope", version, about, long_about = None)]
pub struct Cli {
    /// A folder of articles (repeatable); default: the bundled articles.
    #[arg(long, value_name = "DIR", global = true)]
    pub corpus: Vec<PathBuf>,
    /// A folder with platforms.yaml, companies.yaml and features.yaml; default: the bundled ones.
    #[arg(long, value_name = "DIR", global = true)]
    pub data: Option<PathBuf>,
    /// Skip article files larger than this many bytes.
    #[arg(long, value_name = "BYTES", global = true, default_value_t = LoadOptions::default().max_file_size)]
    pub max_file_size: u64,
    /// In the dashboard: reload when articles in the corpus folders are added, changed or removed.
    #[arg(long, global = true)]
    pub watch: bool,
    /// Do not read or write the parse cache (kept in the user's cache folder).
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print (or write) every event, with articles, platforms, features and diagnostics.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write here (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Allow an output path inside a corpus folder.
        #[arg(long)]
        force: bool,
    },
    /// Validate the knowledge base and the corpus; print diagnostics and a summary.
    Check,
    /// Compare platforms side by side: features, who moved first, and each one's strategy.
    Compare {
        /// Two or more platforms, by id, name or alias (`抖音`, `douyin`, `Douyin`).
        #[arg(required = true, num_args = 2.., value_name = "PLATFORM")]
        platforms: Vec<String>,
        #[arg(long, value_enum, default_value_t = crate::compare::CompareFormat::Md)]
        format: crate::compare::CompareFormat,
    },
}

impl Cli {
    pub fn inputs(&self) -> Inputs {
        Inputs {
            corpus: self.corpus.clone(),
            data: self.data.clone(),
            options: LoadOptions {
                max_file_size: self.max_file_size,
            },
            user_knowledge: crate::userdata::UserFile::default_location()
                .ok()
                .map(|f| f.path),
            cache: if self.no_cache {
                None
            } else {
                crate::cache::default_dir()
            },
        }
    }
}

/// Runs the program; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    run(cli)
}

fn fail(code: u8, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("socialscope: {msg}");
    ExitCode::from(code)
}

pub fn run(cli: Cli) -> ExitCode {
    for dir in &cli.corpus {
        if !dir.is_dir() {
            return fail(2, format!("{}: corpus folder not found", dir.display()));
        }
    }
    if let Some(dir) = &cli.data
        && !dir.is_dir()
    {
        return fail(2, format!("{}: data folder not found", dir.display()));
    }
    let inputs = cli.inputs();
    match &cli.command {
        None => crate::tui::run(inputs, cli.watch),
        Some(Command::Check) => check(&inputs),
        Some(Command::Compare { platforms, format }) => compare(&inputs, platforms, *format),
        Some(Command::Export {
            format,
            output,
            force,
        }) => {
            if let Some(out) = output
                && !force
                && let Some(root) = inside_corpus(out, &inputs.corpus)
            {
                return fail(
                    2,
                    format!(
                        "{}: is inside the corpus folder {}; socialscope never writes there (use --force to allow)",
                        out.display(),
                        root.display()
                    ),
                );
            }
            let model = match loader::load_model(&inputs) {
                Ok(m) => m,
                Err(e) => return fail(1, e),
            };
            for d in &model.diagnostics {
                eprintln!("{d}");
            }
            let text = export::render(&model, *format);
            exit_without_freeing(model);
            match output {
                Some(path) => match export::write_atomic(path, text.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => fail(3, format!("{}: cannot write: {e}", path.display())),
                },
                None => {
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    // A closed pipe (`| head`) is not an error worth reporting.
                    let _ = out.write_all(text.as_bytes());
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

fn check(inputs: &Inputs) -> ExitCode {
    let model = match loader::load_model(inputs) {
        Ok(m) => m,
        Err(e) => return fail(1, e),
    };
    for d in &model.diagnostics {
        eprintln!("{d}");
    }
    let paragraphs: usize = model.articles.iter().map(|a| a.blocks.len()).sum();
    println!(
        "{} articles, {} paragraphs, {} events, {} platforms, {} features, {} problems",
        model.articles.len(),
        paragraphs,
        model.events.len(),
        model.knowledge.platforms.len(),
        model.knowledge.features.len(),
        model.diagnostics.len()
    );
    exit_without_freeing(model);
    ExitCode::SUCCESS
}

/// Leaves a loaded model to the operating system: the process ends right after, and freeing a
/// large corpus's half a million strings one by one would add tens of milliseconds for nothing.
fn exit_without_freeing(model: Model) {
    std::mem::forget(model);
}

/// `compare`: resolve the names first (exit 2 with close matches), then load and print.
fn compare(inputs: &Inputs, names: &[String], format: crate::compare::CompareFormat) -> ExitCode {
    use crate::compare::{self, CompareFormat};
    let knowledge = match loader::load_knowledge(inputs) {
        Ok(k) => k,
        Err(e) => return fail(1, e),
    };
    let mut picked: Vec<usize> = Vec::new();
    for name in names {
        match compare::resolve_platform(&knowledge, name) {
            Ok(p) if picked.contains(&p) => {
                return fail(
                    2,
                    format!("`{name}` names {} twice", knowledge.platforms[p].name),
                );
            }
            Ok(p) => picked.push(p),
            Err(e) => return fail(2, e),
        }
    }
    let model = match loader::load_model(inputs) {
        Ok(m) => m,
        Err(e) => return fail(1, e),
    };
    for d in &model.diagnostics {
        eprintln!("{d}");
    }
    let c = compare::compare(&model, &picked);
    let text = match format {
        CompareFormat::Md => compare::to_markdown(&model, &c),
        CompareFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&compare::to_json(&model, &c)).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    use std::io::Write;
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// The corpus root `path` would be written into, if any (compared after resolving both).
fn inside_corpus<'a>(path: &Path, roots: &'a [PathBuf]) -> Option<&'a PathBuf> {
    let abs = |p: &Path| -> Option<PathBuf> {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        // The file may not exist yet: resolve its folder.
        let parent = p.parent()?.canonicalize().ok()?;
        Some(parent.join(p.file_name()?))
    };
    let target = abs(path)?;
    roots.iter().find(|r| {
        r.canonicalize()
            .map(|root| target.starts_with(root))
            .unwrap_or(false)
    })
}
