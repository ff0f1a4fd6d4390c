// The read cache through the generated surface: api::try_call by operation id and an area
// client, over real loopback HTTP. Its own program, as it includes <vitec/connect/api/all.hpp>.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <vitec/connect.hpp>
#include <vitec/connect/api/all.hpp>

#include "cache_server.hpp"

namespace {

namespace vc = vitec::connect;
using cache_test::CacheServer;

constexpr const char* get_bid_id = "GET-CRM-Bid-customerId-id";

vc::api::Arguments bid(const std::string& customer, const std::string& id) {
  vc::api::Arguments arguments;
  arguments.path = {{"customerId", customer}, {"id", id}};
  return arguments;
}

vc::api::crm::GetBidParams bid_params(const std::string& customer, const std::string& id) {
  vc::api::crm::GetBidParams params;
  params.customer_id = customer;
  params.id = id;
  return params;
}

}  // namespace

TEST_CASE("a read by operation id says it was served from the cache", "[cache]") {
  CacheServer server;
  server.answer(R"({"id":"B1"})");
  vc::Client client(server.options(std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{})));
  const auto first = vc::api::try_call(client, get_bid_id, bid("C1", "B1"));
  REQUIRE(first.ok());
  CHECK(first.cache() == vc::CacheUse::none);
  const auto again = vc::api::try_call(client, get_bid_id, bid("C1", "B1"));
  REQUIRE(again.ok());
  CHECK(again.cache() == vc::CacheUse::fresh);
  CHECK(again.value().at("id") == "B1");
  CHECK(server.gets() == 1);
}

TEST_CASE("an area client's reads are cached and its writes drop them", "[cache]") {
  CacheServer server;
  server.answer(R"({"id":"B2"})");
  vc::Client client(server.options(std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{})));
  const vc::api::CrmClient crm(client);
  CHECK(crm.try_get_bid(bid_params("C1", "B2")).cache() == vc::CacheUse::none);
  const auto again = crm.try_get_bid(bid_params("C1", "B2"));
  CHECK(again.cache() == vc::CacheUse::fresh);
  CHECK(again.value().id == "B2");
  // The same entry, whichever surface reads it.
  CHECK(vc::api::try_call(client, get_bid_id, bid("C1", "B2")).cache() == vc::CacheUse::fresh);
  CHECK(server.gets() == 1);

  vc::api::crm::DeleteBidParams gone;
  gone.customer_id = "C1";
  gone.id = "B2";
  CHECK(crm.delete_bid(gone));
  CHECK(server.other_writes() == 1);
  CHECK(crm.try_get_bid(bid_params("C1", "B2")).cache() == vc::CacheUse::none);
  CHECK(server.gets() == 2);
}

TEST_CASE("a write that names no customer drops every cached read of the base URL", "[cache]") {
  CacheServer server;
  server.answer(R"({"id":"B3"})");
  vc::Client client(server.options(std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{})));
  (void)vc::api::call(client, get_bid_id, bid("C1", "B3"));
  (void)vc::api::call(client, get_bid_id, bid("C2", "B3"));
  CHECK(vc::api::try_call(client, get_bid_id, bid("C1", "B3")).cache() == vc::CacheUse::fresh);
  CHECK(server.gets() == 2);

  vc::api::Arguments slot;
  slot.path = {{"viewingId", "V1"}, {"timeSlotId", "T1"}};
  REQUIRE(vc::api::try_call(client, "POST-Viewing-viewingId-timeSlotId-Participant", slot).ok());
  CHECK(server.other_writes() == 1);
  CHECK(vc::api::try_call(client, get_bid_id, bid("C1", "B3")).cache() == vc::CacheUse::none);
  CHECK(vc::api::try_call(client, get_bid_id, bid("C2", "B3")).cache() == vc::CacheUse::none);
  CHECK(server.gets() == 4);
}
