// ClientOptions::password_for over real loopback HTTP: a cpp-httplib server that accepts each
// customer's own password for each area, the libcurl transport, single calls, bulk, and many
// threads at once. Also built into the concurrency tests, which CI runs under ThreadSanitizer.

#include <httplib.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>
#include <vitec/connect.hpp>

namespace {

namespace vc = vitec::connect;

const std::string user = "broker";

/// Each customer's password per area: long enough to be redacted, with characters that are
/// escaped in JSON, XML and URLs.
std::string password_of(std::string_view customer, std::string_view area) {
  return "pw<" + std::string(customer) + "&" + std::string(area) + ">/\xC3\xA5+\"q\"";
}

struct seen_request {
  std::string method;
  std::string path;
  std::string customer;
  std::string area;
  std::string password;  ///< as decoded from the Authorization header
};

/// A loopback server that answers the 0.2 PUTs and GETs with `true` or `[]` when the Basic
/// password is the customer's for the path's area, else 401. Customer "echo-400" and "echo-500"
/// are answered with the password echoed in the body.
class scoped_server {
 public:
  scoped_server() : server_(std::make_unique<httplib::Server>()) {
    server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_->set_tcp_nodelay(true);
    const auto handle = [this](const httplib::Request& request, httplib::Response& response) {
      serve(request, response);
    };
    server_->Put(".*", handle);
    server_->Get(".*", handle);
    server_->Post(".*", handle);
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~scoped_server() {
    server_->stop();
    thread_.join();
  }
  scoped_server(const scoped_server&) = delete;
  scoped_server& operator=(const scoped_server&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<seen_request> requests() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void serve(const httplib::Request& request, httplib::Response& response) {
    seen_request seen;
    seen.method = request.method;
    seen.path = request.path;
    // ViewingParticipant/{customer}[/...], Service/Order/UserInteraction/{customer},
    // Service/Order/{customer}
    std::vector<std::string> segments;
    for (std::size_t at = 1; at <= request.path.size();) {
      const auto end = std::min(request.path.find('/', at), request.path.size());
      segments.push_back(request.path.substr(at, end - at));
      at = end + 1;
    }
    const bool viewing = !segments.empty() && segments[0] == "ViewingParticipant";
    seen.area = viewing ? "viewing" : "service";
    seen.customer = viewing ? segments.at(1) : segments.back();
    const std::string header = request.get_header_value("Authorization");
    if (header.rfind("Basic ", 0) == 0) {
      if (const auto decoded = vc::detail::base64_decode<std::string>(header.substr(6))) {
        const std::string text(decoded->begin(), decoded->end());
        if (text.rfind(user + ":", 0) == 0) seen.password = text.substr(user.size() + 1);
      }
    }
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(seen);
    }
    const std::string wanted = password_of(seen.customer, seen.area);
    if (seen.customer == "echo-400") {
      const nlohmann::json body{{"message", "wrong: " + seen.password + " / " + header},
                                {"modelState", {{seen.password, {seen.password}}}}};
      response.status = 400;
      response.set_content(body.dump(), "application/json; charset=utf-8");
    } else if (seen.customer == "echo-500") {
      // System.Text.Json's default escaping, and the raw text.
      response.status = 500;
      response.set_content(nlohmann::json(seen.password).dump(-1, ' ', true) + " " + seen.password,
                           "text/plain");
    } else if (seen.password != wanted) {
      response.status = 401;
      response.set_content("denied", "text/plain");
    } else {
      response.status = 200;
      response.set_content(request.method == "GET" ? "[]" : "true",
                           "application/json; charset=utf-8");
    }
  }

  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<seen_request> requests_;
};

/// password_for that counts its calls per pair.
struct counting_book {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, int> calls;

  std::function<std::string(std::string_view, std::string_view)> callback() {
    return [this](std::string_view customer, std::string_view area) {
      // Slow, so that threads asking for one pair at once would all call it if allowed to.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const std::lock_guard<std::mutex> lock(mutex);
      ++calls[{std::string(customer), std::string(area)}];
      return password_of(customer, area);
    };
  }
};

vc::ClientOptions options_for(const scoped_server& server, counting_book& book) {
  vc::ClientOptions options;
  options.base_url = server.base_url();
  options.username = user;
  options.password_for = book.callback();
  options.retry.max_attempts = 1;
  return options;
}

vc::ParticipantFollowUp follow_up(int n) {
  vc::ParticipantFollowUp value;
  value.contact_id = "C" + std::to_string(n);
  value.viewing_id = "V1";
  value.participated = true;
  return value;
}

vc::OrderUserInteractionRequest order(int n) {
  vc::OrderUserInteractionRequest value;
  value.id = "O" + std::to_string(n);
  value.url = "https://crm.example.test/interaction/" + std::to_string(n);
  return value;
}

}  // namespace

TEST_CASE("password_for: two customers are sent two different Authorization headers",
          "[integration][credentials]") {
  scoped_server server;
  counting_book book;
  vc::Client client(options_for(server, book));
  CHECK(client.update_viewing_participant("M1", follow_up(1)));
  CHECK(client.update_viewing_participant("M2", follow_up(2)));
  CHECK(client.request_order_user_interaction("M1", order(1)));
  CHECK(client.get_viewing_participant("M2", "C2", "V1").empty());
  CHECK(client.list_orders("M1").empty());
  CHECK(client.update_viewing_participant("M1", follow_up(3)));

  const auto requests = server.requests();
  REQUIRE(requests.size() == 6);
  for (const auto& request : requests) {
    CAPTURE(request.path);
    CHECK(request.password == password_of(request.customer, request.area));
  }
  CHECK(requests[0].password != requests[1].password);
  CHECK(requests[0].password != requests[2].password);  // same customer, another area
  using key = std::pair<std::string, std::string>;
  CHECK(book.calls ==
        std::map<key, int>{{{"M1", "service"}, 1}, {{"M1", "viewing"}, 1}, {{"M2", "viewing"}, 1}});
}

TEST_CASE("password_for is asked once per customer and area, however many threads call at once",
          "[integration][concurrency][credentials]") {
  scoped_server server;
  counting_book book;
  vc::Client client(options_for(server, book));
  constexpr int threads = 8;
  constexpr int calls_each = 6;
  std::atomic<int> delivered{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&client, &delivered, t] {
      for (int n = 0; n < calls_each; ++n) {
        const std::string customer = (t + n) % 2 == 0 ? "M1" : "M2";
        const auto result = n % 3 == 0
                                ? client.try_request_order_user_interaction(customer, order(n))
                                : client.try_update_viewing_participant(customer, follow_up(n));
        if (result.ok() && result.value()) ++delivered;
      }
    });
  }
  for (auto& thread : pool) thread.join();
  CHECK(delivered == threads * calls_each);  // the server accepted every password
  using key = std::pair<std::string, std::string>;
  CHECK(book.calls == std::map<key, int>{{{"M1", "service"}, 1},
                                         {{"M1", "viewing"}, 1},
                                         {{"M2", "service"}, 1},
                                         {{"M2", "viewing"}, 1}});
}

TEST_CASE("a password from password_for that a server echoes never leaves the SDK",
          "[integration][credentials][secrets]") {
  const std::string customer = GENERATE(std::string("echo-400"), std::string("echo-500"));
  scoped_server server;
  counting_book book;
  auto options = options_for(server, book);
  std::mutex mutex;
  std::vector<vc::LogEvent> events;
  options.logger = [&](const vc::LogEvent& event) {
    const std::lock_guard<std::mutex> lock(mutex);
    events.push_back(event);
  };
  vc::Client client(options);
  const auto result = client.try_update_viewing_participant(customer, follow_up(1));
  REQUIRE_FALSE(result.ok());
  const auto& error = result.error();
  CHECK(error.status() == (customer == "echo-400" ? 400 : 500));
  CHECK(error.attempts() == 1);
  const std::string secret = password_of(customer, "viewing");
  REQUIRE(server.requests().size() == 1);
  REQUIRE(server.requests().front().password == secret);  // it was sent, and echoed

  std::string everything = std::string(error.what()) + "\n" + error.body() + "\n" + error.message();
  for (const auto& [field, messages] : error.model_state()) {
    everything += "\n" + field;
    for (const auto& message : messages) everything += "\n" + message;
  }
  for (const auto& event : events) everything += "\n" + event.error + "\n" + event.url;
  CAPTURE(everything);
  CHECK(everything.find(secret) == std::string::npos);
  CHECK(everything.find(vc::detail::base64(user + ":" + secret)) == std::string::npos);
  CHECK(everything.find(nlohmann::json(secret).dump(-1, ' ', true)) == std::string::npos);
  CHECK(everything.find("pw<") == std::string::npos);  // no piece of it either
  CHECK(everything.find("pw\\u003c") == std::string::npos);
  CHECK(everything.find("<redacted>") != std::string::npos);
  CHECK(events.size() == 1);
}

TEST_CASE("a throwing password_for is an InvalidArgumentError and nothing is sent",
          "[integration][credentials]") {
  scoped_server server;
  counting_book book;
  auto options = options_for(server, book);
  options.password_for = [](std::string_view customer, std::string_view) -> std::string {
    throw std::runtime_error("no password stored for " + std::string(customer) +
                             " (the old one was hunter2-hunter2)");
  };
  vc::Client client(options);
  try {
    client.update_viewing_participant("M1", follow_up(1));
    FAIL("no error");
  } catch (const vc::InvalidArgumentError& e) {
    CHECK(e.attempts() == 0);
    CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
  }
  const auto results = client.update_viewing_participants("M1", {follow_up(1), follow_up(2)});
  for (const auto& result : results) {
    CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
  }
  CHECK(server.requests().empty());
}

TEST_CASE("bulk calls and send_stream send each item with its customer's password",
          "[integration][credentials][batch]") {
  scoped_server server;
  counting_book book;
  vc::Client client(options_for(server, book));
  vc::BatchOptions batch;
  batch.max_in_flight = 4;
  std::vector<vc::ParticipantFollowUp> follow_ups;
  for (int n = 0; n < 10; ++n) follow_ups.push_back(follow_up(n));
  for (const auto& result : client.update_viewing_participants("M2", follow_ups, batch)) {
    CHECK(result.ok());
  }
  for (const auto& result : client.request_order_user_interactions("M3", {order(1), order(2)})) {
    CHECK(result.ok());
  }
  int pulled = 0;
  int delivered = 0;
  client.send_stream(
      [&]() -> std::optional<vc::BulkRequest> {
        if (pulled == 8) return std::nullopt;
        const int n = pulled++;
        vc::BulkRequest item;
        item.customer_id = n % 2 == 0 ? "M4" : "M5";
        if (n % 4 < 2) {
          item.model = follow_up(n);
        } else {
          item.model = order(n);
        }
        return item;
      },
      [&](std::size_t, vc::Result<bool> result) { delivered += result.ok() ? 1 : 0; }, batch);
  CHECK(delivered == 8);

  const auto requests = server.requests();
  CHECK(requests.size() == 20);
  for (const auto& request : requests) {
    CAPTURE(request.path);
    CHECK(request.password == password_of(request.customer, request.area));
  }
  CHECK(book.calls.size() == 6);  // M2 viewing, M3 service, M4 and M5 both
  for (const auto& [pair, calls] : book.calls) CHECK(calls == 1);
}
