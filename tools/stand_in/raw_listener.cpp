#include "raw_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

constexpr std::size_t max_request_bytes = 1 << 20;

constexpr std::string_view true_answer =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 4\r\nConnection: close\r\n\r\ntrue";

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("stand-in raw listener: ") + what + ": " +
                           std::strerror(errno));
}

void send_all(int socket, std::string_view data) {
  while (!data.empty()) {
    const auto sent = ::send(socket, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return;  // the client went away: nothing left to prove
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
}

std::optional<std::size_t> content_length(const RecordedRequest& request) {
  const std::string value = request.header("Content-Length");
  if (value.empty()) return 0;
  try {
    return static_cast<std::size_t>(std::stoull(value));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// Parses the request line and headers in `head`; false when it is not an HTTP request.
bool parse_head(std::string_view head, RecordedRequest& out) {
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto first_space = line.find(' ');
  const auto second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return false;
  }
  out.method = std::string(line.substr(0, first_space));
  out.target = std::string(line.substr(first_space + 1, second_space - first_space - 1));
  out.path = decoded_path(out.target);
  for (auto at = line_end; at != std::string_view::npos && at + 2 < head.size();) {
    const auto next = head.find("\r\n", at + 2);
    const std::string_view header = head.substr(at + 2, next - at - 2);
    if (const auto colon = header.find(':'); colon != std::string_view::npos) {
      std::string_view value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      out.headers.emplace_back(std::string(header.substr(0, colon)), std::string(value));
    }
    at = next;
  }
  if (const auto credentials = basic_credentials(out.header("Authorization"))) {
    out.user = credentials->first;
  }
  return true;
}

/// Reads one request; false when the client sent none (or too much) before the read timeout.
bool read_request(int client, RecordedRequest& out) {
  std::string data;
  char buffer[4096];
  std::size_t head_end = std::string::npos;
  std::optional<std::size_t> body_size;
  while (data.size() < max_request_bytes) {
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        if (!parse_head(std::string_view(data).substr(0, head_end + 2), out)) return false;
        body_size = content_length(out);
        if (!body_size) return false;
      }
    }
    if (head_end != std::string::npos && data.size() >= head_end + 4 + *body_size) {
      out.body = data.substr(head_end + 4, *body_size);
      return true;
    }
    const auto got = ::recv(client, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    data.append(buffer, static_cast<std::size_t>(got));
  }
  return false;
}

/// Closes with a TCP reset instead of an orderly FIN.
void close_with_reset(int socket) {
  const linger abort_on_close{1, 0};
  ::setsockopt(socket, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  ::close(socket);
}

}  // namespace

raw_listener::raw_listener(const std::string& host, next_fault next, recorder record)
    : next_(std::move(next)), record_(std::move(record)) {
  socket_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_ < 0) fail("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    ::close(socket_);
    throw std::invalid_argument("stand-in raw listener: host must be an IPv4 address");
  }
  socklen_t size = sizeof address;
  if (::bind(socket_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::listen(socket_, 16) != 0 ||
      ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    const int saved = errno;
    ::close(socket_);
    errno = saved;
    fail("bind");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { run(); });
}

raw_listener::~raw_listener() {
  stopping_ = true;
  thread_.join();
  ::close(socket_);
}

void raw_listener::run() {
  while (!stopping_) {
    pollfd waiting{socket_, POLLIN, 0};
    // Wake now and then to notice shutdown; accept is not interruptible portably otherwise.
    if (::poll(&waiting, 1, 50) <= 0) continue;
    const int client = ::accept4(socket_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++connections_;
    serve(client);
  }
}

void raw_listener::serve(int client) {
  const timeval read_timeout{2, 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &read_timeout, sizeof read_timeout);
  RecordedRequest request;
  if (!read_request(client, request)) {
    ::close(client);
    return;
  }
  const std::optional<Fault> fault = next_();
  request.status = fault ? 0 : 200;
  record_(std::move(request));
  if (!fault) {
    send_all(client, true_answer);
    ::close(client);
    return;
  }
  switch (fault->kind) {
    case Fault::Kind::reset:
      send_all(client, "HTTP/1.1 200 OK\r\nContent-Ty");
      close_with_reset(client);
      return;
    case Fault::Kind::truncated:
      send_all(client,
               "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
               "Content-Length: 100\r\n\r\ntr");
      break;
    case Fault::Kind::malformed_status:
      send_all(client, "HTTP/1.1 OK-ish\r\nContent-Length: 4\r\n\r\ntrue");
      break;
    default:  // drop, and anything not meant for this listener: no answer at all
      break;
  }
  ::shutdown(client, SHUT_RDWR);
  ::close(client);
}

}  // namespace vitec::stand_in::detail
