// Issue 13: Client::send_stream and the vector bulk calls over it, through hand-written
// transports: order under out-of-order completion, a bounded number of built requests, bad items
// refused mid-stream, and exceptions from the caller's callbacks.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

/// Item `i` of a stream: its number is in the contact id, so that an answer can depend on it.
vc::ParticipantFollowUp numbered(std::size_t i) {
  auto item = docs_follow_up();
  item.contact_id = "item-" + std::to_string(i);
  return item;
}

/// The number numbered() put in a request's body.
std::size_t number_in(const std::string& body) {
  const auto at = body.find("item-");
  REQUIRE(at != std::string::npos);
  return std::stoul(body.substr(at + 5));
}

/// Completes the most recently started exchange first, so that results come back out of order;
/// even numbers answer true, odd ones false.
class LastInFirstOutTransport final : public vc::Transport {
 public:
  vc::HttpResponse send(const vc::HttpRequest& request) override {
    sent.push_back(number_in(request.body));
    return {200, {}, number_in(request.body) % 2 == 0 ? "true" : "false"};
  }

  std::unique_ptr<vc::TransportBatch> open_batch(std::size_t max_in_flight) override {
    limit = max_in_flight;
    return std::make_unique<batch>(*this);
  }

  std::vector<std::size_t> sent;  ///< item numbers, in the order they were answered
  std::size_t limit = 0;
  std::size_t most_in_flight = 0;

 private:
  class batch final : public vc::TransportBatch {
   public:
    explicit batch(LastInFirstOutTransport& owner) : owner_(owner) {}
    void start(const vc::HttpRequest& request, std::size_t tag) override {
      started_.emplace_back(&request, tag);
      owner_.most_in_flight = std::max(owner_.most_in_flight, started_.size());
    }
    std::vector<vc::BatchCompletion> poll(std::chrono::milliseconds /*wait*/) override {
      if (started_.empty()) return {};
      const auto [request, tag] = started_.back();
      started_.pop_back();
      return {{tag, owner_.send(*request), {}}};
    }

   private:
    LastInFirstOutTransport& owner_;
    std::vector<std::pair<const vc::HttpRequest*, std::size_t>> started_;
  };
};

struct stream_harness : harness {
  std::shared_ptr<LastInFirstOutTransport> transport = std::make_shared<LastInFirstOutTransport>();
  stream_harness() { options.transport = transport; }
};

/// A stream of follow-ups `items` long, counting what `next` handed out.
struct counted_items {
  std::size_t items;
  std::size_t pulled = 0;
  std::optional<vc::BulkRequest> operator()() {
    if (pulled == items) return std::nullopt;
    return vc::BulkRequest{"c1", numbered(pulled++)};
  }
};

struct custom_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

TEST_CASE("A stream completing out of order reports each result under its own index", "[stream]") {
  stream_harness h;
  counted_items next{50};
  std::vector<std::size_t> reported;
  vc::BatchOptions batch;
  batch.max_in_flight = 4;

  h.client().send_stream(
      std::ref(next),
      [&](std::size_t index, vc::Result<bool> result) {
        REQUIRE(result.ok());
        CHECK(result.value() == (index % 2 == 0));
        reported.push_back(index);
        // Items are built as slots free up: never more than 2 x max_in_flight alive.
        CHECK(next.pulled - reported.size() <= 2 * batch.max_in_flight);
      },
      batch);

  CHECK(h.transport->limit == 4);
  CHECK(h.transport->most_in_flight == 4);
  REQUIRE(reported.size() == 50);
  CHECK_FALSE(std::is_sorted(reported.begin(), reported.end()));  // really out of order
  std::sort(reported.begin(), reported.end());
  for (std::size_t i = 0; i < reported.size(); ++i) CHECK(reported[i] == i);
}

TEST_CASE("The vector API keeps input order when answers come back out of order", "[stream]") {
  stream_harness h;
  std::vector<vc::ParticipantFollowUp> items;
  for (std::size_t i = 0; i < 40; ++i) items.push_back(numbered(i));
  vc::BatchOptions batch;
  batch.max_in_flight = 8;

  const auto results = h.client().update_viewing_participants("c1", items, batch);

  REQUIRE(results.size() == 40);
  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(i);
    REQUIRE(results[i].ok());
    CHECK(results[i].value() == (i % 2 == 0));
  }
  CHECK_FALSE(std::is_sorted(h.transport->sent.begin(), h.transport->sent.end()));
}

TEST_CASE("A bad item mid-stream is refused in its own slot and never sent", "[stream]") {
  stream_harness h;
  std::size_t pulled = 0;
  std::vector<std::optional<vc::Result<bool>>> results(9);

  h.client().send_stream(
      [&]() -> std::optional<vc::BulkRequest> {
        if (pulled == results.size()) return std::nullopt;
        const std::size_t i = pulled++;
        if (i == 3) return vc::BulkRequest{"c1", numbered(10 + i)};  // sent, as item 13
        if (i == 4)
          return vc::BulkRequest{"c1", [] {
                                   auto bad = numbered(4);
                                   bad.viewing_id = "\xC3";  // not UTF-8
                                   return bad;
                                 }()};
        if (i == 6) return vc::BulkRequest{"", numbered(6)};  // no customer id
        return vc::BulkRequest{"c1", numbered(i)};
      },
      [&](std::size_t index, vc::Result<bool> result) { results.at(index) = std::move(result); },
      vc::BatchOptions{});

  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(i);
    REQUIRE(results[i]);
    if (i == 4 || i == 6) {
      REQUIRE_FALSE(results[i]->ok());
      CHECK(results[i]->error().kind() == vc::ErrorKind::invalid_argument);
      CHECK(results[i]->error().attempts() == 0);
    } else {
      CHECK(results[i]->ok());
    }
  }
  auto sent = h.transport->sent;
  std::sort(sent.begin(), sent.end());
  CHECK(sent == std::vector<std::size_t>{0, 1, 2, 5, 7, 8, 13});
}

TEST_CASE("An exception from on_result ends the stream and reaches the caller", "[stream]") {
  stream_harness h;
  counted_items next{100};
  std::size_t reported = 0;
  vc::BatchOptions batch;
  batch.max_in_flight = 4;

  CHECK_THROWS_AS(h.client().send_stream(
                      std::ref(next),
                      [&](std::size_t, vc::Result<bool>) {
                        if (++reported == 3) throw custom_failure("caller gave up");
                      },
                      batch),
                  custom_failure);

  CHECK(reported == 3);  // nothing reported after the throw
  CHECK(next.pulled < 100);
  // The client is whole: the next stream runs to its end.
  counted_items again{10};
  std::size_t done = 0;
  h.client().send_stream(std::ref(again), [&](std::size_t, vc::Result<bool>) { ++done; });
  CHECK(done == 10);
}

TEST_CASE("An exception from next ends the stream and reaches the caller", "[stream]") {
  stream_harness h;
  std::size_t pulled = 0;
  std::size_t reported = 0;

  CHECK_THROWS_AS(h.client().send_stream(
                      [&]() -> std::optional<vc::BulkRequest> {
                        if (pulled == 6) throw custom_failure("no more rows");
                        return vc::BulkRequest{"c1", numbered(pulled++)};
                      },
                      [&](std::size_t, vc::Result<bool>) { ++reported; }),
                  custom_failure);

  CHECK(pulled == 6);
  CHECK(reported <= 6);
}

TEST_CASE("A stream mixing both PUTs and customers sends each to its own path", "[stream]") {
  harness h;
  const std::vector<vc::BulkRequest> items{
      {"alpha", numbered(0)},
      {"beta", client_order()},
      {"alpha/1", client_order()},
      {"gamma", numbered(3)},
  };
  for (std::size_t i = 0; i < items.size(); ++i) h.fake->respond(200, "true");
  std::size_t pulled = 0;
  std::size_t succeeded = 0;

  h.client().send_stream(
      [&]() -> std::optional<vc::BulkRequest> {
        if (pulled == items.size()) return std::nullopt;
        return items[pulled++];
      },
      [&](std::size_t, vc::Result<bool> result) { succeeded += result.ok() && result.value(); });

  CHECK(succeeded == 4);
  const auto sent = h.fake->requests();  // one at a time through a user transport: in order
  REQUIRE(sent.size() == 4);
  const std::string base = "https://connect.example.test/";
  CHECK(sent[0].url == base + "ViewingParticipant/alpha");
  CHECK(sent[0].body == vc::serialize(numbered(0), vc::Format::json));
  CHECK(sent[1].url == base + "Service/Order/UserInteraction/beta");
  CHECK(sent[1].body == vc::serialize(client_order(), vc::Format::json));
  CHECK(sent[2].url == base + "Service/Order/UserInteraction/alpha%2F1");
  CHECK(sent[3].url == base + "ViewingParticipant/gamma");
  CHECK(sent[3].body == vc::serialize(numbered(3), vc::Format::json));
  for (const auto& request : sent) CHECK(request.method == "PUT");
}
