// --dry-run: requests are printed instead of sent.
#pragma once

#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

#include <vitec/connect/transport.hpp>

#include "output.hpp"

namespace vitec::cli {

/// The Transport behind --dry-run: it prints each request the SDK built and answers `true`
/// without sending it, so what is printed is exactly what would have been sent, and the rows
/// that fail are exactly those the SDK or the CLI refuse before sending.
class RecordingTransport : public connect::Transport {
 public:
  /// `authorization` is shown in place of the Authorization header's value.
  RecordingTransport(std::ostream& out, std::string authorization)
      : out_(out), authorization_(std::move(authorization)) {}

  connect::HttpResponse send(const connect::HttpRequest& request) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    print_request(out_, request, authorization_);
    ++count_;
    return {200, {}, "true"};
  }

  /// How many requests were printed.
  std::size_t count() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::ostream& out_;
  const std::string authorization_;
  std::size_t count_ = 0;
};

}  // namespace vitec::cli
