#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "fault.hpp"
#include "stand_in.hpp"

namespace vitec::stand_in::detail {

/// A bare TCP listener on loopback for the faults an HTTP library will not commit: it reads one
/// request per connection, then plays the next raw fault, or answers `true` and closes.
class raw_listener {
 public:
  using next_fault = std::function<std::optional<Fault>()>;
  using recorder = std::function<void(RecordedRequest)>;

  raw_listener(const std::string& host, next_fault next, recorder record);
  ~raw_listener();
  raw_listener(const raw_listener&) = delete;
  raw_listener& operator=(const raw_listener&) = delete;

  int port() const noexcept { return port_; }
  std::size_t connections() const noexcept { return connections_.load(); }

 private:
  void run();
  void serve(int client);

  next_fault next_;
  recorder record_;
  int socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  std::thread thread_;
};

}  // namespace vitec::stand_in::detail
