// What the program prints: requests for --dry-run, errors, and bulk progress.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include <vitec/connect/error.hpp>
#include <vitec/connect/transport.hpp>

namespace vitec::cli {

/// The request as it would go on the wire, with `authorization` shown in place of the
/// Authorization header's value (its redacted form, or why there is none).
void print_request(std::ostream& out, const connect::HttpRequest& request,
                   const std::string& authorization);

/// One line for a failure: the kind, the status, and the server's message and model state.
std::string describe(const connect::Error& error);

/// The name users see for an error kind ("validation", "timeout", ...).
const char* kind_name(connect::ErrorKind kind);

/// Bulk progress: a redrawn bar on a terminal, a plain line per tenth otherwise (logs and pipes).
/// `unit` names what is counted ("rows" of a file, "items" of the outbox).
class Progress {
 public:
  Progress(std::ostream& out, bool terminal, const char* unit = "rows")
      : out_(out), terminal_(terminal), unit_(unit) {}
  void update(std::size_t done, std::size_t total);

 private:
  std::ostream& out_;
  bool terminal_;
  const char* unit_;
  std::size_t last_tenth_ = 0;
};

}  // namespace vitec::cli
