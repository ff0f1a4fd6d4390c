// What the documented samples do not show: Decimal's exact text, integers out of range, base64
// bytes, flags enums, unknown enum names, a model of 33 members, a model holding a list of
// itself, unknown and null members, and XML refused for a model without a namespace.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <vitec/connect/api/all_models.hpp>
#include <vitec/connect/models.hpp>

namespace probe {

namespace vc = vitec::connect;

// A model the description lacks: every kind of member at once, and a list of itself.
struct Probe {
  std::optional<std::int64_t> count;
  std::optional<vc::Decimal> price;
  std::optional<vc::api::EstateStatusFlags> status;
  std::optional<vc::api::ContactType> kind;
  std::vector<std::uint8_t> data;
  std::vector<Probe> children;
  std::vector<std::vector<vc::Decimal>> ring;
  std::optional<vc::DateTime> at;
  std::string label;  // required: always written

  template <class = void>
  friend bool operator==(const Probe& a, const Probe& b) {
    return vc::detail::fields_equal(a, b);
  }
};

}  // namespace probe

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {
template <>
struct contract<probe::Probe> {
  static constexpr bool generated = true;
  static constexpr const char* name = "Probe";
  static constexpr const char* xml_namespace = nullptr;
  static constexpr const char* other_xml_namespace = nullptr;
  template <class M = probe::Probe>
  static constexpr auto fields() {
    return table(member(&M::count, "count", "Count"), member(&M::price, "price", "Price"),
                 member(&M::status, "status", "Status"), member(&M::kind, "kind", "Kind"),
                 member(&M::data, "data", "Data"), member(&M::children, "children", "Children"),
                 member(&M::ring, "ring", "Ring"), member(&M::at, "at", "At"),
                 member(&M::label, "label", "Label"));
  }
};
}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect

namespace {

namespace vc = vitec::connect;
using probe::Probe;

Probe read(const std::string& text) { return vc::deserialize<Probe>(text, vc::Format::json); }
std::string write(const Probe& v) { return vc::serialize(v, vc::Format::json); }

TEST_CASE("Decimal keeps the number's text and compares by value", "[generated]") {
  CHECK(vc::Decimal("1.50").to_string() == "1.50");
  CHECK(vc::Decimal("1.50") == vc::Decimal("1.5"));
  CHECK(vc::Decimal("15E-1") == vc::Decimal("1.5"));
  CHECK(vc::Decimal("100") == vc::Decimal("1e2"));
  CHECK(vc::Decimal("0.000") == vc::Decimal("-0"));
  CHECK(vc::Decimal("-2.5") != vc::Decimal("2.5"));
  CHECK(vc::Decimal("12345678901234567890.123456789").to_string() ==
        "12345678901234567890.123456789");
  CHECK(vc::Decimal(std::int64_t{-42}).to_string() == "-42");
  CHECK(vc::Decimal("2.25").to_double() == 2.25);
  for (const char* bad : {"", "1.", ".5", "+1", "01", "1e", "1,5", " 1", "abc", "--1", "1e+"}) {
    INFO(bad);
    CHECK_THROWS_AS(vc::Decimal(bad), vc::InvalidArgumentError);
  }
}

TEST_CASE("a decimal member is written as the text it was read from", "[generated]") {
  const auto v = read(R"({"price":1234567890123456789.10,"ring":[[1.0,2],[0.1]],"label":"x"})");
  CHECK(v.price->to_string() == "1234567890123456789.10");
  CHECK(write(v) == R"({"price":1234567890123456789.10,"ring":[[1.0,2],[0.1]],"label":"x"})");
  CHECK_THROWS_WITH(read(R"({"price":"1.5"})"), Catch::Contains("Probe.price"));
}

TEST_CASE("an integer member refuses a fraction or a value beyond int64, naming it",
          "[generated]") {
  CHECK(read(R"({"count":-9223372036854775808})").count == INT64_MIN);
  for (const char* bad : {R"({"count":1.5})", R"({"count":9223372036854775808})",
                          R"({"count":1e3})", R"({"count":"3"})"}) {
    INFO(bad);
    CHECK_THROWS_AS(read(bad), vc::ProtocolError);
    CHECK_THROWS_WITH(read(bad), Catch::Contains("Probe.count"));
  }
}

TEST_CASE("bytes go as base64 and damaged base64 is refused", "[generated]") {
  Probe v;
  v.data = {0x00, 0xFF, 0x10, 'a'};
  v.label = "x";
  CHECK(write(v) == R"({"data":"AP8QYQ==","label":"x"})");
  CHECK(read(write(v)) == v);
  CHECK(read(R"({"data":"YWJj"})").data == std::vector<std::uint8_t>{'a', 'b', 'c'});
  CHECK_THROWS_WITH(read(R"({"data":"AP8QYQ="})"), Catch::Contains("Probe.data"));
  CHECK_THROWS_WITH(read(R"({"data":"A=8QYQ=="})"), Catch::Contains("Probe.data"));
}

TEST_CASE("a flags enum holds several names, written as .NET writes them", "[generated]") {
  using Flags = vc::api::EstateStatusFlags;
  Probe v;
  v.status = Flags::for_sale | Flags::sold;
  CHECK(write(v) == R"({"status":"ForSale, Sold","label":""})");
  const auto back = read(R"({"status":"Sold,ForSale,  Auctioned"})");
  CHECK(back.status->has("Sold"));
  CHECK(back.status->has("Auctioned"));  // a name the API added later is kept
  CHECK(back.status->names().size() == 3);
  CHECK(Flags(std::vector<std::string>{"Sold", "ForSale"}) == *v.status);
  CHECK_THROWS_AS(read(R"({"status":"Sold,,ForSale"})"), vc::ProtocolError);
}

TEST_CASE("an unknown enum name is kept and sent back", "[generated]") {
  const auto v = read(R"({"kind":"Cooperative","label":"x"})");
  CHECK(v.kind->name() == "Cooperative");
  CHECK(v.kind != vc::api::ContactType::person);
  CHECK(write(v) == R"({"kind":"Cooperative","label":"x"})");
  CHECK(read(R"({"kind":"Person"})").kind == vc::api::ContactType::person);
}

TEST_CASE("reading skips unknown members, takes null as absent, any order and case",
          "[generated]") {
  const auto v = read(
      R"({"unknown":{"deep":[1,2]},"LABEL":"x","Count":3,"price":null,"children":[null,{"label":"c"}]})");
  CHECK(v.label == "x");
  CHECK(v.count == 3);
  CHECK(!v.price);
  REQUIRE(v.children.size() == 1);  // a model holding a list of itself
  CHECK(v.children[0].label == "c");
  CHECK(write(v) == R"({"count":3,"children":[{"label":"c"}],"label":"x"})");
  CHECK_THROWS_AS(read("[]"), vc::ProtocolError);
  CHECK_THROWS_AS(read("{"), vc::ProtocolError);
  CHECK_THROWS_WITH(read(R"({"children":[{"count":"x"}]})"), Catch::Contains("Probe.count"));
}

TEST_CASE("a model of 33 members reads each member by name", "[generated]") {
  const std::string text =
      R"({"id":"E1","referenceId":"R1","primaryAgentId":"A1","changedAt":"2026-01-15T09:30:00",)"
      R"("secondaryAgentId":"A2","projectId":"P1"})";
  const auto v = vc::deserialize<vc::api::AdvertisingEstate>(text, vc::Format::json);
  CHECK(vc::detail::field_count<vc::api::AdvertisingEstate> == 33);
  CHECK(v.id == "E1");
  CHECK(v.secondary_agent_id == "A2");
  CHECK(v.changed_at->to_string() == "2026-01-15T09:30:00");
  CHECK(vc::serialize(v, vc::Format::json) ==
        R"({"id":"E1","referenceId":"R1","primaryAgentId":"A1","secondaryAgentId":"A2",)"
        R"("projectId":"P1","changedAt":"2026-01-15T09:30:00"})");
}

TEST_CASE("a generated model without an XML namespace is refused in XML, named", "[generated]") {
  vc::api::ImageData image;
  image.name = "front";
  CHECK_THROWS_AS(vc::serialize(image, vc::Format::xml), vc::InvalidArgumentError);
  CHECK_THROWS_WITH(vc::serialize(image, vc::Format::xml), Catch::Contains("ImageData"));
  CHECK_THROWS_AS(vc::deserialize<vc::api::ImageData>("<ImageData/>", vc::Format::xml),
                  vc::InvalidArgumentError);
  CHECK(vc::serialize(image, vc::Format::json) == R"({"name":"front"})");
}

TEST_CASE("an empty name is refused before sending", "[generated]") {
  Probe v;
  v.kind = vc::api::ContactType(std::string());
  CHECK_THROWS_WITH(write(v), Catch::Contains("Probe.kind"));
  v.kind.reset();
  v.status = vc::api::EstateStatusFlags(std::vector<std::string>{});
  CHECK_THROWS_WITH(write(v), Catch::Contains("Probe.status"));
}

}  // namespace
