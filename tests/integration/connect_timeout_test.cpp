// Issue 3 item 2: connect_timeout bounds the TCP connect on its own, apart from request_timeout.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <thread>

#include "support.hpp"

namespace integration {
namespace {

using namespace std::chrono_literals;

/// A loopback listener that never accepts, its one-slot backlog already taken: Linux drops
/// further SYNs, so a connect to it neither succeeds nor fails until the client gives up.
class FullBacklog {
 public:
  FullBacklog() {
    const auto bound = bind_loopback(0);
    listener_ = bound.fd;
    port_ = bound.port;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    const socklen_t size = sizeof address;
    for (int& filler : fillers_) {
      filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      REQUIRE(filler >= 0);
      ::connect(filler, reinterpret_cast<sockaddr*>(&address), size);
    }
    std::this_thread::sleep_for(50ms);  // let the handshakes of the fillers settle
  }
  ~FullBacklog() {
    for (const int filler : fillers_) ::close(filler);
    ::close(listener_);
  }
  FullBacklog(const FullBacklog&) = delete;
  FullBacklog& operator=(const FullBacklog&) = delete;

  int port() const noexcept { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  int fillers_[3] = {-1, -1, -1};
};

TEST_CASE("connect_timeout ends a connect that never completes", "[integration][issue3]") {
  FullBacklog unreachable;
  Harness harness;
  auto options = harness.options();
  options.base_url = "http://127.0.0.1:" + std::to_string(unreachable.port());
  options.connect_timeout = 200ms;
  options.request_timeout = 10s;
  options.retry.max_attempts = 2;
  vc::Client client(options);

  vc::Result<bool> result = false;
  const auto elapsed =
      time_of([&] { result = client.try_update_viewing_participant("c1", sample_follow_up()); });

  const auto error = failure_of(result);
  CHECK(error.kind() == vc::ErrorKind::timeout);
  CHECK(error.attempts() == 2);  // a timeout is transient
  CHECK(elapsed >= 350ms);
  CHECK(elapsed < 3s);  // far below request_timeout
  require_no_secrets(error, harness.log->events());
}

}  // namespace
}  // namespace integration
