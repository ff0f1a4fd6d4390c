// The process exit codes, one per error kind, so that scripts can tell failures apart.
#pragma once

#include <stdexcept>

#include <vitec/connect/error.hpp>

namespace vitec::cli {

/// A usage error found after parsing (credentials, files); run() prints it and exits exit_usage.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum exit_code : int {
  exit_ok = 0,  ///< every request answered true
  exit_answered_false = 1,
  exit_usage = 2,  ///< bad arguments, credentials or CSV file; nothing was sent
  exit_invalid_argument = 3,
  exit_validation = 4,
  exit_unauthorized = 5,
  exit_forbidden = 6,
  exit_server = 7,
  exit_http = 8,
  exit_transport = 9,
  exit_timeout = 10,
  exit_protocol = 11,
  exit_rows_failed = 12,  ///< bulk: rows failed for different reasons
  /// 404: a kind of its own since 0.3 (8 before), as timeout has its own beside transport.
  exit_not_found = 13,
};

inline exit_code exit_code_for(connect::ErrorKind kind) {
  switch (kind) {
    case connect::ErrorKind::invalid_argument:
      return exit_invalid_argument;
    case connect::ErrorKind::validation:
      return exit_validation;
    case connect::ErrorKind::unauthorized:
      return exit_unauthorized;
    case connect::ErrorKind::forbidden:
      return exit_forbidden;
    case connect::ErrorKind::server:
      return exit_server;
    case connect::ErrorKind::http:
      return exit_http;
    case connect::ErrorKind::not_found:
      return exit_not_found;
    case connect::ErrorKind::transport:
      return exit_transport;
    case connect::ErrorKind::timeout:
      return exit_timeout;
    case connect::ErrorKind::protocol:
      return exit_protocol;
  }
  return exit_rows_failed;
}

/// The table printed at the end of --help.
inline const char* exit_code_help() {
  return "Exit codes:\n"
         "   0  success: the server answered true (bulk: for every row; api: anything but false)\n"
         "   1  the server answered false\n"
         "   2  usage: bad arguments, missing credentials, unreadable CSV; nothing was sent\n"
         "   3  invalid argument: the SDK refused the input before sending (e.g. a relative "
         "--url)\n"
         "   4  validation: 400, the server rejected the content\n"
         "   5  unauthorized: 401, wrong username or password\n"
         "   6  forbidden: 403, no access to that customer\n"
         "   7  server: 500 or another 5xx, after the retries\n"
         "   8  http: any other unexpected status (a 404 gives 13)\n"
         "   9  transport: DNS, connect, TLS, connection reset, after the retries\n"
         "  10  timeout: connect or request timeout, after the retries\n"
         "  11  protocol: a 2xx whose body is not the documented answer\n"
         "  12  bulk: rows failed for different reasons (a single reason gives its own code)\n"
         "  13  not found: 404, no such customer, path or item\n";
}

}  // namespace vitec::cli
