// `outbox` in a build without SQLite: the subcommand exists, and says why it cannot run.
#include <iostream>

#include "exit_codes.hpp"
#include "outbox.hpp"

namespace vitec::cli {

OutboxCommand::OutboxCommand(CLI::App& app, OutboxSettings& settings)
    : outbox_(app.add_subcommand("outbox",
                                 "The durable outbox (unavailable: built without "
                                 "SQLite 3)")),
      add_(nullptr),
      drain_(nullptr),
      status_(nullptr),
      dead_letters_(nullptr) {
  outbox_->add_option("--db", settings.db, "The outbox file");
  outbox_->allow_extras();
}

ParseOutcome OutboxCommand::finish(Settings settings) const {
  settings.what = command::outbox;
  return {std::move(settings), exit_ok};
}

int run_outbox(const Settings& /*settings*/) {
  std::cerr << "vitec-connect: this build has no outbox: SQLite 3 was not found when it was "
               "built\n";
  return exit_usage;
}

}  // namespace vitec::cli
