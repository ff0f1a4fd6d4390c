#pragma once

#include <chrono>
#include <string>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// One attempt, as the optional ClientOptions::logger sees it. Holds no credentials.
struct LogEvent {
  std::string method{};                  ///< "PUT"
  std::string url{};                     ///< the full request URL, customer id included
  int status = 0;                        ///< 0 when no answer came back
  int attempt = 0;                       ///< 1-based
  std::chrono::microseconds elapsed{0};  ///< how long this attempt took
  std::string error{};                   ///< "" on success
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
