// Guarantees of the default libcurl transport, against a throwaway server on loopback.

#include <httplib.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "support.hpp"

namespace {

using namespace guarantees;

/// An HTTP server on 127.0.0.1 and an ephemeral port, stopped when it goes out of scope.
class loopback_server {
 public:
  loopback_server() {
    // Bound means listening: a connection made before the thread accepts waits in the backlog.
    port_ = server.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server.listen_after_bind(); });
  }
  ~loopback_server() {
    server.stop();
    thread_.join();
  }
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;

  vc::ClientOptions options() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = password;
    options.retry.max_attempts = 1;
    return options;
  }

  httplib::Server server;

 private:
  int port_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a response larger than max_response_bytes is a ProtocolError", "[guarantees]") {
  loopback_server http;
  const std::string huge = "true" + std::string(64 * 1024, ' ');
  http.server.Put("/ViewingParticipant/sized",
                  [&](const httplib::Request&, httplib::Response& res) {
                    res.set_content(huge, "application/json");
                  });
  http.server.Put("/ViewingParticipant/chunked", [&](const httplib::Request&,
                                                     httplib::Response& res) {
    res.set_chunked_content_provider("application/json", [&](std::size_t, httplib::DataSink& sink) {
      sink.write(huge.data(), huge.size());
      sink.done();
      return true;
    });
  });
  auto options = http.options();
  options.max_response_bytes = 1024;
  vc::Client client(options);
  for (const char* id : {"sized", "chunked"}) {
    CAPTURE(id);
    const auto result = client.try_update_viewing_participant(id, {});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().kind() == vc::ErrorKind::protocol);
    REQUIRE(result.error().body().size() <= 1024);
  }
  options.max_response_bytes = huge.size();
  REQUIRE(vc::Client(options).update_viewing_participant("sized", {}));
}

TEST_CASE("a long error page over max_response_bytes keeps its status, and is retried as such",
          "[guarantees]") {
  loopback_server http;
  std::atomic<int> calls{0};
  const std::string page = "<html>" + std::string(64 * 1024, 'x') + "</html>";
  http.server.Put("/ViewingParticipant/c", [&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      res.set_content(page, "text/html");
    } else {
      res.set_content("true", "application/json");
    }
  });
  auto options = http.options();
  options.max_response_bytes = 1024;
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  REQUIRE(vc::Client(options).update_viewing_participant("c", {}));
  REQUIRE(calls == 2);

  calls = 0;
  options.retry.max_attempts = 1;
  const auto result = vc::Client(options).try_update_viewing_participant("c", {});
  REQUIRE_FALSE(result);
  REQUIRE(result.error().kind() == vc::ErrorKind::server);
  REQUIRE(result.error().status() == 503);
  REQUIRE(result.error().body().size() <= 1024);
}

TEST_CASE("a redirect is not followed", "[guarantees]") {
  loopback_server http;
  std::atomic<int> followed{0};
  http.server.Put("/ViewingParticipant/c", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/elsewhere", 307);
  });
  http.server.Put("/elsewhere", [&](const httplib::Request&, httplib::Response& res) {
    ++followed;
    res.set_content("true", "application/json");
  });
  const auto result = vc::Client(http.options()).try_update_viewing_participant("c", {});
  REQUIRE_FALSE(result);
  REQUIRE(result.error().kind() == vc::ErrorKind::http);
  REQUIRE(result.error().status() == 307);
  REQUIRE(followed == 0);
}
