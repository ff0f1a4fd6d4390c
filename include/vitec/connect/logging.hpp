#pragma once

#include <chrono>
#include <string>

namespace vitec::connect {

/// One attempt, as the optional ClientOptions::logger sees it. Holds no credentials.
struct LogEvent {
  std::string method, url;
  int status = 0;   ///< 0 when no answer came back
  int attempt = 0;  ///< 1-based
  std::chrono::microseconds elapsed{0};
  std::string error;  ///< "" on success
};

}  // namespace vitec::connect
