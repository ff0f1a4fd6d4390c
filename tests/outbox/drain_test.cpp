// Outbox::drain against the stand-in over loopback HTTP: what each answer does to an item, order
// per key, outages, bad credentials, and enqueue from threads while draining.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>
#include <vitec/connect/outbox.hpp>

#include "outbox_support.hpp"

namespace {

using namespace outbox_test;
using std::chrono::milliseconds;

struct Fixture {
  StandIn stand_in;
  ScratchDir dir;
  vc::Outbox outbox{vc::Client(client_options(stand_in.base_url())), {dir.file("q.db")}};
};

}  // namespace

TEST_CASE("drain sends every item once, and the outbox is then empty", "[outbox][drain]") {
  Fixture f;
  for (int n = 0; n < 40; ++n) f.outbox.enqueue("M1", follow_up(n));
  vc::OrderUserInteractionRequest order;
  order.id = "O1";
  order.url = "https://example.com/o1";
  f.outbox.enqueue("M1", order);
  CHECK(f.outbox.pending() == 41);
  std::size_t last_done = 0;
  vc::BatchOptions batch;
  batch.max_in_flight = 8;
  batch.on_progress = [&](std::size_t done, std::size_t total) {
    CHECK(done == last_done + 1);
    CHECK(total == 41);
    last_done = done;
  };
  const auto report = f.outbox.drain(batch);
  CHECK(report.sent == 41);
  CHECK(report.dead + report.deferred + report.superseded == 0);
  CHECK_FALSE(report.halted);
  CHECK(last_done == 41);
  CHECK(f.outbox.pending() == 0);
  const auto counts = requests_per_contact(*f.stand_in);
  CHECK(counts.size() == 40);
  for (const auto& [contact, times] : counts) CHECK(times == 1);
  CHECK(f.outbox.drain().sent == 0);
}

TEST_CASE("items are sent in the client's format from the JSON stored", "[outbox][drain]") {
  StandIn stand_in;
  ScratchDir dir;
  auto options = client_options(stand_in.base_url());
  options.format = vc::Format::xml;
  vc::Outbox outbox(vc::Client(options), {dir.file("q.db")});
  outbox.enqueue("M1", follow_up(1));
  CHECK(outbox.drain().sent == 1);
  const auto requests = stand_in->requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].body.find("<ParticipantFollowUp") != std::string::npos);
  CHECK(requests[0].fields.at("ContactId") == "C1");
}

TEST_CASE("enqueue refuses what the Client would refuse, and stores nothing", "[outbox][enqueue]") {
  Fixture f;
  auto bad_text = follow_up(1);
  bad_text.contact_id = std::string("C\xFF");
  CHECK_THROWS_AS(f.outbox.enqueue("M1", bad_text), vc::InvalidArgumentError);
  CHECK_THROWS_AS(f.outbox.enqueue("", follow_up(1)), vc::InvalidArgumentError);
  vc::OrderUserInteractionRequest relative;
  relative.id = "O1";
  relative.url = "orders/1";
  CHECK_THROWS_AS(f.outbox.enqueue("M1", relative), vc::InvalidArgumentError);
  CHECK(f.outbox.pending() == 0);
}

TEST_CASE("a later item with the same key supersedes a waiting one, and is never overtaken",
          "[outbox][order]") {
  Fixture f;
  SECTION("both waiting: only the later one goes") {
    f.outbox.enqueue("M1", follow_up(1, false));
    f.outbox.enqueue("M1", follow_up(2));
    f.outbox.enqueue("M1", follow_up(1, true));
    const auto report = f.outbox.drain();
    CHECK(report.sent == 2);
    CHECK(report.superseded == 1);
    const auto requests = f.stand_in->requests();
    REQUIRE(requests.size() == 2);
    // Items of different keys may go side by side; of key C1 only the later item went.
    std::map<std::string, std::string> participated;
    for (const auto& request : requests) {
      participated[request.fields.at("ContactId")] = request.fields.at("Participated");
    }
    CHECK(participated.size() == 2);
    CHECK(participated.count("C2") == 1);
    CHECK(participated["C1"] == "true");
  }
  SECTION("the earlier one deferred: it never follows the later one") {
    f.stand_in->script(si::Fault::answer(503, "busy"), 3);
    f.outbox.enqueue("M1", follow_up(1, false));
    CHECK(f.outbox.drain().deferred == 1);
    f.outbox.enqueue("M1", follow_up(1, true));
    const auto report = f.outbox.drain();
    CHECK(report.sent == 1);
    CHECK(report.superseded == 1);
    CHECK(f.outbox.drain().sent == 0);
    const auto requests = f.stand_in->requests();
    REQUIRE(requests.size() == 4);
    CHECK(requests.back().fields.at("Participated") == "true");
    CHECK(f.outbox.pending() == 0);
  }
  SECTION("items without a key are neither superseded nor ordered") {
    vc::ParticipantFollowUp no_contact;
    no_contact.viewing_id = "V1";
    f.outbox.enqueue("M1", no_contact);
    f.outbox.enqueue("M1", no_contact);
    const auto report = f.outbox.drain();
    CHECK(report.superseded == 0);
    CHECK(report.dead == 2);  // the stand-in requires a contact, as the API does
  }
}

TEST_CASE("refused items (400, 403) become dead letters with the full error and the body",
          "[outbox][dead]") {
  Fixture f;
  vc::ParticipantFollowUp no_contact;
  no_contact.viewing_id = "V9";
  const auto invalid = f.outbox.enqueue("M1", no_contact);
  const auto forbidden = f.outbox.enqueue("forbidden", follow_up(2));
  vc::BatchOptions one_at_a_time;
  one_at_a_time.max_in_flight = 1;
  const auto report = f.outbox.drain(one_at_a_time);
  CHECK(report.dead == 2);
  CHECK(f.outbox.pending() == 0);
  const auto letters = f.outbox.dead_letters();
  REQUIRE(letters.size() == 2);
  CHECK(letters[0].id == invalid);
  CHECK(letters[0].customer_id == "M1");
  CHECK(letters[0].endpoint == "ViewingParticipant");
  CHECK(letters[0].body == R"({"viewingId":"V9","participated":false})");
  CHECK(letters[0].error.kind() == vc::ErrorKind::validation);
  CHECK(letters[0].error.status() == 400);
  CHECK_FALSE(letters[0].error.model_state().empty());
  CHECK_FALSE(letters[0].error.body().empty());
  CHECK(letters[1].id == forbidden);
  CHECK(letters[1].error.kind() == vc::ErrorKind::forbidden);
}

TEST_CASE("dead-letter round trip: false, 404 and a 400 become dead letters, and requeued they go",
          "[outbox][dead]") {
  Fixture f;
  f.stand_in->script(si::Fault::answer(200, "false", "application/json"))
      .script(si::Fault::answer(404, "no such thing"))
      .script(si::Fault::answer(400, R"({"Message":"not now"})", "application/json"));
  for (int n = 0; n < 3; ++n) f.outbox.enqueue("M1", follow_up(n));
  vc::BatchOptions one_at_a_time;
  one_at_a_time.max_in_flight = 1;
  auto report = f.outbox.drain(one_at_a_time);
  CHECK(report.dead == 3);
  const auto letters = f.outbox.dead_letters();
  REQUIRE(letters.size() == 3);
  CHECK(letters[0].error.status() == 200);
  CHECK(letters[0].error.body() == "false");
  CHECK(letters[1].error.status() == 404);
  CHECK(letters[2].error.kind() == vc::ErrorKind::validation);
  CHECK(letters[2].error.message() == "not now");
  CHECK(letters[2].body == R"({"contactId":"C2","viewingId":"V1","participated":true})");
  CHECK(f.outbox.requeue_dead_letters() == 3);
  CHECK(f.outbox.dead_letters().empty());
  report = f.outbox.drain();
  CHECK(report.sent == 3);
  CHECK(f.outbox.pending() == 0);
}

TEST_CASE("5xx and transport failures defer, and Retry-After sets the earliest next try",
          "[outbox][deferred]") {
  StandIn stand_in;
  ScratchDir dir;
  auto options = client_options(stand_in.base_url());
  options.retry.max_attempts = 1;
  vc::Outbox outbox(vc::Client(options), {dir.file("q.db")});
  stand_in->script(si::Fault::retry_after(503, 2));
  outbox.enqueue("M1", follow_up(1));
  auto report = outbox.drain();
  CHECK(report.deferred == 1);
  CHECK(outbox.pending() == 1);
  CHECK(outbox.dead_letters().empty());
  // Not before the server said: a drain right now leaves it alone.
  report = outbox.drain();
  CHECK(report.deferred + report.sent == 0);
  CHECK(stand_in->requests().size() == 1);
  std::this_thread::sleep_for(milliseconds(2100));
  CHECK(outbox.drain().sent == 1);
}

TEST_CASE("an outage defers everything, and the next drain after it sends it all",
          "[outbox][outage]") {
  Fixture f;
  for (int n = 0; n < 10; ++n) f.outbox.enqueue("M1", follow_up(n));
  f.stand_in.stop();
  auto report = f.outbox.drain();
  CHECK(report.deferred == 10);
  CHECK(report.sent + report.dead == 0);
  CHECK(f.outbox.pending() == 10);
  f.stand_in.start();
  report = f.outbox.drain();
  CHECK(report.sent == 10);
  CHECK(f.outbox.pending() == 0);
  CHECK(requests_per_contact(*f.stand_in).size() == 10);
}

TEST_CASE("a wrong password halts the drain at once and dead-letters nothing", "[outbox][halt]") {
  StandIn stand_in;
  ScratchDir dir;
  const auto path = dir.file("q.db");
  vc::Outbox wrong(vc::Client(client_options(stand_in.base_url(), "wrong")), {path});
  for (int n = 0; n < 50; ++n) wrong.enqueue("M1", follow_up(n));
  vc::BatchOptions batch;
  batch.max_in_flight = 4;
  const auto report = wrong.drain(batch);
  REQUIRE(report.halted);
  CHECK(report.halted->kind() == vc::ErrorKind::unauthorized);
  CHECK(report.dead == 0);
  CHECK(wrong.dead_letters().empty());
  CHECK(wrong.pending() == 50);
  CHECK(stand_in->requests().size() <= 2 * batch.max_in_flight);
  // What it held went back at once, not after the lease.
  vc::Outbox right(vc::Client(client_options(stand_in.base_url())), {path});
  CHECK(right.drain().sent == 50);
}

TEST_CASE("enqueue from many threads while another thread drains: each item sent once",
          "[outbox][threads]") {
  Fixture f;
  constexpr int threads = 4, per_thread = 50;
  std::atomic<int> writers_left{threads};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) f.outbox.enqueue("M1", follow_up(t * per_thread + i));
      --writers_left;
    });
  }
  std::size_t sent = 0;
  while (writers_left > 0 || f.outbox.pending() > 0) sent += f.outbox.drain().sent;
  for (auto& writer : writers) writer.join();
  sent += f.outbox.drain().sent;
  CHECK(sent == threads * per_thread);
  const auto counts = requests_per_contact(*f.stand_in);
  CHECK(counts.size() == threads * per_thread);
  for (const auto& [contact, times] : counts) CHECK(times == 1);
}

TEST_CASE("a drain with max_in_flight over the limit sends and claims nothing", "[outbox][drain]") {
  Fixture f;
  for (int n = 0; n < 5; ++n) f.outbox.enqueue("M1", follow_up(n));
  vc::BatchOptions batch;
  batch.max_in_flight = vc::BatchOptions::max_in_flight_limit + 1;
  CHECK_THROWS_AS(f.outbox.drain(batch), vc::InvalidArgumentError);
  CHECK(f.stand_in->requests().empty());
  CHECK(f.outbox.dead_letters().empty());
  // Nothing was leased: a drain right after sends every item.
  batch.max_in_flight = vc::BatchOptions::max_in_flight_limit;
  CHECK(f.outbox.drain(batch).sent == 5);
}
