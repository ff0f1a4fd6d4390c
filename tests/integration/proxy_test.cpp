// Issue 3 item 3: ClientOptions::proxy is honoured. The stand-in's raw listener plays the proxy:
// it answers `true` to whatever it gets and records the request line.

#include <cstdlib>
#include <optional>
#include <string>

#include "support.hpp"

namespace integration {
namespace {

TEST_CASE("the proxy option routes requests through the proxy", "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();
  // Nothing listens at the target itself: only the proxy can answer.
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  options.proxy = harness.server.raw_base_url();
  vc::Client client(options);

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  // A proxy gets the absolute form of the target.
  CHECK(requests.front().target == options.base_url + "/ViewingParticipant/c1");
  CHECK(requests.front().method == "PUT");
  CHECK(requests.front().body == vc::serialize(sample_follow_up(), vc::Format::json));
}

/// Sets an environment variable for one scope, then puts back what was there.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~scoped_env() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// http_proxy names `proxy` and no no_proxy variable makes an exception, for one scope.
struct http_proxy_variable {
  explicit http_proxy_variable(const std::string& proxy)
      : http_proxy("http_proxy", proxy.c_str()) {}
  scoped_env http_proxy;
  scoped_env no_proxy{"no_proxy", nullptr};
  scoped_env no_proxy_upper{"NO_PROXY", nullptr};
};

TEST_CASE("with the proxy option empty, the usual http_proxy variable is honoured",
          "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  // Consent to plain http: without it the environment's proxies are ignored (next test).
  options.allow_insecure_http = true;
  const http_proxy_variable proxy(harness.server.raw_base_url());
  vc::Client client(options);

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests.front().target == options.base_url + "/ViewingParticipant/c1");
}

TEST_CASE("plain http without allow_insecure_http never goes through the environment's proxy",
          "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();  // plain http to the stand-in on loopback
  const http_proxy_variable proxy(harness.server.raw_base_url());
  vc::Client client(options);

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  // The origin form: the request went straight to the stand-in, not through the proxy.
  CHECK(requests.front().target == "/ViewingParticipant/c1");
  CHECK(harness.server.raw_connections() == 0);
}

TEST_CASE("plain http without allow_insecure_http refuses a proxy that is not on loopback",
          "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();
  for (const char* proxy : {"http://proxy.example:3128", "proxy.example:3128", "10.0.0.1:8080"}) {
    CAPTURE(proxy);
    options.proxy = proxy;
    options.allow_insecure_http = false;
    CHECK_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
    options.allow_insecure_http = true;
    CHECK_NOTHROW(vc::Client(options));
  }
  options.base_url = "https://connect.example.test";  // a tunnel: the proxy sees only TLS
  options.allow_insecure_http = false;
  CHECK_NOTHROW(vc::Client(options));
}

}  // namespace
}  // namespace integration
