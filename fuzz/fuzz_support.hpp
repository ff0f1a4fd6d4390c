#pragma once

// Shared by the fuzz targets: a Client whose transport answers with the fuzz input, and the one
// way a target reports a broken promise (abort, so libFuzzer keeps the input).

#include <vitec/connect.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fuzz {

namespace vc = vitec::connect;

inline constexpr const char* username = "fuzz-user";
inline constexpr const char* password = "fuzz-password-never-shown";
/// base64("fuzz-user:fuzz-password-never-shown"): what the Authorization header carries.
inline constexpr const char* credentials = "ZnV6ei11c2VyOmZ1enotcGFzc3dvcmQtbmV2ZXItc2hvd24=";

/// Whether `text` holds the password or the encoded credentials, which the SDK redacts.
inline bool shows_secret(std::string_view text) {
  return text.find(password) != text.npos || text.find(credentials) != text.npos;
}

[[noreturn]] inline void finding(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "FINDING: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void require(bool holds, const char* what, std::string_view detail = {}) {
  if (!holds) finding(what, detail);
}

/// Answers requests from a short script set per input (the last answer repeats); counts the
/// requests. Unlike FakeTransport it keeps no history, so a long fuzz run stays in bounds.
class canned_transport : public vc::Transport {
 public:
  canned_transport& set(int status, std::string body, vc::Headers headers = {}) {
    script_.clear();
    sent_ = 0;
    return then(status, std::move(body), std::move(headers));
  }
  canned_transport& then(int status, std::string body, vc::Headers headers = {}) {
    script_.push_back(vc::HttpResponse{status, std::move(headers), std::move(body)});
    return *this;
  }
  int sent() const noexcept { return sent_; }
  const std::string& last_body() const noexcept { return last_body_; }

  vc::HttpResponse send(const vc::HttpRequest& request) override {
    last_body_ = request.body;
    const auto at = std::min<std::size_t>(static_cast<std::size_t>(sent_++), script_.size() - 1);
    return script_.at(at);
  }

 private:
  std::vector<vc::HttpResponse> script_;
  int sent_ = 0;
  std::string last_body_;
};

/// The default retry policy, minus the real sleeping.
inline vc::RetryPolicy no_sleep_retry() {
  vc::RetryPolicy retry;
  retry.sleep = [](std::chrono::milliseconds) {};
  return retry;
}

/// A client in `format` whose every request `transport` answers.
inline vc::Client client_over(std::shared_ptr<canned_transport> transport, vc::Format format,
                              vc::RetryPolicy retry = no_sleep_retry()) {
  vc::ClientOptions options;
  options.base_url = "http://127.0.0.1:9";  // never dialled: the transport answers
  options.username = username;
  options.password = password;
  options.format = format;
  options.retry = std::move(retry);
  options.transport = std::move(transport);
  return vc::Client(std::move(options));
}

/// Runs `call` and returns whether it succeeded; a ProtocolError is a failure, anything else
/// thrown escapes, as it breaks the documented contract of the deserializers.
template <class Call>
bool parses(Call&& call) {
  try {
    call();
    return true;
  } catch (const vc::ProtocolError&) {
    return false;
  }
}

}  // namespace fuzz
