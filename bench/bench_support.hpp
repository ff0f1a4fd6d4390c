#pragma once

// What every benchmark shares: the work item, command-line reading, timing and
// what the process used.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vitec/connect.hpp>

namespace bench {

namespace vc = vitec::connect;

inline const char* const user = "broker";
inline const char* const password = "bench-secret";

/// The follow-up every benchmark sends; raw_curl.cpp sends the same bytes.
inline vc::ParticipantFollowUp sample_follow_up() {
  vc::ParticipantFollowUp item;
  item.contact_id = "CON1A2B3C4D5E6F";
  item.viewing_id = "VIE9F8E7D6C5B4A";
  item.participated = true;
  item.contacted = vc::Contacted::no;
  return item;
}

/// A client of the bench server: plain http to loopback, and no retries, so a failure shows.
inline vc::ClientOptions client_options(const std::string& base_url) {
  vc::ClientOptions options;
  options.base_url = base_url;
  options.username = user;
  options.password = password;
  options.retry.max_attempts = 1;
  return options;
}

/// `--name value` from argv, or `fallback`.
inline std::string arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  if (!fallback) throw std::invalid_argument(std::string("missing ") + name);
  return fallback;
}

inline long arg_number(int argc, char** argv, const char* name, const char* fallback) {
  return std::stol(arg(argc, argv, name, fallback));
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// User + system CPU seconds this process has used so far, all threads included.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The largest resident set this process has had so far, in kB.
inline long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/// Stops the run: a benchmark of failing requests measures nothing.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  std::exit(1);
}

/// The body of every benchmark's main: an exception ends the run with its message.
template <class Run>
int guarded_main(Run run, int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

}  // namespace bench
