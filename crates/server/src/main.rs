//! `attain`: one binary for every process of the platform.

use anyhow::Context;
use attain_config::Settings;
use clap::{Parser, Subcommand};
use std::net::TcpListener;

#[derive(Parser)]
#[command(name = "attain", version, about = "Attain sales performance platform")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// HTTP server (API, health probes) with an outbox relay.
    Serve {
        /// Do not run an outbox relay in this process.
        #[arg(long)]
        no_relay: bool,
    },
    /// Background jobs (KPI snapshots, imports, statements, Stripe events) with an outbox relay.
    Worker {
        #[arg(long)]
        no_relay: bool,
    },
    /// Only the outbox relay.
    Relay,
    /// Migrate the control schema and every tenant schema.
    Migrate {
        /// Print only failures and every 50th tenant.
        #[arg(long)]
        quiet: bool,
    },
    /// Create the demo company and print its logins.
    Demo,
}

/// mimalloc: the worker's statement runs allocate millions of small lines
/// from both cores at once, where it is markedly faster than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::from_env()?;
    attain_telemetry::init(settings.json_logs);
    match cli.command {
        Command::Serve { no_relay } => serve(settings, !no_relay).await,
        Command::Worker { no_relay } => worker(settings, !no_relay).await,
        Command::Relay => {
            let (db, _) = attain_server::connect(&settings).await?;
            let topology = attain_server::topology(&settings);
            attain_jobs::relay::run(
                db.pool().clone(),
                attain_server::relay_config(&settings, topology),
            )
            .await;
            Ok(())
        }
        Command::Migrate { quiet } => {
            let failed =
                tokio::task::spawn_blocking(move || attain_server::migrate::run(&settings, quiet))
                    .await??;
            if failed > 0 {
                anyhow::bail!(
                    "{failed} tenant schema(s) failed to migrate; the others are current"
                );
            }
            Ok(())
        }
        Command::Demo => attain_server::demo::run(&settings).await,
    }
}

async fn serve(settings: Settings, with_relay: bool) -> anyhow::Result<()> {
    let listener = TcpListener::bind(&settings.bind)
        .with_context(|| format!("cannot bind {}", settings.bind))?;
    let topology = attain_server::topology(&settings);
    let relay = attain_server::relay_config(&settings, topology);
    // Another `serve` may already run the stand-in on that address: share it.
    let standin = attain_server::start_standin(&settings).unwrap_or_else(|error| {
        tracing::warn!(%error, "the Stripe stand-in did not start; using whatever answers at its address");
        None
    });
    let state = actix_web::web::Data::new(attain_server::build_state(settings).await?);
    if with_relay {
        tokio::spawn(attain_jobs::relay::run(state.db.pool().clone(), relay));
    }
    tracing::info!(address = %listener.local_addr()?, "serving");
    attain_server::http_server(state, listener)?.await?;
    if let Some(standin) = standin {
        standin.stop().await;
    }
    Ok(())
}

async fn worker(settings: Settings, with_relay: bool) -> anyhow::Result<()> {
    let topology = attain_server::topology(&settings);
    let relay = attain_server::relay_config(&settings, topology.clone());
    let consumer = attain_server::kpi_consumer_config(&settings, topology.clone());
    let import_consumer = attain_server::import_consumer_config(&settings, topology.clone());
    let comp_consumer = attain_server::comp_consumer_config(&settings, topology.clone());
    let billing_consumer = attain_server::billing_consumer_config(&settings, topology);
    let state = attain_server::build_state(settings).await?;
    if with_relay {
        tokio::spawn(attain_jobs::relay::run(state.db.pool().clone(), relay));
    }
    let handler = attain_worker::kpi_snapshot::handler(attain_server::worker_context(&state));
    let import_handler = attain_worker::imports::handler(attain_server::worker_context(&state));
    tokio::spawn(attain_jobs::consumer::run(import_consumer, import_handler));
    let comp_handler = attain_worker::comp::handler(attain_server::worker_context(&state));
    tokio::spawn(attain_jobs::consumer::run(comp_consumer, comp_handler));
    let billing_handler = attain_worker::billing::handler(attain_server::worker_context(&state));
    tokio::spawn(attain_jobs::consumer::run(
        billing_consumer,
        billing_handler,
    ));
    tokio::spawn(attain_worker::benchmarks::schedule(state.db.clone()));
    tracing::info!("worker started");
    attain_jobs::consumer::run(consumer, handler).await;
    Ok(())
}
