// `vitec-connect outbox --db FILE add|drain|status|dead-letters`: the durable outbox of
// <vitec/connect/outbox.hpp> from the shell.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

#include <vitec/connect/client.hpp>

#include "settings.hpp"

namespace vitec::cli {

/// The `outbox` subcommand and its own subcommands, registered on the program's CLI::App.
class OutboxCommand {
 public:
  OutboxCommand(CLI::App& app, OutboxSettings& settings);
  bool parsed() const { return outbox_->parsed(); }
  /// Completes `settings` once the command line parsed with `outbox` in it.
  ParseOutcome finish(Settings settings) const;

 private:
  CLI::App* outbox_;
  CLI::App* add_;
  CLI::App* drain_;
  CLI::App* status_;
  CLI::App* dead_letters_;
};

/// Runs what settings.outbox says; returns the exit code. Throws as run() expects.
int run_outbox(const Settings& settings);

// From commands.cpp, shared with the outbox commands.
connect::ClientOptions client_options(const Settings& settings);
connect::ParticipantFollowUp follow_up_from(const Settings& settings);
connect::OrderUserInteractionRequest order_request_from(const Settings& settings);

}  // namespace vitec::cli
