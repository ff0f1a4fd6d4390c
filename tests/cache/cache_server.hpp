#pragma once

// A loopback server for the read cache's tests: answers GETs with a body it is told, optionally
// with an ETag (then a 304 to a matching If-None-Match), writes with "true", and counts requests.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <vitec/connect.hpp>

namespace cache_test {

namespace vc = vitec::connect;

class CacheServer {
 public:
  CacheServer() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      ++gets_;
      targets_.push_back(req.target);
      if_none_match_.push_back(req.get_header_value("If-None-Match"));
      if (!etag_.empty()) {
        res.set_header("ETag", etag_);
        if (req.get_header_value("If-None-Match") == etag_) {
          res.status = 304;
          return;
        }
      }
      res.status = status_;
      res.set_content(body_, "application/json");
    });
    server_.Put(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++puts_;
      res.set_content("true", "application/json");
    });
    const auto other_write = [this](const httplib::Request&, httplib::Response& res) {
      ++other_writes_;
      res.set_content("true", "application/json");
    };
    server_.Post(".*", other_write);
    server_.Delete(".*", other_write);
    server_.set_tcp_nodelay(true);  // else each body waits for the client's delayed ACK
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~CacheServer() { stop(); }
  CacheServer(const CacheServer&) = delete;
  CacheServer& operator=(const CacheServer&) = delete;

  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

  void answer(std::string body, int status = 200) {
    const std::lock_guard<std::mutex> lock(mutex_);
    body_ = std::move(body);
    status_ = status;
  }
  void etag(std::string value) {
    const std::lock_guard<std::mutex> lock(mutex_);
    etag_ = std::move(value);
  }
  int gets() const { return gets_; }
  int puts() const { return puts_; }
  /// POSTs and DELETEs.
  int other_writes() const { return other_writes_; }
  std::vector<std::string> if_none_match() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return if_none_match_;
  }
  std::vector<std::string> targets() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

  vc::ClientOptions options(std::shared_ptr<vc::ReadCache> cache,
                            std::string username = "broker") const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = std::move(username);
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 2;
    options.retry.sleep = [](std::chrono::milliseconds) {};
    options.connect_timeout = std::chrono::milliseconds(500);
    options.read_cache = std::move(cache);
    return options;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::string body_ = "[]";
  int status_ = 200;
  std::string etag_;
  std::vector<std::string> targets_;
  std::vector<std::string> if_none_match_;
  std::atomic<int> gets_{0};
  std::atomic<int> puts_{0};
  std::atomic<int> other_writes_{0};
};

/// One follow-up as the server answers it, with `note` to tell answers apart.
inline std::string follow_ups(const std::string& note) {
  return R"([{"contactId":"K1","viewingId":"V1","participated":true,"timeSlotId":")" + note +
         R"("}])";
}

}  // namespace cache_test
