// `vitec-connect completion bash`: a bash completion script, written from the program's own
// command line and from the description it was built with, so that it never lists an
// operation, model or parameter the program does not have.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace vitec::cli {

/// The subcommands and their long options, as the program's parser has them.
struct CommandWords {
  /// Each subcommand's options; the key "" holds the common options.
  std::map<std::string, std::vector<std::string>> options;
  std::set<std::string> valued;  ///< the options that take a value ("--csv")
};

/// Prints the bash completion script; returns the exit code.
int run_completion(const CommandWords& words);

}  // namespace vitec::cli
