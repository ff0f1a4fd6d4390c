// A loopback server for the download tests: each request is answered by the handler the test
// sets, and counted.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include <vitec/connect.hpp>

namespace download_test {

namespace vc = vitec::connect;

class Server {
 public:
  using handler = std::function<void(const httplib::Request&, httplib::Response&, int request)>;

  Server() {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      handler h;
      int n = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        n = ++requests_;
        h = handler_;
        last_accept_ = req.get_header_value("Accept");
      }
      h(req, res, n);
    };
    server_.Get(".*", handle);
    server_.Put(".*", handle);
    server_.Post(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Server() {
    server_.stop();
    thread_.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void on(handler h) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(h);
  }
  int requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  std::string last_accept() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_accept_;
  }

  vc::ClientOptions options() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = std::chrono::milliseconds(1);
    options.retry.sleep = [](std::chrono::milliseconds) {};
    return options;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  handler handler_ = [](const httplib::Request&, httplib::Response& res, int) { res.status = 404; };
  int requests_ = 0;
  std::string last_accept_;
};

/// `size` random bytes, the same for one seed.
inline std::string random_bytes(std::size_t size, unsigned seed = 7) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>(random() & 0xFF);
  return out;
}

/// Streams `body` in pieces of `piece` bytes (chunked transfer encoding, so pieces land on odd
/// boundaries for the client); after `stop_after` bytes the connection is dropped.
inline void stream(httplib::Response& res, std::string body, const std::string& content_type,
                   std::size_t piece = 4099, std::size_t stop_after = std::string::npos) {
  res.set_chunked_content_provider(content_type, [body = std::move(body), piece, stop_after](
                                                     std::size_t offset, httplib::DataSink& sink) {
    if (offset >= stop_after) return false;  // drops the connection mid-answer
    if (offset >= body.size()) {
      sink.done();
      return true;
    }
    const auto n = std::min(piece, body.size() - offset);
    return sink.write(body.data() + offset, n);
  });
}

}  // namespace download_test
