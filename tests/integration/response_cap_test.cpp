// Reading stops at max_response_bytes: against a body that never ends, the transfer itself must
// be aborted at the cap, not read to the end (or to the timeout) and cut afterwards. A server of
// its own counts what it managed to write before the client hung up.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "support.hpp"

namespace integration {
namespace {

using namespace std::chrono_literals;

/// The most a client's socket may buffer unread (the receive buffer's ceiling); a generous
/// 32 MiB when the kernel does not say.
std::size_t receive_buffer_ceiling() {
  std::ifstream limits("/proc/sys/net/ipv4/tcp_rmem");
  std::size_t least = 0, initial = 0, most = 0;
  return limits >> least >> initial >> most ? most : std::size_t{32} << 20;
}

/// Accepts one connection on loopback, reads the request, and answers 200 with a body that
/// never ends: chunked, or behind a Content-Length of a terabyte. It writes until the client
/// hangs up, or until it has written `give_up` bytes.
class endless_body_server {
 public:
  endless_body_server(bool chunked, std::size_t give_up) : chunked_(chunked), give_up_(give_up) {
    const auto bound = bind_loopback(1);
    listener_ = bound.fd;
    port_ = bound.port;
    thread_ = std::thread([this] { serve(); });
  }
  ~endless_body_server() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  endless_body_server(const endless_body_server&) = delete;
  endless_body_server& operator=(const endless_body_server&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Waits until the client has hung up (or the server gave up) and returns the body bytes
  /// written; `hung_up` says whether the client did.
  std::size_t body_written() {
    thread_.join();
    return written_;
  }
  bool hung_up() const { return hung_up_; }

 private:
  /// Waits for `events` on `fd`: false when stopping, or after 20 s without them (a client
  /// that neither reads nor hangs up).
  bool ready(int fd, short events) const {
    pollfd watch{fd, events, 0};
    for (int waited = 0; !stopping_ && waited < 400; ++waited) {
      if (::poll(&watch, 1, 50) > 0) return true;
    }
    return false;
  }

  void serve() {
    if (!ready(listener_, POLLIN)) return;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    // A small send buffer keeps what the kernel holds for the client close to nothing.
    const int send_buffer = 64 * 1024;
    ::setsockopt(client, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
    read_request(client);
    const std::string head =
        std::string("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n") +
        (chunked_ ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: 1099511627776\r\n\r\n");
    const std::string piece(16 * 1024, ' ');
    char size_line[16];
    const int size_length = std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    const std::string chunk =
        std::string(size_line, static_cast<std::size_t>(size_length)) + piece + "\r\n";
    if (send_all(client, head)) {
      while (written_ < give_up_ && send_all(client, chunked_ ? chunk : piece)) {
        written_ += piece.size();
      }
    }
    ::close(client);
  }

  void read_request(int client) const {
    std::string request;
    char buffer[4096];
    std::size_t body_at = std::string::npos;
    std::size_t length = 0;
    while (ready(client, POLLIN)) {
      const auto got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      request.append(buffer, static_cast<std::size_t>(got));
      if (body_at == std::string::npos &&
          (body_at = request.find("\r\n\r\n")) != std::string::npos) {
        body_at += 4;
        const auto header = request.find("Content-Length: ");
        if (header != std::string::npos && header < body_at)
          length = std::stoul(request.substr(header + 16));
      }
      if (body_at != std::string::npos && request.size() >= body_at + length) return;
    }
  }

  /// Writes all of `data`; false once the client has hung up (or on stopping).
  bool send_all(int client, const std::string& data) {
    for (std::size_t sent = 0; sent < data.size();) {
      if (!ready(client, POLLOUT)) return false;
      const auto n = ::send(client, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n < 0) {
        hung_up_ = true;
        return false;
      }
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  bool chunked_;
  std::size_t give_up_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::size_t written_ = 0;
  bool hung_up_ = false;
  std::thread thread_;
};

TEST_CASE("an endless body is aborted at max_response_bytes, long before the request timeout",
          "[integration][issue3]") {
  const bool chunked = GENERATE(true, false);
  const bool bulk = GENERATE(false, true);
  INFO((chunked ? "chunked" : "Content-Length of 1 TiB") << (bulk ? ", bulk" : ", single call"));
  const std::size_t cap = 64 * 1024;
  // What may be in flight when the client stops reading: the cap, the client's receive buffer,
  // the server's send buffer (the kernel doubles the 64 KiB asked), and a chunk being written.
  const std::size_t bound = cap + receive_buffer_ceiling() + 4 * 64 * 1024 + 16 * 1024;
  endless_body_server server(chunked, 4 * bound);
  vc::ClientOptions options;
  options.base_url = server.base_url();
  options.username = user;
  options.password = password;
  options.max_response_bytes = cap;
  options.request_timeout = 60s;  // the control: only the cap can end the call this early
  options.retry.max_attempts = 1;

  vc::Result<bool> result = true;
  const auto elapsed = time_of([&] {
    vc::Client client(options);
    result = bulk ? client.update_viewing_participants("c1", {sample_follow_up()}).at(0)
                  : client.try_update_viewing_participant("c1", sample_follow_up());
  });

  const auto written = server.body_written();
  const auto error = failure_of(result);
  CHECK(error.kind() == vc::ErrorKind::protocol);
  CHECK(error.status() == 200);
  CHECK(error.body().size() <= cap);
  CHECK(server.hung_up());
  CHECK(written <= bound);
  CHECK(elapsed < options.request_timeout / 2);
}

}  // namespace
}  // namespace integration
