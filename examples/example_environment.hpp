// Shared by the examples: where to connect and as whom, from the environment, with defaults
// that match a local stand-in (vitec-connect-stand-in --port 8089).
#pragma once

#include <cstdlib>
#include <string>

#include <vitec/connect.hpp>

namespace example {

inline std::string environment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

inline vitec::connect::ClientOptions options_from_environment() {
  vitec::connect::ClientOptions options;
  options.base_url = environment("VITEC_CONNECT_BASE_URL", "http://127.0.0.1:8089");
  options.username = environment("VITEC_CONNECT_USERNAME", "demo");
  options.password = environment("VITEC_CONNECT_PASSWORD", "demo-password");
  return options;
}

}  // namespace example
