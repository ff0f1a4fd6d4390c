#include <catch2/catch.hpp>

#include <vitec/connect/detail/order_query.hpp>

#include <string>

#include "support.hpp"

namespace {

using namespace unit;
using vc::detail::order_query_string;

}  // namespace

TEST_CASE("OrderQuery gives the docs' sample query string", "[order_query]") {
  // From GET_Service_Order: ?TargetId=StringValue&MaxValue=2015-01-01T12:00:00
  //                         &MinValue=2015-01-01T12:00:00&Status=Error
  vc::OrderQuery query;
  query.target_id = "StringValue";
  query.created_from = vc::DateTime::parse("2015-01-01T12:00:00");
  query.created_to = vc::DateTime::parse("2015-01-01T12:00:00");
  query.status = vc::OrderEntryStatus::error;
  CHECK(order_query_string(query) ==
        "TargetId=StringValue&MaxValue=2015-01-01T12:00:00&MinValue=2015-01-01T12:00:00"
        "&Status=Error");
}

TEST_CASE("OrderQuery leaves absent filters out", "[order_query]") {
  CHECK(order_query_string({}).empty());
  vc::OrderQuery query;
  query.status = vc::OrderEntryStatus("Levererad");
  CHECK(order_query_string(query) == "Status=Levererad");
  query.status.reset();
  query.created_from = vc::DateTime::parse("2024-01-01T00:00:00Z");
  CHECK(order_query_string(query) == "MinValue=2024-01-01T00:00:00Z");
}

TEST_CASE("OrderQuery percent-encodes every value", "[order_query]") {
  vc::OrderQuery query;
  query.target_id = "a&b=c #d/e+f?å%";
  query.created_to = vc::DateTime::parse("2024-11-21T11:06:18.8765301+01:00");
  query.status = vc::OrderEntryStatus("Ny status");
  CHECK(order_query_string(query) ==
        "TargetId=a%26b%3Dc%20%23d%2Fe%2Bf%3F%C3%A5%25"
        "&MaxValue=2024-11-21T11:06:18.8765301%2B01:00&Status=Ny%20status");
}

TEST_CASE("OrderQuery refuses an empty or non-UTF-8 filter before anything is sent",
          "[order_query]") {
  vc::OrderQuery query;
  query.target_id = "";
  CHECK_THROWS_WITH(order_query_string(query), Catch::Contains("OrderQuery.targetId is empty"));
  query.target_id = "\xFF";
  CHECK_THROWS_WITH(order_query_string(query), Catch::Contains("OrderQuery.targetId is not valid"));
  query.target_id.reset();
  query.status = vc::OrderEntryStatus("");
  CHECK_THROWS_AS(order_query_string(query), vc::InvalidArgumentError);
}
