// The command lines of `operations`, `api`, `describe` and `completion`, registered on the
// program's CLI::App.
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
  /// Whether `api`, the one of the four that takes --csv, was given.
  bool takes_csv() const;
  /// Completes `settings` once the command line parsed with one of the four in it.
  ParseOutcome finish(Settings settings) const;

 private:
  CLI::App* operations_;
  CLI::App* api_;
  CLI::App* describe_;
  CLI::App* completion_;
  std::string shell_;
};

}  // namespace vitec::cli
