#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace std::string_literals;

namespace {

using namespace unit;

// Text every field must carry exactly, in both formats.
std::vector<std::string> nasty_strings() {
  return {
      "",
      "å ä ö Å Ä Ö é ü ß",
      "emoji 😀👍🏽 and flags 🇸🇪",
      "中文 日本語 한국어",
      "markup < > & \" ' </ContactId> <![CDATA[ ]]> &amp; &#xD;",
      "  leading and trailing spaces  ",
      " ",
      "   \t  ",
      "\t",
      "tab\tinside",
      "\n",
      "lf\nline",
      "\r",
      "cr\rline",
      "crlf\r\nline\r\n",
      "\r\n",
      "\\ backslash \\\" and {\"json\": [1]}",
      "U+FFFD \xEF\xBF\xBD and U+10FFFF \xF4\x8F\xBF\xBF",
      std::string(100000, 'x') + "å" + std::string(1000, '<'),
  };
}

// Bytes that are not UTF-8: refused by either format.
std::vector<std::string> invalid_utf8() {
  return {
      "lone continuation \x80",
      "\xBF at start",
      "overlong slash \xC0\xAF",
      "overlong nul \xC0\x80",
      "overlong three \xE0\x80\xAF",
      "surrogate \xED\xA0\x80",
      "low surrogate \xED\xBF\xBF",
      "truncated two \xC3",
      "truncated four \xF0\x9F\x98",
      "above U+10FFFF \xF4\x90\x80\x80",
      "invalid lead \xF8\x88\x80\x80\x80",
      "\xFF",
  };
}

// Valid UTF-8 that XML 1.0 cannot carry at all.
std::vector<std::string> not_xml_chars() {
  return {
      "soh \x01",
      "unit separator \x1F",
      "nul\0inside"s,
      "\0"s,
      "escape \x1B[31m",
      "vertical tab \v form feed \f",
      "U+FFFE \xEF\xBF\xBE",
      "U+FFFF \xEF\xBF\xBF",
  };
}

vc::ParticipantFollowUp follow_up_with(const std::string& text) {
  vc::ParticipantFollowUp v;
  v.contact_id = text;
  v.viewing_id = text + "v";
  v.participated = true;
  v.contacted = vc::Contacted(text + "c");
  return v;
}

vc::OrderUserInteractionRequest order_with(const std::string& text) {
  vc::OrderUserInteractionRequest v;
  v.id = text;
  v.comment = "c" + text;
  return v;
}

}  // namespace

TEST_CASE("Strings round-trip exactly through both formats", "[codec][strings]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  for (const auto& text : nasty_strings()) {
    CAPTURE(format == vc::Format::json ? "json" : "xml", text.size());
    const auto follow_up = follow_up_with(text);
    CHECK(vc::deserialize<vc::ParticipantFollowUp>(vc::serialize(follow_up, format), format) ==
          follow_up);
    const auto order = order_with(text);
    CHECK(vc::deserialize<vc::OrderUserInteractionRequest>(vc::serialize(order, format), format) ==
          order);
  }
}

TEST_CASE("Each field is checked, not only the first", "[codec][strings]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  const std::string bad = "\xC3";
  vc::ParticipantFollowUp follow_up;
  follow_up.viewing_id = bad;
  CHECK_THROWS_AS(vc::serialize(follow_up, format), vc::InvalidArgumentError);
  follow_up.viewing_id.reset();
  follow_up.contacted = vc::Contacted(bad);
  CHECK_THROWS_AS(vc::serialize(follow_up, format), vc::InvalidArgumentError);

  vc::OrderUserInteractionRequest order;
  order.url = "https://example.test/" + bad;
  CHECK_THROWS_AS(vc::serialize(order, format), vc::InvalidArgumentError);
  order.url.reset();
  order.comment = bad;
  CHECK_THROWS_AS(vc::serialize(order, format), vc::InvalidArgumentError);
}

TEST_CASE("Invalid UTF-8 is refused in both formats", "[codec][strings]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  for (const auto& text : invalid_utf8()) {
    CAPTURE(format == vc::Format::json ? "json" : "xml", text.size());
    CHECK_THROWS_AS(vc::serialize(follow_up_with(text), format), vc::InvalidArgumentError);
    CHECK_THROWS_AS(vc::serialize(order_with(text), format), vc::InvalidArgumentError);
  }
}

TEST_CASE("Characters XML 1.0 cannot carry are refused in XML", "[codec][strings][xml]") {
  for (const auto& text : not_xml_chars()) {
    CAPTURE(text.size());
    CHECK_THROWS_AS(vc::serialize(follow_up_with(text), vc::Format::xml), vc::InvalidArgumentError);
    CHECK_THROWS_AS(vc::serialize(order_with(text), vc::Format::xml), vc::InvalidArgumentError);
  }
}

TEST_CASE("JSON carries what XML cannot, escaped, and gets it back", "[codec][strings][json]") {
  for (const auto& text : not_xml_chars()) {
    CAPTURE(text.size());
    const auto follow_up = follow_up_with(text);
    CHECK(vc::deserialize<vc::ParticipantFollowUp>(vc::serialize(follow_up, vc::Format::json),
                                                   vc::Format::json) == follow_up);
  }
}

TEST_CASE("A refused value sends nothing and try_ returns invalid_argument", "[client][strings]") {
  const auto format = GENERATE(vc::Format::json, vc::Format::xml);
  std::vector<std::string> refused = invalid_utf8();
  if (format == vc::Format::xml) {
    for (const auto& text : not_xml_chars()) refused.push_back(text);
  }
  for (const auto& text : refused) {
    CAPTURE(format == vc::Format::json ? "json" : "xml", text.size());
    harness h(format);
    auto client = h.client();

    const auto follow_up = client.try_update_viewing_participant("c1", follow_up_with(text));
    REQUIRE_FALSE(follow_up.ok());
    CHECK(follow_up.error().kind() == vc::ErrorKind::invalid_argument);
    CHECK(follow_up.error().attempts() == 0);
    CHECK_THROWS_AS(follow_up.value(), vc::InvalidArgumentError);

    const auto order = client.try_request_order_user_interaction("c1", order_with(text));
    REQUIRE_FALSE(order.ok());
    CHECK(order.error().kind() == vc::ErrorKind::invalid_argument);

    CHECK_THROWS_AS(client.update_viewing_participant("c1", follow_up_with(text)),
                    vc::InvalidArgumentError);
    CHECK_THROWS_AS(client.request_order_user_interaction("c1", order_with(text)),
                    vc::InvalidArgumentError);
    CHECK(h.fake->requests().empty());
  }
}

TEST_CASE("JSON client sends control characters that XML would refuse", "[client][strings]") {
  harness h(vc::Format::json);
  h.fake->respond(200, "true");
  const auto follow_up = follow_up_with("soh \x01");
  CHECK(h.client().update_viewing_participant("c1", follow_up));
  REQUIRE(h.fake->requests().size() == 1);
  CHECK(vc::deserialize<vc::ParticipantFollowUp>(h.fake->requests()[0].body, vc::Format::json) ==
        follow_up);
}
