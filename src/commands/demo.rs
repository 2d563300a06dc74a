//! `journeytop demo`: the embedded simulator on a free loopback port,
//! watched with the full dashboard. No network, no account.

use crate::cli::{DEMO_CROWD, DemoArgs, DisplayOpts};
use crate::live::LiveSession;
use crate::process::exit::{ExitCode, Fatal};
use crate::ui::{Meta, Mode};
use journeytop_protocol::Prompt;
use journeytop_sim::jwt::Secret;
use journeytop_sim::server::{self, SimConfig};

pub(super) async fn run(args: DemoArgs, global: DisplayOpts) -> Result<(), Fatal> {
    let cfg = SimConfig {
        variant: args.crowd.variant,
        prompt: Prompt::default_for(args.crowd.style),
        duration: f64::from(args.crowd.duration),
        crowd: args.arrivals.unwrap_or(DEMO_CROWD),
        seed: args.crowd.seed,
        secret: Secret::random(),
        record_deliveries: false,
        timings: journeytop_sim::Timings::default(),
    };
    if args.journeys > 1 {
        return run_many(cfg, &args, &global).await;
    }
    let sim = server::start(cfg, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| {
            Fatal::new(
                ExitCode::Usage,
                format!("cannot start the embedded simulator: {e}"),
            )
        })?;
    let mut prepared = LiveSession::for_simulator(&sim)?;
    prepared.overwrite = args.force;
    let meta = Meta {
        variant: sim.spec.variant,
        uid: sim.spec.uid.clone(),
        mode: Mode::Demo,
        stats: crate::ui::StatsPlan::Endpoint,
        source: format!("embedded simulator ({})", sim.addr),
    };
    let result = super::dashboard::run_live(&prepared, meta, &global, args.record.as_deref()).await;
    sim.stop().await;
    result
}

/// `demo --journeys N`: N simulated journeys on one port, in the overview.
async fn run_many(cfg: SimConfig, args: &DemoArgs, global: &DisplayOpts) -> Result<(), Fatal> {
    let cfgs = super::simulate::many(&cfg, args.crowd.style, args.journeys);
    let sim = server::start_many(cfgs, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| {
            Fatal::new(
                ExitCode::Usage,
                format!("cannot start the embedded simulator: {e}"),
            )
        })?;
    let sessions = sim
        .specs
        .iter()
        .map(LiveSession::for_simulated)
        .collect::<Result<Vec<_>, _>>()?;
    let result = match crate::live::fleet::Fleet::start(sessions, args.record.as_deref()) {
        Ok(mut fleet) => super::fleet::overview(&mut fleet, Mode::Demo, global).await,
        Err(e) => Err(e.into()),
    };
    sim.stop().await;
    result
}
