// The read cache over real loopback HTTP: hits served without a request, writes dropping what
// they make stale, stale answers through an outage, accounts kept apart, time to live per
// operation, conditional requests, and least-recently-used eviction.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <vitec/connect.hpp>

#include "cache_server.hpp"

namespace {

namespace vc = vitec::connect;
using cache_test::CacheServer;
using cache_test::follow_ups;

constexpr const char* get_id = "GET-ViewingParticipant-customerId-contactId-viewingId";

std::shared_ptr<vc::ReadCache> memory_cache(vc::ReadCacheOptions options = {}) {
  return std::make_shared<vc::ReadCache>(std::move(options));
}

std::string slot_of(const vc::Result<std::vector<vc::ParticipantFollowUp>>& result) {
  return result.value().at(0).time_slot_id.value_or("");
}

}  // namespace

TEST_CASE("a second read is served from the cache without a request", "[cache]") {
  CacheServer server;
  server.answer(follow_ups("first"));
  vc::Client client(server.options(memory_cache()));
  const auto first = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(first.cache() == vc::CacheUse::none);
  CHECK(slot_of(first) == "first");
  server.answer(follow_ups("second"));
  const auto again = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(again.cache() == vc::CacheUse::fresh);
  CHECK(slot_of(again) == "first");
  CHECK(server.gets() == 1);
  // Other arguments are another entry.
  CHECK(client.try_get_viewing_participant("C1", "K1", "V2").cache() == vc::CacheUse::none);
  CHECK(server.gets() == 2);
}

TEST_CASE("a write through the client drops the reads it makes stale", "[cache]") {
  CacheServer server;
  server.answer(follow_ups("before"));
  vc::Client client(server.options(memory_cache()));
  (void)client.get_viewing_participant("C1", "K1", "V1");
  (void)client.get_viewing_participant("C2", "K1", "V1");  // another customer: kept
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "K1";
  follow_up.viewing_id = "V1";
  follow_up.participated = true;
  server.answer(follow_ups("after"));
  CHECK(client.update_viewing_participant("C1", follow_up));
  const auto read_back = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(read_back.cache() == vc::CacheUse::none);
  CHECK(slot_of(read_back) == "after");
  CHECK(client.try_get_viewing_participant("C2", "K1", "V1").cache() == vc::CacheUse::fresh);
  CHECK(server.gets() == 3);

  SECTION("the bulk form drops them too") {
    (void)client.get_viewing_participant("C1", "K1", "V1");
    server.answer(follow_ups("bulk"));
    const auto results = client.update_viewing_participants("C1", {follow_up, follow_up});
    CHECK(results.size() == 2);
    CHECK(slot_of(client.try_get_viewing_participant("C1", "K1", "V1")) == "bulk");
  }
}

TEST_CASE("a write to any path drops every cached read of its customer", "[cache]") {
  CacheServer server;
  server.answer(follow_ups("before"));
  vc::Client client(server.options(memory_cache()));
  (void)client.get_viewing_participant("C1", "K1", "V1");
  (void)client.get_viewing_participant("C2", "K1", "V1");
  server.answer(follow_ups("after"));
  // Service/Order/... shares no segment with ViewingParticipant/...: the customer is what counts.
  vc::OrderUserInteractionRequest interaction;
  interaction.id = "O1";
  CHECK(client.request_order_user_interaction("C1", interaction));
  CHECK(server.puts() == 1);
  const auto read_back = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(read_back.cache() == vc::CacheUse::none);
  CHECK(slot_of(read_back) == "after");
  CHECK(client.try_get_viewing_participant("C2", "K1", "V1").cache() == vc::CacheUse::fresh);
  CHECK(server.gets() == 3);
}

TEST_CASE("a stale answer is served through an outage, and said to be", "[cache]") {
  auto server = std::make_unique<CacheServer>();
  server->answer(follow_ups("kept"));
  vc::ReadCacheOptions options;
  options.time_to_live = std::chrono::seconds(0);

  SECTION("the server answers 503") {
    vc::Client client(server->options(memory_cache(options)));
    (void)client.get_viewing_participant("C1", "K1", "V1");
    server->answer("down", 503);
    const auto stale = client.try_get_viewing_participant("C1", "K1", "V1");
    CHECK(stale.cache() == vc::CacheUse::stale);
    CHECK(slot_of(stale) == "kept");
    CHECK(server->gets() == 3);  // it asked, with the retry
  }
  SECTION("the server is gone") {
    vc::Client client(server->options(memory_cache(options)));
    (void)client.get_viewing_participant("C1", "K1", "V1");
    server->stop();
    const auto stale = client.try_get_viewing_participant("C1", "K1", "V1");
    CHECK(stale.cache() == vc::CacheUse::stale);
    CHECK(slot_of(stale) == "kept");
  }
  SECTION("not with serve_stale_on_error = false") {
    options.serve_stale_on_error = false;
    vc::Client client(server->options(memory_cache(options)));
    (void)client.get_viewing_participant("C1", "K1", "V1");
    server->answer("down", 503);
    const auto failed = client.try_get_viewing_participant("C1", "K1", "V1");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind() == vc::ErrorKind::server);
    CHECK(failed.cache() == vc::CacheUse::none);
  }
  SECTION("not for a 404: the server said it is gone") {
    vc::Client client(server->options(memory_cache(options)));
    (void)client.get_viewing_participant("C1", "K1", "V1");
    server->answer("", 404);
    CHECK(client.try_get_viewing_participant("C1", "K1", "V1").error().kind() ==
          vc::ErrorKind::not_found);
  }
}

TEST_CASE("two accounts never share an entry", "[cache]") {
  CacheServer server;
  const auto cache = memory_cache();
  vc::Client alice(server.options(cache, "alice"));
  vc::Client bob(server.options(cache, "bob"));
  server.answer(follow_ups("alice's"));
  CHECK(slot_of(alice.try_get_viewing_participant("C1", "K1", "V1")) == "alice's");
  server.answer(follow_ups("bob's"));
  const auto for_bob = bob.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(for_bob.cache() == vc::CacheUse::none);
  CHECK(slot_of(for_bob) == "bob's");
  CHECK(slot_of(alice.try_get_viewing_participant("C1", "K1", "V1")) == "alice's");
  CHECK(server.gets() == 2);
}

TEST_CASE("a time to live of 0 for an operation asks every time", "[cache]") {
  CacheServer server;
  vc::ReadCacheOptions options;
  options.time_to_live_for[get_id] = std::chrono::seconds(0);
  vc::Client client(server.options(memory_cache(options)));
  server.answer(follow_ups("one"));
  (void)client.get_viewing_participant("C1", "K1", "V1");
  server.answer(follow_ups("two"));
  const auto again = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(again.cache() == vc::CacheUse::none);
  CHECK(slot_of(again) == "two");
  CHECK(server.gets() == 2);
}

TEST_CASE("an answer with an ETag is revalidated with If-None-Match, a 304 serving the entry",
          "[cache]") {
  CacheServer server;
  vc::ReadCacheOptions options;
  options.time_to_live = std::chrono::seconds(0);
  vc::Client client(server.options(memory_cache(options)));
  server.etag("\"v1\"");
  server.answer(follow_ups("tagged"));
  (void)client.get_viewing_participant("C1", "K1", "V1");
  server.answer(follow_ups("not sent: 304"));
  const auto revalidated = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(revalidated.cache() == vc::CacheUse::fresh);
  CHECK(slot_of(revalidated) == "tagged");
  server.etag("\"v2\"");
  const auto changed = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(changed.cache() == vc::CacheUse::none);
  CHECK(slot_of(changed) == "not sent: 304");
  CHECK(server.if_none_match() == std::vector<std::string>{"", "\"v1\"", "\"v1\""});
}

TEST_CASE("past max_bytes the least recently used entry goes first", "[cache]") {
  CacheServer server;
  const std::string filler(800, 'x');
  server.answer(follow_ups(filler));
  vc::ReadCacheOptions options;
  options.max_bytes = 2500;  // room for two entries of about 1100 bytes, not three
  const auto cache = memory_cache(options);
  vc::Client client(server.options(cache));
  (void)client.get_viewing_participant("C1", "K1", "A");
  (void)client.get_viewing_participant("C1", "K1", "B");
  CHECK(client.try_get_viewing_participant("C1", "K1", "A").cache() == vc::CacheUse::fresh);
  (void)client.get_viewing_participant("C1", "K1", "C");  // evicts B, used least recently
  CHECK(cache->bytes() <= options.max_bytes);
  CHECK(client.try_get_viewing_participant("C1", "K1", "A").cache() == vc::CacheUse::fresh);
  CHECK(client.try_get_viewing_participant("C1", "K1", "B").cache() == vc::CacheUse::none);
}

TEST_CASE("drop() and clear() forget entries", "[cache]") {
  CacheServer server;
  server.answer(follow_ups("x"));
  const auto cache = memory_cache();
  vc::Client client(server.options(cache));
  (void)client.get_viewing_participant("C1", "K1", "V1");
  (void)client.get_viewing_participant("C1", "K1", "V2");
  cache->drop(get_id, server.options(nullptr).base_url + "/ViewingParticipant/C1/K1/V1");
  CHECK(client.try_get_viewing_participant("C1", "K1", "V1").cache() == vc::CacheUse::none);
  CHECK(client.try_get_viewing_participant("C1", "K1", "V2").cache() == vc::CacheUse::fresh);
  cache->drop(get_id);
  CHECK(client.try_get_viewing_participant("C1", "K1", "V2").cache() == vc::CacheUse::none);
  cache->clear();
  CHECK(cache->bytes() == 0);
  CHECK(client.try_get_viewing_participant("C1", "K1", "V1").cache() == vc::CacheUse::none);
}

TEST_CASE("eight threads read through one cache at once", "[cache][concurrency]") {
  CacheServer server;
  server.answer(follow_ups("shared"));
  const auto cache = memory_cache();
  vc::Client client(server.options(cache));
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const auto viewing = "V" + std::to_string((t + i) % 4);
        const auto result = client.try_get_viewing_participant("C1", "K1", viewing);
        if (!result.ok() || slot_of(result) != "shared") ++wrong;
        if (i % 10 == 0) cache->drop(get_id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == 0);
  CHECK(server.gets() < 8 * 50);
}
