#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using namespace unit;

vc::ParticipantFollowUp follow_up_for(const std::string& contact) {
  vc::ParticipantFollowUp v;
  v.contact_id = contact;
  return v;
}

}  // namespace

TEST_CASE("A batch through a user transport keeps input order and every slot", "[batch]") {
  harness h;
  // Sent one at a time: item 0 answers true, item 1 is refused before sending, item 2 needs a
  // retry, which waits on the batch's timer while item 3 goes ahead and fails for good.
  h.fake->respond(200, "true").respond(503, "").respond(401, "").respond(200, "false");
  auto progress = std::make_shared<std::vector<std::pair<std::size_t, std::size_t>>>();
  vc::BatchOptions batch;
  batch.on_progress = [progress](std::size_t done, std::size_t total) {
    progress->emplace_back(done, total);
  };

  const auto results = h.client().update_viewing_participants(
      "c1", {follow_up_for("a"), follow_up_for("\xC3"), follow_up_for("c"), follow_up_for("d")},
      batch);

  REQUIRE(results.size() == 4);
  REQUIRE(results[0].ok());
  CHECK(results[0].value());
  REQUIRE_FALSE(results[1].ok());
  CHECK(results[1].error().kind() == vc::ErrorKind::invalid_argument);
  REQUIRE(results[2].ok());
  CHECK_FALSE(results[2].value());
  REQUIRE_FALSE(results[3].ok());
  CHECK(results[3].error().kind() == vc::ErrorKind::unauthorized);

  const auto sent = h.fake->requests();
  REQUIRE(sent.size() == 4);
  CHECK(sent[0].body == vc::serialize(follow_up_for("a"), vc::Format::json));
  CHECK(sent[1].body == vc::serialize(follow_up_for("c"), vc::Format::json));
  CHECK(sent[2].body == vc::serialize(follow_up_for("d"), vc::Format::json));
  CHECK(sent[3].body == sent[1].body);
  CHECK(h.sleeps->empty());  // a batch waits for a retry on its timer, never in the sleep hook

  REQUIRE_FALSE(progress->empty());
  CHECK(progress->back() == std::make_pair(std::size_t{4}, std::size_t{4}));
  for (std::size_t i = 1; i < progress->size(); ++i) {
    CHECK((*progress)[i].first >= (*progress)[i - 1].first);
  }
}

TEST_CASE("A batch of order requests refuses a relative url in its own slot only", "[batch]") {
  harness h;
  h.fake->respond(200, "true");
  auto bad = client_order();
  bad.url = "/relative";
  const auto results =
      h.client().request_order_user_interactions("c1", {bad, client_order()}, vc::BatchOptions{});
  REQUIRE(results.size() == 2);
  REQUIRE_FALSE(results[0].ok());
  CHECK(results[0].error().kind() == vc::ErrorKind::invalid_argument);
  REQUIRE(results[1].ok());
  CHECK(results[1].value());
  CHECK(h.fake->requests().size() == 1);
}

TEST_CASE("An empty batch sends nothing", "[batch]") {
  harness h;
  CHECK(h.client().update_viewing_participants("c1", {}).empty());
  CHECK(h.fake->requests().empty());
}

TEST_CASE("A long batch with retries through a user transport keeps every result in its slot",
          "[batch]") {
  // Many more items than slots, so that the engine's queues wrap around many times.
  harness h;
  h.options.retry.initial_backoff = std::chrono::milliseconds(1);
  constexpr int items = 40;
  const auto index_of = [](const vc::HttpRequest& request) {
    const std::string key = "\"contactId\":\"";
    const auto at = request.body.find(key) + key.size();
    return std::stoi(request.body.substr(at, request.body.find('"', at) - at));
  };
  auto sends = std::make_shared<std::map<int, int>>();
  const auto responder = [sends, index_of](const vc::HttpRequest& request) {
    const int index = index_of(request);
    const int attempt = ++(*sends)[index];
    if (index % 5 == 0 && attempt == 1) return vc::HttpResponse{503, {}, ""};
    return vc::HttpResponse{200, {}, index % 7 == 3 ? "false" : "true"};
  };
  for (int i = 0; i < items + items / 5; ++i) h.fake->respond_with(responder);
  std::vector<vc::ParticipantFollowUp> follow_ups;
  for (int i = 0; i < items; ++i) follow_ups.push_back(follow_up_for(std::to_string(i)));
  vc::BatchOptions batch;
  batch.max_in_flight = 3;

  const auto results = h.client().update_viewing_participants("c1", follow_ups, batch);

  REQUIRE(results.size() == static_cast<std::size_t>(items));
  for (int i = 0; i < items; ++i) {
    CAPTURE(i);
    REQUIRE(results[static_cast<std::size_t>(i)].ok());
    CHECK(results[static_cast<std::size_t>(i)].value() == (i % 7 != 3));
    CHECK((*sends)[i] == (i % 5 == 0 ? 2 : 1));
  }
  CHECK(h.fake->requests().size() == static_cast<std::size_t>(items + items / 5));
}
