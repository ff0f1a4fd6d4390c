// Outbox::drain against the stand-in over loopback HTTP: what each answer does to an item, order
// per key, outages, bad credentials, and enqueue from threads while draining.

#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
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
  CHECK(letters[1].error.kind() == vc::ErrorKind::not_found);  // a permanent refusal: dead
  CHECK_THROWS_AS(letters[1].error.raise(), vc::NotFoundError);
  CHECK(letters[2].error.kind() == vc::ErrorKind::validation);
  CHECK(letters[2].error.message() == "not now");
  CHECK(letters[2].body == R"({"contactId":"C2","viewingId":"V1","participated":true})");
  CHECK(f.outbox.requeue_dead_letters() == 3);
  CHECK(f.outbox.dead_letters().empty());
  report = f.outbox.drain();
  CHECK(report.sent == 3);
  CHECK(f.outbox.pending() == 0);
}

TEST_CASE("a 404 recorded by a 0.2 SDK (kind http) is read back as not_found", "[outbox][dead]") {
  const auto old = vc::detail::error_from_json(
      R"({"kind":"http","what":"PUT x answered 404 Not Found","status":404,"body":"gone"})");
  CHECK(old.kind() == vc::ErrorKind::not_found);
  CHECK(old.body() == "gone");
  const auto teapot = vc::detail::error_from_json(R"({"kind":"http","status":418})");
  CHECK(teapot.kind() == vc::ErrorKind::http);
  vc::ErrorDetails details;
  details.status = 404;
  const auto written = vc::detail::error_to_json(vc::NotFoundError("gone", details));
  CHECK(written.find(R"("kind":"not_found")") != std::string::npos);
  CHECK(vc::detail::error_from_json(written).kind() == vc::ErrorKind::not_found);
  CHECK(vc::detail::classify(vc::NotFoundError("gone", details)) == vc::detail::outcome::dead);
}

TEST_CASE("a drain sends each item with password_for's password for its customer and area",
          "[outbox][drain][credentials]") {
  StandIn stand_in;
  ScratchDir dir;
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, int> calls;
  bool vault_down_for_m3 = true;
  auto options = client_options(stand_in.base_url(), "");
  options.password_for = [&](std::string_view customer, std::string_view area) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++calls[{std::string(customer), std::string(area)}];
    if (customer == "M3" && vault_down_for_m3) throw std::runtime_error("vault unreachable");
    return integration::password;  // the stand-in knows one password per user
  };
  vc::Outbox outbox(vc::Client(options), {dir.file("q.db")});
  vc::OrderUserInteractionRequest order;
  order.id = "O1";
  order.url = "https://example.com/o1";
  outbox.enqueue("M1", follow_up(1));
  outbox.enqueue("M1", order);
  outbox.enqueue("M2", follow_up(2));
  outbox.enqueue("M3", follow_up(3));
  auto report = outbox.drain();
  CHECK(report.sent == 3);
  // Nothing was sent for M3: refused before sending, like any input the SDK refuses.
  CHECK(report.dead == 1);
  CHECK(stand_in->requests().size() == 3);
  const auto letters = outbox.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].customer_id == "M3");
  CHECK(letters[0].error.kind() == vc::ErrorKind::invalid_argument);
  CHECK(std::string(letters[0].error.what()).find("vault") == std::string::npos);
  using key = std::pair<std::string, std::string>;
  CHECK(calls == std::map<key, int>{{{"M1", "service"}, 1},
                                    {{"M1", "viewing"}, 1},
                                    {{"M2", "viewing"}, 1},
                                    {{"M3", "viewing"}, 1}});
  // Once the vault is back, a requeued item goes, and M3's password is asked again.
  vault_down_for_m3 = false;
  CHECK(outbox.requeue_dead_letters() == 1);
  report = outbox.drain();
  CHECK(report.sent == 1);
  CHECK((calls[{"M3", "viewing"}]) == 2);
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

TEST_CASE("enqueue refuses in XML what XML cannot carry, and stores nothing", "[outbox][enqueue]") {
  StandIn stand_in;
  ScratchDir dir;
  auto options = client_options(stand_in.base_url());
  options.format = vc::Format::xml;
  vc::Outbox xml(vc::Client(options), {dir.file("q.db")});
  auto control = follow_up(1);
  control.contact_id = std::string("C\x01");  // valid UTF-8 and JSON; XML 1.0 forbids it
  CHECK_THROWS_AS(xml.enqueue("M1", control), vc::InvalidArgumentError);
  CHECK_THROWS_AS(xml.enqueue_all("M1", {follow_up(2), control}), vc::InvalidArgumentError);
  CHECK(xml.pending() == 0);
  // The same item is fine for a JSON client: the check is the client's own format.
  vc::Outbox json(vc::Client(client_options(stand_in.base_url())), {dir.file("j.db")});
  CHECK(json.enqueue("M1", control) > 0);
  CHECK(stand_in->requests().empty());
}

TEST_CASE("enqueue_all stores a batch at once, or nothing when one item is bad",
          "[outbox][enqueue]") {
  Fixture f;
  std::vector<vc::ParticipantFollowUp> items;
  for (int n = 0; n < 50; ++n) items.push_back(follow_up(n));
  const auto ids = f.outbox.enqueue_all("M1", items);
  REQUIRE(ids.size() == 50);
  CHECK(f.outbox.pending() == 50);
  auto bad = items;
  bad[3].contact_id = std::string("C\xFF");
  try {
    f.outbox.enqueue_all("M1", bad);
    FAIL("a batch with a bad item was stored");
  } catch (const vc::InvalidArgumentError& e) {
    CHECK(std::string(e.what()).rfind("item 3: ", 0) == 0);
  }
  CHECK_THROWS_AS(f.outbox.enqueue_all("", items), vc::InvalidArgumentError);
  CHECK(f.outbox.pending() == 50);
  vc::OrderUserInteractionRequest order;
  order.id = "O1";
  order.url = "https://example.com/o1";
  CHECK(f.outbox.enqueue_all("M1", std::vector<vc::OrderUserInteractionRequest>{order}).size() ==
        1);
  CHECK(f.outbox.drain().sent == 51);
  CHECK(requests_per_contact(*f.stand_in).size() == 50);
}

TEST_CASE("an item of an operation this SDK does not know is never sent, and stays dead",
          "[outbox][dead]") {
  Fixture f;
  f.outbox.enqueue("M1", follow_up(1));
  {
    // As a newer SDK sharing the file would write it.
    vitec::connect::detail::sqlite_store store(f.dir.file("q.db"));
    store.enqueue({"POST-CRM-Bid-customerId", "CRM/Bid", "M1", "", R"({"amount":1})",
                   vitec::connect::detail::outbox_now(), "CRM/Bid/M1", ""});
  }
  const auto report = f.outbox.drain();
  CHECK(report.sent == 1);
  CHECK(report.dead == 1);
  const auto requests = f.stand_in->requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].target.find("ViewingParticipant") != std::string::npos);
  const auto letters = f.outbox.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].operation_id == "POST-CRM-Bid-customerId");
  CHECK(letters[0].error.kind() == vc::ErrorKind::invalid_argument);
  CHECK(std::string(letters[0].error.what()).find("POST-CRM-Bid-customerId") != std::string::npos);
  CHECK(f.outbox.requeue_dead_letters() == 0);
  CHECK(f.outbox.dead_letters().size() == 1);
}

TEST_CASE("a superseded item comes back as a dead letter when the one that replaced it dies",
          "[outbox][order][dead]") {
  Fixture f;
  f.stand_in->script(si::Fault::answer(400, R"({"Message":"no"})", "application/json"));
  const auto older = f.outbox.enqueue("M1", follow_up(1, false));
  const auto newer = f.outbox.enqueue("M1", follow_up(1, true));
  auto report = f.outbox.drain();
  CHECK(report.superseded == 1);
  CHECK(report.dead == 1);
  auto letters = f.outbox.dead_letters();
  REQUIRE(letters.size() == 2);
  CHECK(letters[0].id == older);
  CHECK(letters[0].superseded);
  CHECK(letters[0].error.message() == "no");
  CHECK(letters[1].id == newer);
  CHECK_FALSE(letters[1].superseded);
  // Requeued, the newer state goes and the older one is set aside again, then forgotten.
  CHECK(f.outbox.requeue_dead_letters() == 2);
  report = f.outbox.drain();
  CHECK(report.sent == 1);
  CHECK(f.outbox.status().pending + f.outbox.status().superseded == 0);
  const auto requests = f.stand_in->requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests.back().fields.at("Participated") == "true");
}

TEST_CASE("a drain says why it deferred items, and status shows the last error and the next try",
          "[outbox][deferred]") {
  StandIn stand_in;
  ScratchDir dir;
  auto options = client_options(stand_in.base_url());
  options.retry.max_attempts = 1;
  vc::Outbox outbox(vc::Client(options), {dir.file("q.db")});
  stand_in->script(si::Fault::retry_after(503, 30)).script(si::Fault::answer(500, "oops"), 2);
  for (int n = 0; n < 3; ++n) outbox.enqueue("M1", follow_up(n));
  vc::BatchOptions one_at_a_time;
  one_at_a_time.max_in_flight = 1;
  const auto report = outbox.drain(one_at_a_time);
  CHECK(report.deferred == 3);
  REQUIRE(report.deferred_because.size() == 2);
  CHECK(report.deferred_because[0].reason == "server 503");
  CHECK(report.deferred_because[0].count == 1);
  CHECK(report.deferred_because[1].reason == "server 500");
  CHECK(report.deferred_because[1].count == 2);
  CHECK(report.deferred_because[1].last_error.status() == 500);
  const auto status = outbox.status();
  CHECK(status.pending == 3);
  REQUIRE(status.last_error);
  CHECK(status.last_error->status() == 500);
  REQUIRE(status.next_due);
  CHECK(*status.next_due <= std::chrono::system_clock::now());  // the 500s are due again now
  REQUIRE(status.oldest_enqueued_at);
}

TEST_CASE("a lease under one second is refused", "[outbox][leases]") {
  ScratchDir dir;
  const vc::Client client(client_options("http://127.0.0.1:1"));
  CHECK_THROWS_AS(vc::Outbox(client, {dir.file("q.db"), milliseconds(999)}),
                  vc::InvalidArgumentError);
  CHECK_THROWS_AS(vc::Outbox(client, {dir.file("q.db"), milliseconds(0)}),
                  vc::InvalidArgumentError);
  CHECK_NOTHROW(vc::Outbox(client, {dir.file("q.db"), milliseconds(1000)}));
}

TEST_CASE("dead letters fixed by hand go back in their place, all or none", "[outbox][dead]") {
  Fixture f;
  vc::ParticipantFollowUp no_contact;
  no_contact.viewing_id = "V1";
  const auto first = f.outbox.enqueue("M1", no_contact);
  const auto second = f.outbox.enqueue("M1", no_contact);
  CHECK(f.outbox.drain().dead == 2);
  const std::string fixed = R"({"contactId":"C5","viewingId":"V1","participated":true})";
  SECTION("a misspelt member refuses the whole lot, naming it") {
    try {
      f.outbox.requeue_dead_letters(
          {{first, "M1", fixed}, {second, "M1", R"({"contactID2":"C6","viewingId":"V1"})"}});
      FAIL("a misspelt member was requeued");
    } catch (const vc::InvalidArgumentError& e) {
      CHECK(std::string(e.what()).find("dead letter " + std::to_string(second)) !=
            std::string::npos);
      CHECK(std::string(e.what()).find("contactID2") != std::string::npos);
    }
    CHECK(f.outbox.dead_letters().size() == 2);
    CHECK(f.outbox.pending() == 0);
  }
  SECTION("fixed, they go; given again, nothing happens") {
    const std::vector<vc::DeadLetterFix> fixes{{first, "M1", fixed}, {second, "M1", fixed}};
    CHECK(f.outbox.requeue_dead_letters(fixes) == 2);
    CHECK(f.outbox.requeue_dead_letters(fixes) == 0);
    CHECK(f.outbox.dead_letters().empty());
    const auto report = f.outbox.drain();
    CHECK(report.sent == 1);  // one key: the later one supersedes the earlier
    CHECK(report.superseded == 1);
    CHECK(f.outbox.status().pending + f.outbox.status().superseded == 0);
  }
}

TEST_CASE("a 0.2 outbox file drains after the upgrade, each item to its own endpoint",
          "[outbox][files]") {
  StandIn stand_in;
  ScratchDir dir;
  const auto path = dir.file("q.db");
  {
    // The file as 0.2 left it: schema 1, WAL, one item of each endpoint.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const int code = sqlite3_exec(
        db,
        "PRAGMA journal_mode = WAL;"
        "CREATE TABLE items(id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint TEXT NOT NULL, "
        "customer_id TEXT NOT NULL, order_key TEXT, body TEXT NOT NULL, enqueued_at INTEGER "
        "NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_due INTEGER NOT "
        "NULL DEFAULT 0, lease_owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0);"
        "CREATE INDEX items_by_key ON items(order_key, id);"
        "CREATE TABLE dead_letters(id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, "
        "customer_id TEXT NOT NULL, order_key TEXT, body TEXT NOT NULL, enqueued_at INTEGER "
        "NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, died_at INTEGER NOT NULL);"
        "INSERT INTO items(endpoint, customer_id, order_key, body, enqueued_at) VALUES"
        " ('ViewingParticipant', 'M1', '[\"ViewingParticipant\",\"M1\",\"C1\",\"V1\"]',"
        "  '{\"contactId\":\"C1\",\"viewingId\":\"V1\",\"participated\":true}', 1),"
        " ('Service/Order/UserInteraction', 'M1', NULL,"
        "  '{\"id\":\"O1\",\"url\":\"https://example.com/o1\"}', 2);"
        "PRAGMA application_id = 1447251778; PRAGMA user_version = 1;",
        nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(code == SQLITE_OK);
  }
  vc::Outbox outbox(vc::Client(client_options(stand_in.base_url())), {path});
  CHECK(outbox.drain().sent == 2);
  const auto requests = stand_in->requests();
  REQUIRE(requests.size() == 2);
  std::set<std::string> paths;
  for (const auto& request : requests) paths.insert(request.path);
  CHECK(paths ==
        std::set<std::string>{"/ViewingParticipant/M1", "/Service/Order/UserInteraction/M1"});
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
