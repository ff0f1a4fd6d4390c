#pragma once

// The baseline: what a careful hand-written libcurl program does for the same work. Same URL,
// method, headers (Content-Type, Accept, User-Agent, Basic auth) and body as the SDK; handles and
// header lists are set up once and reused.

#include <cstddef>
#include <string>

namespace bench::raw {

/// The JSON body the SDK sends for sample_follow_up(), typed out by hand.
extern const char* const body;

/// `n` PUTs in a row on one reused easy handle; exits on any answer but 200 `true`.
void sequential(const std::string& url, long n);

/// How bulk() talks to the server.
struct bulk_options {
  /// HTTP/2 over TLS, waiting for a connection to multiplex on rather than opening one per
  /// transfer (CURLOPT_PIPEWAIT), with up to `in_flight` streams on one connection; the
  /// server's certificate is checked against `ca_file`.
  bool http2 = false;
  std::string ca_file{};
};

/// `n` PUTs through one multi handle, `in_flight` at a time; exits on any answer but 200 `true`.
/// Returns the number of connections it opened.
long bulk(const std::string& url, long n, std::size_t in_flight, const bulk_options& options = {});

}  // namespace bench::raw
