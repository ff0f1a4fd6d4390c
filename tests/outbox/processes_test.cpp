// Several processes on one outbox file: a drain SIGKILLed mid-run, and two drains at once.

#include <stdlib.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vitec/connect/outbox.hpp>

#include "child_process.hpp"
#include "outbox_support.hpp"

namespace {

using namespace outbox_test;
using std::chrono::milliseconds;

integration::ChildProcess drainer(const std::string& db, const StandIn& stand_in,
                                  milliseconds lease, int in_flight) {
  ::setenv("VITEC_OUTBOX_TEST_PASSWORD", integration::password.c_str(), 1);
  return integration::ChildProcess({VITEC_CONNECT_OUTBOX_DRAINER, db, stand_in.base_url(),
                                    std::to_string(lease.count()), std::to_string(in_flight)});
}

pid_t pid_of(integration::ChildProcess& child) {
  REQUIRE(child.wait_for("pid "));
  std::smatch match;
  REQUIRE(std::regex_search(child.out(), match, std::regex("pid ([0-9]+)")));
  return static_cast<pid_t>(std::stol(match[1]));
}

std::size_t sent_in(const std::string& out) {
  std::smatch match;
  REQUIRE(std::regex_search(out, match, std::regex("report sent=([0-9]+)")));
  return std::stoul(match[1]);
}

/// Drains until nothing is pending (leases running out meanwhile); false after 10 s.
bool drain_until_empty(vc::Outbox& outbox) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (outbox.pending() > 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    outbox.drain();
    std::this_thread::sleep_for(milliseconds(50));
  }
  return true;
}

}  // namespace

TEST_CASE("a drain killed mid-run loses nothing, and only what was in flight goes twice",
          "[outbox][processes]") {
  StandIn stand_in;
  ScratchDir dir;
  const auto db = dir.file("q.db");
  vc::Outbox outbox(vc::Client(client_options(stand_in.base_url())), {db});
  constexpr int items = 20, in_flight = 4, answered_first = 8;
  for (int n = 0; n < items; ++n) outbox.enqueue("M1", follow_up(n));
  // Eight answers, then the server hangs: the child is killed with four requests in flight.
  stand_in->script(si::Fault::stall(milliseconds(0)), answered_first)
      .script(si::Fault::stall(std::chrono::seconds(60)), in_flight);
  auto child = drainer(db, stand_in, milliseconds(1500), in_flight);
  REQUIRE(child.wait_for("done " + std::to_string(answered_first)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (stand_in->requests().size() < answered_first + in_flight &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  REQUIRE(stand_in->requests().size() == answered_first + in_flight);
  REQUIRE(::kill(pid_of(child), SIGKILL) == 0);
  CHECK(child.finish(false) == -1);
  CHECK(outbox.pending() == items - answered_first);
  REQUIRE(drain_until_empty(outbox));
  const auto counts = requests_per_contact(*stand_in);
  CHECK(counts.size() == items);  // nothing lost
  int duplicates = 0;
  for (const auto& [contact, times] : counts) duplicates += times - 1;
  CHECK(duplicates <= in_flight);
}

TEST_CASE("two processes draining one file at once send each item once", "[outbox][processes]") {
  StandIn stand_in;
  ScratchDir dir;
  const auto db = dir.file("q.db");
  vc::Outbox outbox(vc::Client(client_options(stand_in.base_url())), {db});
  constexpr int items = 300;
  for (int n = 0; n < items; ++n) outbox.enqueue("M1", follow_up(n));
  // Slow answers keep both drains busy at the same time.
  stand_in->script(si::Fault::stall(milliseconds(20)), items);
  auto first = drainer(db, stand_in, std::chrono::seconds(60), 8);
  auto second = drainer(db, stand_in, std::chrono::seconds(60), 8);
  REQUIRE(first.finish(false) == 0);
  REQUIRE(second.finish(false) == 0);
  const auto by_first = sent_in(first.out()), by_second = sent_in(second.out());
  INFO("first sent " << by_first << ", second " << by_second);
  CHECK(by_first + by_second == items);
  CHECK(outbox.pending() == 0);
  const auto counts = requests_per_contact(*stand_in);
  CHECK(counts.size() == items);
  for (const auto& [contact, times] : counts) CHECK(times == 1);
}

TEST_CASE("two drains with a lease shorter than one answer: no item goes twice",
          "[outbox][processes][leases]") {
  StandIn stand_in;
  ScratchDir dir;
  const auto db = dir.file("q.db");
  vc::Outbox outbox(vc::Client(client_options(stand_in.base_url())), {db});
  constexpr int items = 8;
  for (int n = 0; n < items; ++n) outbox.enqueue("M1", follow_up(n));
  // Each answer takes 2.5 lease lengths; a drain holds twice what it has in flight, so items
  // also wait out several leases in a claimed chunk before they are sent.
  stand_in->script(si::Fault::stall(milliseconds(2500)), items);
  auto first = drainer(db, stand_in, milliseconds(1000), 2);
  auto second = drainer(db, stand_in, milliseconds(1000), 2);
  REQUIRE(first.finish(false) == 0);
  REQUIRE(second.finish(false) == 0);
  const auto by_first = sent_in(first.out()), by_second = sent_in(second.out());
  INFO("first sent " << by_first << ", second " << by_second);
  CHECK(by_first + by_second == items);
  CHECK(outbox.pending() == 0);
  const auto counts = requests_per_contact(*stand_in);
  CHECK(counts.size() == items);
  for (const auto& [contact, times] : counts) CHECK(times == 1);
  CHECK(stand_in->requests().size() == items);
}
