#include <catch2/catch.hpp>

#include <cctype>
#include <string>

#include "support.hpp"

namespace {

using namespace unit;

// The XML samples exactly as the API documentation prints them (indentation included).
const std::string docs_follow_up_xml =
    "<ParticipantFollowUp xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.datacontract.org/2004/07/"
    "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\">\n"
    "  <ContactId>sample string 1</ContactId>\n"
    "  <Contacted>No</Contacted>\n"
    "  <Participated>true</Participated>\n"
    "  <ViewingId>sample string 2</ViewingId>\n"
    "</ParticipantFollowUp>";

const std::string docs_order_xml =
    "<OrderUserInteractionRequest xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order\"> "
    "<Comment>sample string 3</Comment> <Id>sample string 1</Id> <Url>sample string 2</Url> "
    "</OrderUserInteractionRequest>";

const std::string follow_up_open =
    "<ParticipantFollowUp xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.datacontract.org/2004/07/"
    "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\">";
const std::string order_open =
    "<OrderUserInteractionRequest xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order\">";

// Drops whitespace-only text between two tags: the docs indent, the SDK need not.
std::string without_inter_element_space(const std::string& xml) {
  std::string out;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    out += xml[i];
    if (xml[i] != '>') continue;
    std::size_t next = i + 1;
    while (next < xml.size() && std::isspace(static_cast<unsigned char>(xml[next]))) ++next;
    if (next < xml.size() && xml[next] == '<') i = next - 1;
  }
  return out;
}

}  // namespace

TEST_CASE("XML of ParticipantFollowUp matches the documentation's sample", "[xml][codec]") {
  CHECK(vc::serialize(docs_follow_up(), vc::Format::xml) ==
        without_inter_element_space(docs_follow_up_xml));
}

TEST_CASE("XML of OrderUserInteractionRequest matches the documentation's sample", "[xml][codec]") {
  CHECK(vc::serialize(docs_order_request(), vc::Format::xml) ==
        without_inter_element_space(docs_order_xml));
}

TEST_CASE("XML leaves absent optional members out", "[xml][codec]") {
  vc::ParticipantFollowUp follow_up;
  follow_up.viewing_id = "v";
  CHECK(vc::serialize(follow_up, vc::Format::xml) ==
        follow_up_open +
            "<Participated>false</Participated><ViewingId>v</ViewingId></ParticipantFollowUp>");

  vc::OrderUserInteractionRequest request;
  request.url = "https://example.test/x";
  CHECK(vc::serialize(request, vc::Format::xml) ==
        order_open + "<Url>https://example.test/x</Url></OrderUserInteractionRequest>");

  const auto empty = vc::serialize(vc::OrderUserInteractionRequest{}, vc::Format::xml);
  CHECK(empty.rfind(order_open, 0) == 0);
  CHECK(empty.find("<Id") == std::string::npos);
  CHECK(empty.find("<Url") == std::string::npos);
  CHECK(empty.find("<Comment") == std::string::npos);
  CHECK(vc::deserialize<vc::OrderUserInteractionRequest>(empty, vc::Format::xml) ==
        vc::OrderUserInteractionRequest{});
}

TEST_CASE("XML carries no declaration and no raw CR", "[xml][codec]") {
  vc::OrderUserInteractionRequest request;
  request.comment = "line one\r\nline two\r";
  const auto xml = vc::serialize(request, vc::Format::xml);
  CHECK(xml.rfind("<OrderUserInteractionRequest ", 0) == 0);
  // An XML reader turns a raw CR into LF, so it must travel as a character reference.
  CHECK(xml.find('\r') == std::string::npos);
}

TEST_CASE("XML reads the documentation's sample, whitespace included", "[xml][codec]") {
  CHECK(vc::deserialize<vc::ParticipantFollowUp>(docs_follow_up_xml, vc::Format::xml) ==
        docs_follow_up());
  CHECK(vc::deserialize<vc::OrderUserInteractionRequest>(docs_order_xml, vc::Format::xml) ==
        docs_order_request());
}

TEST_CASE("XML reads i:nil members as absent", "[xml][codec]") {
  const auto body = follow_up_open +
                    "<ContactId i:nil=\"true\"/><Contacted i:nil=\"true\"/>"
                    "<Participated>false</Participated><ViewingId>v</ViewingId>"
                    "</ParticipantFollowUp>";
  const auto v = vc::deserialize<vc::ParticipantFollowUp>(body, vc::Format::xml);
  CHECK_FALSE(v.contact_id.has_value());
  CHECK_FALSE(v.contacted.has_value());
  CHECK(v.viewing_id == std::optional<std::string>("v"));
  CHECK_FALSE(v.participated);
}

TEST_CASE("XML reads nil under any prefix bound to the schema-instance namespace", "[xml][codec]") {
  const std::string open =
      "<OrderUserInteractionRequest xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:i=\"urn:not-the-schema-instance\" "
      "xmlns=\"http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order\">";
  const auto v = vc::deserialize<vc::OrderUserInteractionRequest>(
      open +
          "<Comment xsi:nil=\"1\"/><Id i:nil=\"true\"/>"
          "<Url xmlns:n=\"http://www.w3.org/2001/XMLSchema-instance\" n:nil=\"true\"/>"
          "</OrderUserInteractionRequest>",
      vc::Format::xml);
  CHECK_FALSE(v.comment.has_value());
  CHECK_FALSE(v.url.has_value());
  // i: is bound to another namespace here, so i:nil is an ordinary attribute: Id is present.
  REQUIRE(v.id.has_value());
  CHECK(v.id->empty());
}

TEST_CASE("XML keeps a present but empty member present", "[xml][codec]") {
  vc::OrderUserInteractionRequest request;
  request.comment = "";
  const auto back = vc::deserialize<vc::OrderUserInteractionRequest>(
      vc::serialize(request, vc::Format::xml), vc::Format::xml);
  REQUIRE(back.comment.has_value());
  CHECK(back.comment->empty());
  CHECK_FALSE(back.id.has_value());
}

TEST_CASE("XML round-trips Contacted names other than No", "[xml][codec]") {
  for (const char* name : {"No", "Yes", "Ja, per telefon", "Kontaktad <via> e-post & sms"}) {
    vc::ParticipantFollowUp follow_up;
    follow_up.contacted = vc::Contacted(name);
    const auto back = vc::deserialize<vc::ParticipantFollowUp>(
        vc::serialize(follow_up, vc::Format::xml), vc::Format::xml);
    REQUIRE(back.contacted.has_value());
    CHECK(back.contacted->name() == name);
  }
  vc::ParticipantFollowUp docs;
  docs.contacted = vc::Contacted::no;
  CHECK(vc::serialize(docs, vc::Format::xml).find("<Contacted>No</Contacted>") !=
        std::string::npos);
}

TEST_CASE("XML that is not the documented model is a ProtocolError", "[xml][codec]") {
  const auto bad = GENERATE(as<std::string>{}, "",  //
                            "not xml at all",       //
                            "{\"contactId\":\"c\"}", "<html><body>502 Bad Gateway</body></html>",
                            // truncated
                            "<ParticipantFollowUp xmlns=\"http://schemas.datacontract.org/2004/07/"
                            "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\"><ContactId>c",
                            // right name, wrong namespace
                            "<ParticipantFollowUp xmlns=\"urn:other\"><ContactId>c</ContactId>"
                            "</ParticipantFollowUp>",
                            // wrong root
                            "<OrderUserInteractionRequest xmlns=\"http://schemas.datacontract.org/"
                            "2004/07/Vitec.Housing.Connect.Api.Models.Order\"/>",
                            // Participated that is not an xs:boolean
                            "<ParticipantFollowUp xmlns=\"http://schemas.datacontract.org/2004/07/"
                            "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\">"
                            "<Participated>yes</Participated></ParticipantFollowUp>",
                            // an empty Contacted is no enum member, and could not be sent back
                            "<ParticipantFollowUp xmlns=\"http://schemas.datacontract.org/2004/07/"
                            "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp\">"
                            "<Contacted></Contacted></ParticipantFollowUp>");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::deserialize<vc::ParticipantFollowUp>(bad, vc::Format::xml),
                  vc::ProtocolError);
}

TEST_CASE("XML order request that is not the documented model is a ProtocolError", "[xml][codec]") {
  CHECK_THROWS_AS(
      vc::deserialize<vc::OrderUserInteractionRequest>(docs_follow_up_xml, vc::Format::xml),
      vc::ProtocolError);
  CHECK_THROWS_AS(vc::deserialize<vc::OrderUserInteractionRequest>(
                      "<OrderUserInteractionRequest><Id>1</Id>", vc::Format::xml),
                  vc::ProtocolError);
}

TEST_CASE("XML text that XML 1.0 forbids is a ProtocolError, not a silent value", "[xml][codec]") {
  // Each is a well-formedness error: a reader must not hand back text the SDK itself would
  // refuse to send (not UTF-8, or not an XML character), nor drop or keep it silently.
  const auto inner = GENERATE(as<std::string>{}, "&#0;", "&#x1;", "&#xD800;", "&#x110000;",
                              "&#xFFFF;", "&undeclared;", "bad \xC3 byte", "\xFF\xFE");
  CAPTURE(inner);
  const auto body = order_open + "<Comment>" + inner + "</Comment></OrderUserInteractionRequest>";
  CHECK_THROWS_AS(vc::deserialize<vc::OrderUserInteractionRequest>(body, vc::Format::xml),
                  vc::ProtocolError);
}

TEST_CASE("XML of OrderToken matches the documentation's sample, namespace included",
          "[xml][codec]") {
  // Express.Connect, not the Vitec.Housing.Connect namespace of OrderUserInteractionRequest.
  const std::string docs_token_xml =
      "<OrderToken xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns=\"http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Order\">\n"
      "  <Data>sample string 1</Data>\n"
      "</OrderToken>";
  CHECK(vc::serialize(vc::OrderToken{"sample string 1"}, vc::Format::xml) ==
        without_inter_element_space(docs_token_xml));
  CHECK(vc::deserialize<vc::OrderToken>(docs_token_xml, vc::Format::xml) ==
        vc::OrderToken{"sample string 1"});
}
