#include "support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace integration {

namespace {

std::string base64(const std::string& in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63u];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63u];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

void require_clean(const std::string& text) {
  INFO("text handed out by the SDK: " << text);
  CHECK(text.find(password) == std::string::npos);
  CHECK(text.find(base64(user + ":" + password)) == std::string::npos);
  CHECK(text.find(base64(password)) == std::string::npos);
  // The header, not the word: Web API's own 401 text says "Authorization has been denied".
  CHECK(text.find("Authorization:") == std::string::npos);
  CHECK(text.find("authorization:") == std::string::npos);
}

}  // namespace

std::function<void(const vc::LogEvent&)> LogCapture::sink() {
  return [this](const vc::LogEvent& event) {
    const std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(event);
  };
}

std::vector<vc::LogEvent> LogCapture::events() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return events_;
}

si::ServerOptions server_options() {
  si::ServerOptions options;
  options.users = {{user, password}};
  return options;
}

Harness::Harness() : Harness(server_options()) {}

Harness::Harness(si::ServerOptions server_options) : server(std::move(server_options)) {}

vc::ClientOptions Harness::options(vc::Format format) const {
  vc::ClientOptions options;
  options.base_url = server.base_url();
  options.username = user;
  options.password = password;
  options.format = format;
  options.connect_timeout = milliseconds(2000);
  options.request_timeout = milliseconds(5000);
  options.retry.max_attempts = 3;
  options.retry.initial_backoff = milliseconds(10);
  options.retry.max_backoff = milliseconds(200);
  // The capture outlives every client of this harness: the harness owns it.
  options.logger = log->sink();
  return options;
}

vc::ClientOptions Harness::raw_options() const {
  vc::ClientOptions options = this->options();
  options.base_url = server.raw_base_url();
  return options;
}

vc::ParticipantFollowUp sample_follow_up() {
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "CON-1 <&> \"x\"";
  follow_up.viewing_id = "VIE-\xC3\xA5\xC3\xA4\xC3\xB6";
  follow_up.participated = true;
  follow_up.contacted = vc::Contacted::no;
  return follow_up;
}

vc::OrderUserInteractionRequest sample_order() {
  vc::OrderUserInteractionRequest request;
  request.id = "ORD-17";
  request.url = "https://crm.example/interact?order=17&x=1";
  request.comment = "Ring k\xC3\xB6paren\r\nf\xC3\xB6re 17:00";
  return request;
}

milliseconds time_of(const std::function<void()>& call) {
  const auto started = std::chrono::steady_clock::now();
  call();
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
}

vc::Error failure_of(const vc::Result<bool>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error();
}

void require_no_secrets(const vc::Error& error, const std::vector<vc::LogEvent>& events) {
  require_clean(error.what());
  require_clean(error.body());
  require_clean(error.message());
  for (const auto& [field, messages] : error.model_state()) {
    require_clean(field);
    for (const auto& message : messages) require_clean(message);
  }
  for (const auto& event : events) {
    require_clean(event.method);
    require_clean(event.url);
    require_clean(event.error);
  }
}

void require_one_event_per_attempt(const std::vector<vc::LogEvent>& events, int attempts,
                                   const std::string& url) {
  REQUIRE(events.size() == static_cast<std::size_t>(attempts));
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].attempt == static_cast<int>(i) + 1);
    CHECK(events[i].method == "PUT");
    CHECK(events[i].url == url);
    CHECK(events[i].elapsed > std::chrono::microseconds(0));
  }
}

LoopbackSocket bind_loopback(int backlog) {
  const int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(socket >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  REQUIRE(::bind(socket, reinterpret_cast<sockaddr*>(&address), size) == 0);
  if (backlog >= 0) REQUIRE(::listen(socket, backlog) == 0);
  REQUIRE(::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  return {socket, ntohs(address.sin_port)};
}

int closed_port() {
  const auto bound = bind_loopback(-1);
  ::close(bound.fd);
  return bound.port;
}

}  // namespace integration
