// The command lines of `operations`, `api` and `describe`, registered on the program's CLI::App.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "settings.hpp"

namespace vitec::cli {

class ApiCommands {
 public:
  /// `footer`: the environment and exit codes, as the other subcommands end their --help.
  ApiCommands(CLI::App& app, Settings& settings, const std::string& footer);
  bool parsed() const;
  /// Completes `settings` once the command line parsed with one of the three in it.
  ParseOutcome finish(Settings settings) const;

 private:
  CLI::App* operations_;
  CLI::App* api_;
  CLI::App* describe_;
};

}  // namespace vitec::cli
