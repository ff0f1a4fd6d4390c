// A drain over loopback HTTP drops the Client's cached reads of what it wrote, as the Client's
// own writes do, whatever the write's outcome.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vitec/connect/api/crm.hpp>
#include <vitec/connect/outbox.hpp>

#include "recording_server.hpp"
#include "scratch_dir.hpp"

namespace {

namespace vc = vitec::connect;
namespace api = vc::api;
using outbox_test::RecordingServer;
using outbox_test::ScratchDir;

std::string follow_ups(const std::string& slot) {
  return R"([{"contactId":"K1","viewingId":"V1","participated":true,"timeSlotId":")" + slot +
         R"("}])";
}

vc::ParticipantFollowUp follow_up() {
  vc::ParticipantFollowUp written;
  written.contact_id = "K1";
  written.viewing_id = "V1";
  written.participated = true;
  return written;
}

std::string slot_of(const vc::Result<std::vector<vc::ParticipantFollowUp>>& result) {
  return result.value().at(0).time_slot_id.value_or("");
}

}  // namespace

TEST_CASE("a drained follow-up drops the cached reads it makes stale, whatever its outcome",
          "[outbox][cache]") {
  const auto [write_status, write_answer] = GENERATE(table<int, std::string>(
      {{200, "true"}, {200, "false"}, {503, "down"}, {400, R"({"Message":"no"})"}}));
  INFO(write_status << " " << write_answer);
  ScratchDir dir;
  RecordingServer server(
      {{200, follow_ups("before")}, {write_status, write_answer}, {200, follow_ups("after")}});
  auto options = server.client_options();
  options.read_cache = std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{});
  vc::Client client(options);
  CHECK(slot_of(client.try_get_viewing_participant("C1", "K1", "V1")) == "before");
  REQUIRE(client.try_get_viewing_participant("C1", "K1", "V1").cache() == vc::CacheUse::fresh);
  vc::Outbox outbox(client, {dir.file("q.db")});
  outbox.enqueue("C1", follow_up());
  const auto report = outbox.drain();
  CHECK(report.sent + report.dead + report.deferred == 1);
  const auto read_back = client.try_get_viewing_participant("C1", "K1", "V1");
  CHECK(read_back.cache() == vc::CacheUse::none);
  CHECK(slot_of(read_back) == "after");
  CHECK(server.received().size() == 3);
}

TEST_CASE("a drained write held by its handle drops its customer's cached reads of its resource",
          "[outbox][cache]") {
  ScratchDir dir;
  RecordingServer server({{200, "{}"}, {200, "true"}, {200, "{}"}});
  auto options = server.client_options();
  options.read_cache = std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{});
  vc::Client client(options);
  const api::CrmClient crm(client);
  api::crm::GetBidParams read;
  read.customer_id = "M1";
  read.id = "B1";
  REQUIRE(crm.try_get_bid(read).ok());
  REQUIRE(crm.try_get_bid(read).cache() == vc::CacheUse::fresh);
  vc::Outbox outbox(client, {dir.file("q.db")});
  api::crm::DeleteBidParams written;
  written.customer_id = "M1";
  written.id = "B1";
  outbox.enqueue(api::crm::writes::delete_bid, written);
  CHECK(outbox.drain().sent == 1);
  CHECK(crm.try_get_bid(read).cache() == vc::CacheUse::none);
  CHECK(server.received().size() == 3);
}
