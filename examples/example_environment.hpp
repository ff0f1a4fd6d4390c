// Shared by the examples: where to connect and as whom, from the environment.
//   VITEC_CONNECT_BASE_URL  default: the production service, https://connect.maklare.vitec.net
//   VITEC_CONNECT_USERNAME  required
//   VITEC_CONNECT_PASSWORD  required
// scripts/demo.sh sets all three for the local stand-in it starts.
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>

#include <vitec/connect.hpp>

namespace example {

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
