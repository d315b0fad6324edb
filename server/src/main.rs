//! `server` — runs the ChargeCars platform.
//!
//! Usage: `server [serve|migrate|seed|deliver|bench-board [SCALE…]|bench-planning [DIR]|bench-slots|bench-solve]`
//! (`deliver`: only the outbox worker, until the outbox has nothing due)
//! (default `serve`). Configuration comes
//! from environment variables; see README.md.

use leptos::prelude::get_configuration;
use server::{config::Config, telemetry, AppState};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_json);
    services::runtime::install(config.runtime());
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    let result = match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => prepare_db(&config, false).await.map(|_| ()),
        "seed" => prepare_db(&config, true).await.map(|_| ()),
        "bench-board" => {
            let scales: Vec<usize> = std::env::args()
                .skip(2)
                .filter_map(|a| a.parse().ok())
                .collect();
            server::bench::board(if scales.is_empty() { &[1, 10] } else { &scales }).await
        }
        "deliver" => deliver(config).await,
        "api-key" => api_key(config, std::env::args().skip(2).collect()).await,
        "bench-planning" => server::bench::planning(std::env::args().nth(2)).await,
        "bench-slots" => server::bench::slots().await,
        "bench-solve" => tokio::task::spawn_blocking(server::bench::solve)
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r),
        other => Err(format!(
            "unknown command `{other}`; expected serve, migrate, seed, deliver, api-key, bench-board, bench-planning, bench-slots or bench-solve"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `server api-key [--test] <partner user e-mail> <name> <scope,scope…> [days]`:
/// makes a partner API key (with `--test`, a sandbox key) and prints it
/// (once) on standard output.
async fn api_key(config: Config, args: Vec<String>) -> Result<(), String> {
    let test = args.iter().any(|a| a == "--test");
    let args: Vec<String> = args.into_iter().filter(|a| a != "--test").collect();
    let [email, name, scopes, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: server api-key [--test] <partner user e-mail> <name> <scope,scope…> [days]"
                .into(),
        );
    };
    let expires_in_days = match rest.first() {
        Some(d) => Some(
            d.parse()
                .map_err(|_| format!("days must be a number, got `{d}`"))?,
        ),
        None => None,
    };
    let db = prepare_db(&config, false).await?;
    let input = entity::dto::NewApiKeyDto {
        name: name.clone(),
        scopes: scopes.split(',').map(|s| s.trim().to_owned()).collect(),
        expires_in_days,
        test,
    };
    let made = services::api_keys::create_for(&db, email, &input, chrono::Utc::now())
        .await
        .map_err(|e| format!("no key made for {email}: {e}"))?;
    println!("{}", made.secret);
    Ok(())
}

/// `server deliver`: runs the outbox worker until nothing is due.
async fn deliver(config: Config) -> Result<(), String> {
    let carriers = config
        .carriers()?
        .ok_or("deliver needs SMTP_URL, SMS_API_KEY or WHATSAPP_TOKEN")?;
    let db = services::db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    services::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    loop {
        let round = services::delivery::deliver_due(&db, &carriers, chrono::Utc::now(), 10)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(
            sent = round.sent,
            retried = round.retried,
            failed = round.failed,
            "outbox"
        );
        if round.sent + round.retried + round.failed == 0 {
            return Ok(());
        }
    }
}

async fn prepare_db(config: &Config, seed: bool) -> Result<sea_orm::DatabaseConnection, String> {
    let backend = services::db::backend_name(&config.database_url);
    let db = services::db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the {backend} database: {e}"))?;
    services::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    tracing::info!(backend, "database migrated");
    if seed {
        let started = std::time::Instant::now();
        let report = services::seed::seed_if_empty(&db)
            .await
            .map_err(|e| format!("loading demo data failed: {e}"))?;
        if report.seeded {
            let c = &report.counts;
            tracing::info!(
                partners = c.partners,
                customers = c.customers,
                orders = c.orders,
                visits = c.visits,
                technicians = c.technicians,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "demo data loaded"
            );
        } else {
            tracing::info!("database already holds data; demo data not loaded");
        }
    }
    // Every entity's message templates are in the database, for admins to
    // read and change (after the demo data, which adds entities).
    let stored = services::templates::ensure_defaults(&db, chrono::Utc::now())
        .await
        .map_err(|e| format!("storing the message templates failed: {e}"))?;
    if stored > 0 {
        tracing::info!(stored, "built-in message templates stored");
    }
    Ok(db)
}

async fn serve(config: Config) -> Result<(), String> {
    let mut conf = get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?;
    conf.leptos_options.site_addr = config.site_addr;
    let db = prepare_db(&config, config.seed_demo_data).await?;
    if config.production
        && services::seed::demo_accounts_present(&db)
            .await
            .map_err(|e| format!("checking for demo accounts: {e}"))?
    {
        return Err(
            "APP_ENV=production but the database holds the demo accounts (published passwords); remove them first"
                .into(),
        );
    }
    let state = AppState {
        leptos_options: conf.leptos_options,
        db: db.clone(),
        // Relays through PostgreSQL NOTIFY so several processes share boards.
        bus: services::events::Bus::relaying(&db, &config.database_url)
            .await
            .map_err(|e| format!("event bus: {e}"))?,
        limits: config.limits,
        behind_tls: config.public_url.starts_with("https://"),
        trusted_proxies: config.trusted_proxies.clone(),
        streams: server::events::Streams::default(),
        webhooks: server::webhooks::WebhookSecrets {
            sms: config.texts.sms_webhook_secret.clone(),
            whatsapp: config.texts.whatsapp_webhook_secret.clone(),
            email: config.texts.email_webhook_secret.clone(),
        },
        api_limiter: services::rate_limit::RateLimiter::new(config.api_rate),
    };
    let app = server::router(state);

    // The SLA watch: escalations, their resolution and the site-readiness
    // timeout, once a minute (`SLA_SWEEP_SECS`, 0 turns it off).
    if let Some(every) = config.sla_sweep {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                match services::sla::sweep(&db, chrono::Utc::now()).await {
                    Ok(r) if r == services::sla::SweepReport::default() => {}
                    Ok(r) => tracing::info!(
                        escalated = r.escalated,
                        resolved = r.resolved,
                        put_on_hold = r.put_on_hold,
                        automatic = r.automatic,
                        "SLA sweep"
                    ),
                    Err(e) => tracing::error!(error = %e, "SLA sweep failed"),
                }
            }
        });
    }

    // Housekeeping, hourly: the API usage log keeps 90 days, replayable
    // Idempotency-Key answers a day.
    {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                let now = chrono::Utc::now();
                let calls = services::api_usage::prune(&db, now).await;
                let answers = services::idempotency::prune(&db, now).await;
                match (calls, answers) {
                    (Ok(0), Ok(0)) => {}
                    (Ok(calls), Ok(answers)) => {
                        tracing::info!(calls, answers, "housekeeping: forgot old API records")
                    }
                    (Err(e), _) | (_, Err(e)) => tracing::error!(error = %e, "housekeeping"),
                }
            }
        });
    }

    // The webhook worker: partners' deliveries leave, signed, and are
    // retried; a delivery a killed worker left half-sent goes again after
    // the lease (at least once, with the same event id).
    {
        let db = db.clone();
        let cfg = config.webhooks.clone();
        let lease = chrono::Duration::from_std(cfg.lease).unwrap_or(chrono::Duration::seconds(60));
        tokio::spawn(async move {
            let client = services::webhook_delivery::client(cfg.allow_local);
            let mut tick = tokio::time::interval(cfg.poll);
            loop {
                tick.tick().await;
                loop {
                    match services::webhook_delivery::deliver_due(
                        &db,
                        &client,
                        chrono::Utc::now(),
                        20,
                        lease,
                    )
                    .await
                    {
                        Ok(r) if r == Default::default() => break,
                        Ok(r) => tracing::info!(
                            delivered = r.delivered,
                            retried = r.retried,
                            failed = r.failed,
                            recovered = r.recovered,
                            "webhooks"
                        ),
                        Err(e) => {
                            tracing::error!(error = %e, "webhook worker");
                            break;
                        }
                    }
                }
            }
        });
    }

    // The outbox worker: due messages leave through SMTP (`SMTP_URL`) and
    // the SMS and WhatsApp providers that are configured.
    match config.carriers()? {
        Some(carriers) => {
            let (db, every) = (db.clone(), config.delivery_poll);
            let clock = config.delivery_clock.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(every);
                loop {
                    tick.tick().await;
                    let now = server::clock::worker_now(clock.as_deref());
                    match services::delivery::deliver_due(&db, &carriers, now, 50).await {
                        Ok(r) if r == services::delivery::Round::default() => {}
                        Ok(r) => tracing::info!(
                            sent = r.sent,
                            retried = r.retried,
                            failed = r.failed,
                            "outbox"
                        ),
                        Err(e) => tracing::error!(error = %e, "outbox delivery failed"),
                    }
                }
            });
        }
        None => tracing::warn!("no SMTP_URL or text provider is set: messages wait in the outbox"),
    }

    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.site_addr))?;
    tracing::info!("listening on http://{}", config.site_addr);

    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = rx.await;
        })
        .await
    });
    shutdown_signal().await;
    tracing::info!(
        grace_secs = config.shutdown_grace.as_secs(),
        "shutting down: draining requests"
    );
    let _ = tx.send(());
    match tokio::time::timeout(config.shutdown_grace, server).await {
        Ok(Ok(Ok(()))) => tracing::info!("all requests finished"),
        Ok(Ok(Err(e))) => tracing::error!("server error: {e}"),
        Ok(Err(e)) => tracing::error!("server task failed: {e}"),
        Err(_) => tracing::warn!("grace period over; closing remaining connections"),
    }
    db.close()
        .await
        .map_err(|e| format!("closing the database: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("received SIGINT"),
        _ = term => tracing::info!("received SIGTERM"),
    }
}
