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

TEST_CASE("with the proxy option empty, the usual http_proxy variable is honoured",
          "[integration][issue3]") {
  Harness harness;
  auto options = harness.options();
  options.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  const scoped_env proxy("http_proxy", harness.server.raw_base_url().c_str());
  const scoped_env no_proxy("no_proxy", nullptr);
  const scoped_env no_proxy_upper("NO_PROXY", nullptr);
  vc::Client client(options);

  CHECK(client.update_viewing_participant("c1", sample_follow_up()));

  const auto requests = harness.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests.front().target == options.base_url + "/ViewingParticipant/c1");
}

}  // namespace
}  // namespace integration
