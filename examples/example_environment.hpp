// Shared by the examples: where to connect and as whom, from the environment.
//   VITEC_CONNECT_BASE_URL  default: the production service, https://connect.maklare.vitec.net
//   VITEC_CONNECT_USERNAME  required
//   VITEC_CONNECT_PASSWORD  required
// scripts/demo.sh sets all three for the local stand-in it starts.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <vitec/connect.hpp>

namespace example {

/// Reads an example's command line: with --help or -h, prints "usage: PROGRAM ARGUMENTS",
/// `what` and the environment the examples read, and ends the program (0). An argument that
/// starts with '-', or more than `most` arguments, is refused (exit 2), so that an option is
/// never taken for a customer id. Returns the arguments.
inline std::vector<std::string> arguments(int argc, char** argv, const char* synopsis,
                                          const char* what, std::size_t most = 0) {
  const std::string program = argc > 0 ? argv[0] : "example";
  const auto usage = [&](std::ostream& out) {
    out << "usage: " << program << (*synopsis ? " " : "") << synopsis << "\n"
        << what << "\n"
        << "Environment: VITEC_CONNECT_BASE_URL (default: the production service),\n"
           "VITEC_CONNECT_USERNAME, VITEC_CONNECT_PASSWORD; scripts/demo.sh sets them for a local\n"
           "stand-in.\n";
  };
  std::vector<std::string> given(argv + (argc > 0 ? 1 : 0), argv + argc);
  for (const auto& argument : given) {
    if (argument == "--help" || argument == "-h") {
      usage(std::cout);
      std::exit(0);
    }
  }
  for (const auto& argument : given) {
    if (!argument.empty() && argument[0] == '-') {
      std::cerr << program << ": unknown option " << argument << "\n";
      usage(std::cerr);
      std::exit(2);
    }
  }
  if (given.size() > most) {
    std::cerr << program << ": too many arguments\n";
    usage(std::cerr);
    std::exit(2);
  }
  return given;
}

/// The variable's value, or `fallback` when it is unset or empty.
inline std::string environment(const char* name, std::string fallback = "") {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

/// Client options from the three variables. Ends the program with a hint when no account is
/// set, so that an example never calls the real service anonymously.
inline vitec::connect::ClientOptions options_from_environment() {
  vitec::connect::ClientOptions options;
  options.base_url = environment("VITEC_CONNECT_BASE_URL", options.base_url);
  options.username = environment("VITEC_CONNECT_USERNAME");
  options.password = environment("VITEC_CONNECT_PASSWORD");
  if (options.username.empty() || options.password.empty()) {
    std::cerr << "set VITEC_CONNECT_USERNAME and VITEC_CONNECT_PASSWORD (and "
                 "VITEC_CONNECT_BASE_URL for anything but "
              << options.base_url
              << "); scripts/demo.sh runs the examples against a local stand-in\n";
    std::exit(2);
  }
  return options;
}

}  // namespace example
