#include <catch2/catch.hpp>

#include <string>

#include "support.hpp"

namespace {

using namespace unit;

std::string xml_boolean(const std::string& text) {
  return "<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">" + text +
         "</boolean>";
}

}  // namespace

TEST_CASE("deserialize<bool> reads JSON true and false, whitespace around", "[boolean][json]") {
  CHECK(vc::deserialize<bool>("true", vc::Format::json));
  CHECK_FALSE(vc::deserialize<bool>("false", vc::Format::json));
  CHECK(vc::deserialize<bool>(" \r\n\ttrue\n", vc::Format::json));
  CHECK_FALSE(vc::deserialize<bool>("\n false \t", vc::Format::json));
}

TEST_CASE("deserialize<bool> reads the XML boolean with the Microsoft namespace",
          "[boolean][xml]") {
  CHECK(vc::deserialize<bool>(xml_boolean("true"), vc::Format::xml));
  CHECK_FALSE(vc::deserialize<bool>(xml_boolean("false"), vc::Format::xml));
  CHECK(vc::deserialize<bool>(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" + xml_boolean("true"), vc::Format::xml));
  // xs:boolean collapses whitespace and also spells its values 1 and 0.
  CHECK(vc::deserialize<bool>(xml_boolean(" true\n"), vc::Format::xml));
  CHECK(vc::deserialize<bool>(xml_boolean("1"), vc::Format::xml));
  CHECK_FALSE(vc::deserialize<bool>(xml_boolean("0"), vc::Format::xml));
}

TEST_CASE("deserialize<bool> reads either format whatever format was requested", "[boolean]") {
  // A server may answer XML without honouring Accept, or JSON by default.
  CHECK(vc::deserialize<bool>(xml_boolean("true"), vc::Format::json));
  CHECK_FALSE(vc::deserialize<bool>(xml_boolean("false"), vc::Format::json));
  CHECK(vc::deserialize<bool>("true", vc::Format::xml));
  CHECK_FALSE(vc::deserialize<bool>(" false\n", vc::Format::xml));
}

TEST_CASE("deserialize<bool> refuses malformed JSON with ProtocolError", "[boolean][json]") {
  const auto bad = GENERATE(as<std::string>{}, "", " ", "yes", "True", "TRUE", "1", "0", "null",
                            "\"true\"", "[true]", "{\"value\":true}", "tru", "true false",
                            "<html><body>Service Unavailable</body></html>");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::deserialize<bool>(bad, vc::Format::json), vc::ProtocolError);
}

TEST_CASE("deserialize<bool> refuses malformed XML with ProtocolError", "[boolean][xml]") {
  const auto bad = GENERATE(
      as<std::string>{}, "", "<html><body>Service Unavailable</body></html>",
      // truncated
      "<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">true",
      // wrong root
      "<bool xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">true</bool>",
      // no namespace / another namespace
      "<boolean>true</boolean>", "<boolean xmlns=\"urn:other\">true</boolean>",
      // not an xs:boolean
      "<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">yes</boolean>",
      "<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\"></boolean>",
      "<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">"
      "<b>true</b></boolean>");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::deserialize<bool>(bad, vc::Format::xml), vc::ProtocolError);
}

TEST_CASE("The client reads the boolean in either format whatever it asked for",
          "[boolean][client]") {
  const auto asked = GENERATE(vc::Format::json, vc::Format::xml);
  CAPTURE(asked == vc::Format::json ? "json" : "xml");
  harness h(asked);
  h.fake->respond(200, "true")
      .respond(200, xml_boolean("true"))
      .respond(200, " false ")
      .respond(200, "\r\n" + xml_boolean("false"));
  auto client = h.client();
  CHECK(client.update_viewing_participant("c", docs_follow_up()));
  CHECK(client.request_order_user_interaction("c", client_order()));
  CHECK_FALSE(client.update_viewing_participant("c", docs_follow_up()));
  CHECK_FALSE(client.request_order_user_interaction("c", client_order()));
  CHECK(h.fake->requests().size() == 4);
}

TEST_CASE("deserialize<bool> reads XML after a UTF-8 byte order mark", "[boolean][xml]") {
  CHECK(vc::deserialize<bool>("\xEF\xBB\xBF" + xml_boolean("true"), vc::Format::json));
  CHECK_FALSE(vc::deserialize<bool>("\xEF\xBB\xBF\r\n" + xml_boolean("false"), vc::Format::xml));
}

TEST_CASE("deserialize<bool> refuses XML with anything but blanks after the root",
          "[boolean][xml]") {
  CHECK(vc::deserialize<bool>(xml_boolean("true") + "\r\n <!-- end -->\n", vc::Format::xml));
  for (const std::string trailer : {"false", "<boolean/>", "<![CDATA[x]]>", "&amp;"}) {
    CAPTURE(trailer);
    CHECK_THROWS_AS(vc::deserialize<bool>(xml_boolean("true") + trailer, vc::Format::xml),
                    vc::ProtocolError);
  }
}
