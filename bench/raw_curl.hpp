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

/// `n` PUTs through one multi handle, `in_flight` at a time; exits on any answer but 200 `true`.
void bulk(const std::string& url, long n, std::size_t in_flight);

}  // namespace bench::raw
