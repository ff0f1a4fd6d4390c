#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <string>

#include "support.hpp"

namespace {

using namespace unit;

// The JSON samples exactly as the API documentation prints them.
const std::string docs_follow_up_json = R"({
  "contactId": "sample string 1",
  "viewingId": "sample string 2",
  "participated": true,
  "contacted": "No"
})";

const std::string docs_order_json = R"({
  "id": "sample string 1",
  "url": "sample string 2",
  "comment": "sample string 3"
})";

// Drops whitespace outside string literals: the docs pretty-print, the SDK need not.
std::string without_json_space(const std::string& json) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("JSON of ParticipantFollowUp matches the documentation's sample", "[json][codec]") {
  CHECK(vc::serialize(docs_follow_up(), vc::Format::json) ==
        without_json_space(docs_follow_up_json));
}

TEST_CASE("JSON of OrderUserInteractionRequest matches the documentation's sample",
          "[json][codec]") {
  CHECK(vc::serialize(docs_order_request(), vc::Format::json) ==
        without_json_space(docs_order_json));
}

TEST_CASE("JSON matches the documentation's compact curl samples", "[json][codec]") {
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "StringValue";
  follow_up.viewing_id = "StringValue";
  CHECK(vc::serialize(follow_up, vc::Format::json) ==
        R"({"contactId":"StringValue","viewingId":"StringValue","participated":false})");

  vc::OrderUserInteractionRequest request;
  request.id = request.url = request.comment = "StringValue";
  CHECK(vc::serialize(request, vc::Format::json) ==
        R"({"id":"StringValue","url":"StringValue","comment":"StringValue"})");
}

TEST_CASE("JSON leaves absent optional members out", "[json][codec]") {
  CHECK(vc::serialize(vc::ParticipantFollowUp{}, vc::Format::json) == R"({"participated":false})");
  CHECK(vc::serialize(vc::OrderUserInteractionRequest{}, vc::Format::json) == "{}");

  vc::OrderUserInteractionRequest request;
  request.comment = "";
  CHECK(vc::serialize(request, vc::Format::json) == R"({"comment":""})");
}

TEST_CASE("JSON reads the documentation's samples", "[json][codec]") {
  CHECK(vc::deserialize<vc::ParticipantFollowUp>(docs_follow_up_json, vc::Format::json) ==
        docs_follow_up());
  CHECK(vc::deserialize<vc::OrderUserInteractionRequest>(docs_order_json, vc::Format::json) ==
        docs_order_request());
}

TEST_CASE("JSON keeps a present but empty member present and null as absent", "[json][codec]") {
  const auto v =
      vc::deserialize<vc::OrderUserInteractionRequest>(R"({"id":"","url":null})", vc::Format::json);
  REQUIRE(v.id.has_value());
  CHECK(v.id->empty());
  CHECK_FALSE(v.url.has_value());
  CHECK_FALSE(v.comment.has_value());
}

TEST_CASE("JSON round-trips Contacted names other than No", "[json][codec]") {
  for (const char* name : {"No", "Yes", "Ja, per telefon", "\"quoted\" \\ name"}) {
    vc::ParticipantFollowUp follow_up;
    follow_up.contacted = vc::Contacted(name);
    const auto json = vc::serialize(follow_up, vc::Format::json);
    const auto back = vc::deserialize<vc::ParticipantFollowUp>(json, vc::Format::json);
    REQUIRE(back.contacted.has_value());
    CHECK(back.contacted->name() == name);
  }
}

TEST_CASE("Models convert with nlohmann::json through ADL", "[json][codec]") {
  const nlohmann::json follow_up = docs_follow_up();
  CHECK(follow_up == nlohmann::json::parse(docs_follow_up_json));
  CHECK(follow_up.get<vc::ParticipantFollowUp>() == docs_follow_up());

  const nlohmann::json order = docs_order_request();
  CHECK(order == nlohmann::json::parse(docs_order_json));
  CHECK(order.get<vc::OrderUserInteractionRequest>() == docs_order_request());

  const nlohmann::json sparse = vc::OrderUserInteractionRequest{};
  CHECK(sparse == nlohmann::json::object());
}

TEST_CASE("JSON that is not the documented model is a ProtocolError", "[json][codec]") {
  const auto bad = GENERATE(as<std::string>{}, "", "   ", "{", "[]", "true", "\"text\"",
                            "<html><body>Bad Gateway</body></html>", R"({"contactId":5})",
                            R"({"participated":"yes"})", R"({"contacted":false})",
                            R"({"contactId":"a"} trailing)");
  CAPTURE(bad);
  CHECK_THROWS_AS(vc::deserialize<vc::ParticipantFollowUp>(bad, vc::Format::json),
                  vc::ProtocolError);
}

TEST_CASE("JSON order request that is not the documented model is a ProtocolError",
          "[json][codec]") {
  for (const char* bad : {"", "null", "[1,2]", R"({"url":["a"]})", R"({"id":"a")"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(vc::deserialize<vc::OrderUserInteractionRequest>(bad, vc::Format::json),
                    vc::ProtocolError);
  }
}

TEST_CASE("JSON escapes control characters instead of refusing them", "[json][codec]") {
  vc::OrderUserInteractionRequest request;
  request.comment = std::string("bell\x07 nul") + '\0' + "end\x1f";
  const auto json = vc::serialize(request, vc::Format::json);
  CHECK(json.find('\x07') == std::string::npos);
  CHECK(json.find('\0') == std::string::npos);
  CHECK(json.find("\\u0007") != std::string::npos);
  CHECK(json.find("\\u0000") != std::string::npos);
  CHECK(vc::deserialize<vc::OrderUserInteractionRequest>(json, vc::Format::json) == request);
}

TEST_CASE("JSON the SDK writes is byte for byte what nlohmann::json dumps for the model",
          "[json][codec]") {
  // Every byte value in a string, then mixed text: the SDK writes the body itself, and the
  // result must not differ from the nlohmann::json conversion users may call on the models.
  std::string every_byte_ascii;
  for (int c = 1; c < 0x80; ++c) every_byte_ascii += static_cast<char>(c);
  const std::string values[] = {"",
                                " ",
                                every_byte_ascii,
                                std::string("nul") + '\0' + "after",
                                "quote \" backslash \\",
                                "Åsa Öberg – ”citat” 🏠",
                                "\t lead and trail \r\n",
                                "/slash/ and \x7f"};
  for (const auto& text : values) {
    CAPTURE(text);
    vc::ParticipantFollowUp follow_up{text, text, true, vc::Contacted(text + "x")};
    CHECK(vc::serialize(follow_up, vc::Format::json) == nlohmann::ordered_json(follow_up).dump());
    vc::OrderUserInteractionRequest order{text, std::nullopt, text};
    CHECK(vc::serialize(order, vc::Format::json) == nlohmann::ordered_json(order).dump());
  }
  const vc::ParticipantFollowUp bare;
  CHECK(vc::serialize(bare, vc::Format::json) == nlohmann::ordered_json(bare).dump());
  CHECK(vc::serialize(vc::OrderUserInteractionRequest{}, vc::Format::json) == "{}");
}

TEST_CASE("JSON with an empty contacted is a ProtocolError, as it could not be sent back",
          "[json][codec]") {
  CHECK_THROWS_AS(vc::deserialize<vc::ParticipantFollowUp>(R"({"contacted":""})", vc::Format::json),
                  vc::ProtocolError);
  CHECK_FALSE(vc::deserialize<vc::ParticipantFollowUp>(R"({"contacted":null})", vc::Format::json)
                  .contacted);
}

TEST_CASE("JSON of OrderToken matches the documentation's samples", "[json][codec]") {
  const std::string docs_token_json = R"({
  "data": "sample string 1"
})";
  CHECK(vc::serialize(vc::OrderToken{"sample string 1"}, vc::Format::json) ==
        without_json_space(docs_token_json));
  // The curl sample: -d {\"data\":\"StringValue\"}
  CHECK(vc::serialize(vc::OrderToken{"StringValue"}, vc::Format::json) ==
        R"({"data":"StringValue"})");
  CHECK(vc::deserialize<vc::OrderToken>(docs_token_json, vc::Format::json) ==
        vc::OrderToken{"sample string 1"});
}
