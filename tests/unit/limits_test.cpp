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

}  // namespace

TEST_CASE("value() on an rvalue Result moves the value out instead of copying it", "[result]") {
  STATIC_REQUIRE(
      std::is_same_v<decltype(std::declval<vc::Result<copy_counted>>().value()), copy_counted>);
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

TEST_CASE("A list read through a temporary Result can be iterated directly", "[result]") {
  harness h;
  h.fake->respond(200, R"([{"id":"E1","status":"Error"},{"id":"E2"}])");
  std::vector<std::string> ids;
  // value() of the temporary returns the list by value, so the loop does not read a destroyed
  // Result (AddressSanitizer would report it if it did).
  for (const auto& order : h.client().try_list_orders("c1").value()) ids.push_back(*order.id);
  CHECK(ids == std::vector<std::string>{"E1", "E2"});

  h.fake->respond(404, "gone");
  CHECK_THROWS_AS(h.client().list_orders("c1"), vc::HttpError);
}
