// Issue 19, the edges: moving a value out of an rvalue Result, the bound on
// BatchOptions::max_in_flight, and retry arithmetic that stays defined for any RetryPolicy.

#include <catch2/catch.hpp>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

/// Counts its copies, so that a test sees whether a value was copied or moved.
struct copy_counted {
  std::shared_ptr<int> copies = std::make_shared<int>(0);
  copy_counted() = default;
  copy_counted(const copy_counted& other) : copies(other.copies) { ++*copies; }
  copy_counted(copy_counted&&) noexcept = default;
  copy_counted& operator=(const copy_counted& other) {
    copies = other.copies;
    ++*copies;
    return *this;
  }
  copy_counted& operator=(copy_counted&&) noexcept = default;
  ~copy_counted() = default;
};

/// Answers every PUT `true` and counts what reaches it: what open_batch was asked for and how
/// many requests were sent. No batch of its own, so the client sends through send().
class CountingTransport final : public vc::Transport {
 public:
  vc::HttpResponse send(const vc::HttpRequest& /*request*/) override {
    ++sent;
    return {200, {}, "true"};
  }

  std::unique_ptr<vc::TransportBatch> open_batch(std::size_t max_in_flight) override {
    batches_opened.push_back(max_in_flight);
    return nullptr;
  }

  std::size_t sent = 0;
  std::vector<std::size_t> batches_opened;
};

struct counting_harness : harness {
  std::shared_ptr<CountingTransport> counter = std::make_shared<CountingTransport>();
  counting_harness() { options.transport = counter; }
};

/// A refused max_in_flight: an InvalidArgumentError that names the limit, nothing sent.
void require_refused(const std::function<void()>& bulk_call, const CountingTransport& counter) {
  try {
    bulk_call();
    FAIL("the bulk call accepted a max_in_flight over the limit");
  } catch (const vc::InvalidArgumentError& e) {
    CHECK(e.attempts() == 0);
    CHECK(std::string(e.what()).find("max_in_flight") != std::string::npos);
    CHECK(std::string(e.what()).find("4096") != std::string::npos);
  }
  CHECK(counter.sent == 0);
  CHECK(counter.batches_opened.empty());
}

std::vector<vc::ParticipantFollowUp> follow_ups(std::size_t n) {
  return std::vector<vc::ParticipantFollowUp>(n, docs_follow_up());
}

}  // namespace

TEST_CASE("value() on an rvalue Result moves the value out instead of copying it", "[result]") {
  STATIC_REQUIRE(
      std::is_same_v<decltype(std::declval<vc::Result<copy_counted>>().value()), copy_counted&&>);
  STATIC_REQUIRE(std::is_same_v<decltype(std::declval<vc::Result<copy_counted>&>().value()),
                                const copy_counted&>);
  STATIC_REQUIRE(std::is_same_v<decltype(std::declval<const vc::Result<copy_counted>&>().value()),
                                const copy_counted&>);

  vc::Result<copy_counted> result = copy_counted{};
  const auto copies = result.value().copies;
  REQUIRE(*copies == 0);
  const copy_counted& seen = result.value();  // an lvalue still reads in place
  CHECK(seen.copies == copies);
  CHECK(*copies == 0);
  const copy_counted taken = std::move(result).value();
  CHECK(taken.copies == copies);
  CHECK(*copies == 0);

  // A long string keeps its heap buffer when moved, and only then.
  vc::Result<std::string> text = std::string(4096, 'x');
  const char* buffer = text.value().data();
  const std::string out = std::move(text).value();
  CHECK(out.size() == 4096);
  CHECK(out.data() == buffer);
}

TEST_CASE("value() on a failed rvalue Result throws its error as the matching subclass",
          "[result]") {
  vc::ErrorDetails details;
  details.status = 400;
  details.body = "bad";
  details.attempts = 1;
  vc::Result<std::vector<copy_counted>> failed =
      vc::Error(vc::ErrorKind::validation, "rejected", details);
  try {
    (void)std::move(failed).value();
    FAIL("value() returned from a failed Result");
  } catch (const vc::ValidationError& e) {
    CHECK(e.status() == 400);
    CHECK(e.body() == "bad");
    CHECK(std::string(e.what()) == "rejected");
  }
  CHECK_THROWS_AS(vc::Result<std::string>(vc::ForbiddenError("no")).value(), vc::ForbiddenError);
}

TEST_CASE("A list read through a temporary Result is moved into its variable", "[result]") {
  harness h;
  h.fake->respond(200, R"([{"id":"E1","status":"Error"},{"id":"E2"}])");
  std::vector<std::string> ids;
  // The variable owns the list; the temporary Result is gone after this line (AddressSanitizer
  // would report a read of it).
  const auto orders = h.client().try_list_orders("c1").value();
  for (const auto& order : orders) ids.push_back(*order.id);
  CHECK(ids == std::vector<std::string>{"E1", "E2"});

  h.fake->respond(404, "gone");
  CHECK_THROWS_AS(h.client().list_orders("c1"), vc::HttpError);
}

TEST_CASE("max_in_flight over the limit is refused by every bulk call before anything is sent",
          "[batch][stream]") {
  STATIC_REQUIRE(vc::BatchOptions::max_in_flight_limit == 4096);
  const std::size_t too_many = GENERATE(std::size_t{4097}, std::size_t{1} << 32,
                                        std::numeric_limits<std::size_t>::max() / 2 + 1,
                                        std::numeric_limits<std::size_t>::max());
  CAPTURE(too_many);
  counting_harness h;
  auto client = h.client();
  vc::BatchOptions batch;
  batch.max_in_flight = too_many;
  std::size_t progress_calls = 0;
  batch.on_progress = [&](std::size_t, std::size_t) { ++progress_calls; };

  SECTION("update_viewing_participants") {
    require_refused([&] { client.update_viewing_participants("c1", follow_ups(3), batch); },
                    *h.counter);
  }
  SECTION("request_order_user_interactions") {
    const std::vector<vc::OrderUserInteractionRequest> requests(3, client_order());
    require_refused([&] { client.request_order_user_interactions("c1", requests, batch); },
                    *h.counter);
  }
  SECTION("send_stream") {
    std::size_t pulled = 0;
    std::size_t reported = 0;
    require_refused(
        [&] {
          client.send_stream(
              [&]() -> std::optional<vc::BulkRequest> {
                ++pulled;
                return vc::BulkRequest{"c1", docs_follow_up()};
              },
              [&](std::size_t, vc::Result<bool>) { ++reported; }, batch);
        },
        *h.counter);
    CHECK(pulled == 0);
    CHECK(reported == 0);
  }
  CHECK(progress_calls == 0);
}

TEST_CASE("max_in_flight at the limit, and 0 (as 1), send every item", "[batch][stream]") {
  const auto [asked, used] = GENERATE(table<std::size_t, std::size_t>(
      {{vc::BatchOptions::max_in_flight_limit, vc::BatchOptions::max_in_flight_limit},
       {0, 1},
       {1, 1}}));
  CAPTURE(asked);
  counting_harness h;
  vc::BatchOptions batch;
  batch.max_in_flight = asked;

  const auto results = h.client().update_viewing_participants("c1", follow_ups(20), batch);
  REQUIRE(results.size() == 20);
  for (const auto& result : results) CHECK((result.ok() && result.value()));

  std::size_t reported = 0;
  std::size_t pulled = 0;
  h.client().send_stream(
      [&]() -> std::optional<vc::BulkRequest> {
        if (pulled == 20) return std::nullopt;
        ++pulled;
        return vc::BulkRequest{"c1", client_order()};
      },
      [&](std::size_t, vc::Result<bool> result) { reported += result.ok() && result.value(); },
      batch);
  CHECK(reported == 20);
  CHECK(h.counter->sent == 40);
  CHECK(h.counter->batches_opened == std::vector<std::size_t>{used, used});
}

TEST_CASE("The retry delay stays within [0, max_backoff] for any policy, without overflow",
          "[retry][edges]") {
  using ms = milliseconds;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::vector<ms> durations = {ms::min(),
                                     ms(-1),
                                     ms(0),
                                     ms(1),
                                     ms(500),
                                     ms(30000),
                                     ms((std::int64_t{1} << 53) + 1),
                                     ms(std::int64_t{1} << 62),
                                     ms::max() - ms(1),
                                     ms::max()};
  const std::vector<int> retries = {INT_MIN, -1, 0, 1, 2, 31, 62, 63, 64, 65, 1000, INT_MAX};
  const std::vector<double> jitters = {-inf, -1.0, 0.0, 1e-300, 0.5, 1.0, 2.0, inf, nan};
  std::vector<std::optional<ms>> retry_afters = {std::nullopt};
  for (const ms d : durations) retry_afters.emplace_back(d);

  std::vector<std::string> wrong;
  std::size_t cases = 0;
  for (const ms initial : durations) {
    for (const ms max_backoff : durations) {
      vc::RetryPolicy policy;
      policy.initial_backoff = initial;
      policy.max_backoff = max_backoff;
      const ms cap = std::max(max_backoff, ms(0));
      for (const bool respect : {true, false}) {
        policy.respect_retry_after = respect;
        for (const int retry : retries) {
          for (const double jitter : jitters) {
            for (const auto& retry_after : retry_afters) {
              ++cases;
              const ms wait = vc::detail::retry_delay(policy, retry, retry_after, jitter);
              // The documented schedule: the server's wait when respected, else at least the
              // first step (or half the cap, once past it) and never over the cap.
              const bool in_range =
                  retry_after && respect
                      ? wait == std::clamp(*retry_after, ms(0), cap)
                      : wait >= std::min(std::max(initial, ms(0)), cap / 2) && wait <= cap;
              if (!in_range && wrong.size() < 10) {
                std::ostringstream line;
                line << "initial " << initial.count() << " max " << max_backoff.count()
                     << " respect " << respect << " retry " << retry << " jitter " << jitter
                     << " retry-after "
                     << (retry_after ? std::to_string(retry_after->count()) : "none") << " -> "
                     << wait.count();
                wrong.push_back(line.str());
              }
            }
          }
        }
      }
    }
  }
  CHECK(cases == 10 * 10 * 2 * 12 * 9 * 11);
  INFO("first wrong delays:\n"
       << [&] {
            std::string all;
            for (const auto& line : wrong) all += line + '\n';
            return all;
          }());
  CHECK(wrong.empty());
}

TEST_CASE("Extreme retry policies keep single calls within their attempts and cap",
          "[retry][edges]") {
  using ms = milliseconds;
  const int max_attempts = GENERATE(INT_MIN, -1, 0, 1, 4, INT_MAX);
  const ms backoff = GENERATE(ms::min(), ms(-5), ms(0), ms(7), ms::max());
  const double jitter = GENERATE(std::numeric_limits<double>::quiet_NaN(), -1.0, 1.0, 1e308);
  CAPTURE(max_attempts, backoff.count(), jitter);
  harness h;
  h.options.retry.max_attempts = max_attempts;
  h.options.retry.initial_backoff = backoff;
  h.options.retry.max_backoff = backoff;
  h.options.retry.jitter = [jitter] { return jitter; };
  // Three busy answers, then the script runs out: a failure that is not retried.
  h.fake->respond(503, "").respond(503, "").respond(503, "");

  const auto result = h.client().try_update_viewing_participant("c1", docs_follow_up());

  REQUIRE_FALSE(result.ok());
  const int expected = max_attempts < 1 ? 1 : std::min(max_attempts, 4);
  CHECK(result.error().attempts() == expected);
  CHECK(h.fake->requests().size() == static_cast<std::size_t>(expected));
  CHECK(h.sleeps->size() == static_cast<std::size_t>(expected - 1));
  for (const ms wait : *h.sleeps) {
    CHECK(wait >= ms(0));
    CHECK(wait <= std::max(backoff, ms(0)));
  }
}

TEST_CASE("A bulk retry due after centuries neither overflows the clock nor holds up others",
          "[retry][edges][stream]") {
  harness h;
  h.options.retry.initial_backoff = milliseconds::max();
  h.options.retry.max_backoff = milliseconds::max();
  h.fake->respond(503, "").respond(200, "true");
  struct stop_here : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  std::size_t pulled = 0;
  std::vector<std::size_t> reported;
  // Item 0 is answered 503 and waits for a retry due at the end of the clock (computing that
  // deadline overflowed before); item 1 goes ahead, and its result ends the stream.
  CHECK_THROWS_AS(h.client().send_stream(
                      [&]() -> std::optional<vc::BulkRequest> {
                        if (pulled == 2) return std::nullopt;
                        ++pulled;
                        return vc::BulkRequest{"c1", docs_follow_up()};
                      },
                      [&](std::size_t index, vc::Result<bool> result) {
                        reported.push_back(index);
                        CHECK((result.ok() && result.value()));
                        throw stop_here("done");
                      }),
                  stop_here);
  CHECK(reported == std::vector<std::size_t>{1});
  CHECK(h.fake->requests().size() == 2);
}
