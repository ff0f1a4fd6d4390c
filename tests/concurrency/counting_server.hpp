#pragma once

// A tiny HTTP server on an ephemeral loopback port that answers the SDK's PUTs and counts what
// it saw: requests, and distinct client connections (a connection is a client source port).

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace concurrency {

struct Reply {
  int status = 200;
  std::string body = "true";
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What a request carried that a test may key its answer on.
struct Seen {
  std::string path;
  std::string body;
};

class CountingServer {
 public:
  using Handler = std::function<Reply(const Seen&)>;

  /// Answers every PUT with 200 `true` unless a handler is given. Thread-safe handler required:
  /// the server calls it from its worker threads.
  explicit CountingServer(Handler handler = nullptr);
  ~CountingServer();
  CountingServer(const CountingServer&) = delete;
  CountingServer& operator=(const CountingServer&) = delete;

  std::string base_url() const;
  std::size_t requests() const noexcept { return requests_.load(); }
  std::size_t connections() const;

 private:
  Handler handler_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<std::size_t> requests_{0};
  mutable std::mutex mutex_;
  std::set<int> ports_;
};

}  // namespace concurrency
