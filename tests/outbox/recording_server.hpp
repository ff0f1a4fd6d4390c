#pragma once

// A loopback HTTP server that records every request it receives and answers each with the next
// of a list of answers (the last one again once the list is used up): for the writes the
// stand-in does not answer, sent by an area client and by an Outbox's drain alike.

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <vitec/connect/options.hpp>

namespace outbox_test {

/// One request as it arrived.
struct Recorded {
  std::string method, target, body, content_type, accept, authorization;

  friend bool operator==(const Recorded& a, const Recorded& b) {
    return a.method == b.method && a.target == b.target && a.body == b.body &&
           a.content_type == b.content_type && a.accept == b.accept &&
           a.authorization == b.authorization;
  }
};

class RecordingServer {
 public:
  /// Answers are given as (status, body).
  explicit RecordingServer(std::vector<std::pair<int, std::string>> answers)
      : answers_(std::move(answers)) {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      received_.push_back({req.method, req.target, req.body, req.get_header_value("Content-Type"),
                           req.get_header_value("Accept"), req.get_header_value("Authorization")});
      const auto& answer = answers_[std::min(next_++, answers_.size() - 1)];
      res.status = answer.first;
      res.set_content(answer.second, "application/json; charset=utf-8");
    };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    server_.Put(".*", handle);
    server_.Delete(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RecordingServer() {
    server_.stop();
    thread_.join();
  }
  RecordingServer(const RecordingServer&) = delete;
  RecordingServer& operator=(const RecordingServer&) = delete;

  /// One attempt per request, so that each answer meets one request.
  vitec::connect::ClientOptions client_options() const {
    vitec::connect::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 1;
    return options;
  }

  std::vector<Recorded> received() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

  /// Forgets what arrived so far and starts the answers over.
  void reset() {
    const std::lock_guard<std::mutex> lock(mutex_);
    received_.clear();
    next_ = 0;
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<int, std::string>> answers_;
  std::size_t next_ = 0;
  std::vector<Recorded> received_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace outbox_test
