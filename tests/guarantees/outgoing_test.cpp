// Guarantees for bad input from the caller: refused before anything is sent, or sent intact.

#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "support.hpp"

namespace {

using namespace guarantees;

const vc::Format formats[] = {vc::Format::json, vc::Format::xml};

void require_refused_unsent(fixture& f, const vc::Result<bool>& result) {
  REQUIRE_FALSE(result);
  REQUIRE(result.error().kind() == vc::ErrorKind::invalid_argument);
  REQUIRE(result.error().attempts() == 0);
  REQUIRE(f.sent() == 0);
  REQUIRE_THROWS_AS(result.value(), vc::InvalidArgumentError);
}

/// Whether `message` names byte `offset` ("byte 1" in "byte 12" does not count).
bool names_byte(const std::string& message, std::size_t offset) {
  const std::string named = "byte " + std::to_string(offset);
  const auto at = message.find(named);
  if (at == std::string::npos) return false;
  const auto after = at + named.size();
  return after == message.size() || message[after] < '0' || message[after] > '9';
}

}  // namespace

TEST_CASE("an empty customer id is refused before sending", "[guarantees]") {
  fixture f;
  auto client = f.client();
  require_refused_unsent(f, client.try_update_viewing_participant("", {}));
  require_refused_unsent(f, client.try_request_order_user_interaction("", {}));
  REQUIRE_THROWS_AS(client.update_viewing_participant("", {}), vc::InvalidArgumentError);
  const auto bulk = client.update_viewing_participants("", {vc::ParticipantFollowUp{}});
  require_refused_unsent(f, bulk.at(0));
}

TEST_CASE("a customer id that is not UTF-8 is refused before sending", "[guarantees]") {
  fixture f;
  auto client = f.client();
  for (const std::string id : {"\xff", "abc\xc3", "\xc0\xaf", "\xed\xa0\x80"}) {
    require_refused_unsent(f, client.try_update_viewing_participant(id, {}));
  }
}

TEST_CASE("any customer id stays one path segment", "[guarantees]") {
  fixture f;
  f.fake->respond(200, "true").respond(200, "true");
  auto client = f.client();
  REQUIRE(client.update_viewing_participant("../a/b?c=d#e f%2F\xc3\xa5", {}));
  REQUIRE(client.request_order_user_interaction("...", {}));
  const auto requests = f.fake->requests();
  REQUIRE(requests.at(0).url ==
          "https://connect.example.test/ViewingParticipant/..%2Fa%2Fb%3Fc%3Dd%23e%20f%252F%C3%A5");
  REQUIRE(requests.at(1).url == "https://connect.example.test/Service/Order/UserInteraction/...");
  // "." and ".." cannot be sent as a segment: every HTTP stack on the way resolves them.
  for (const std::string dots : {".", ".."}) {
    fixture g;
    auto refusing = g.client();
    require_refused_unsent(g, refusing.try_update_viewing_participant(dots, {}));
    require_refused_unsent(g, refusing.try_request_order_user_interaction(dots, {}));
    require_refused_unsent(
        g, refusing.update_viewing_participants(dots, {vc::ParticipantFollowUp{}}).at(0));
  }
}

TEST_CASE("text that is not UTF-8 is refused before sending", "[guarantees]") {
  // Each bad sequence after a prefix of its own, so that the offset in the message must be the
  // real one: a message naming byte 0, or another field, fails.
  struct field_case {
    const char* field;
    std::string prefix;
    std::function<vc::Result<bool>(vc::Client&, const std::string&)> send;
  };
  const field_case fields[] = {
      {"ParticipantFollowUp.contactId", "c",
       [](vc::Client& c, const std::string& text) {
         return c.try_update_viewing_participant("c", follow_up_with_contact(text));
       }},
      {"ParticipantFollowUp.viewingId", "view",
       [](vc::Client& c, const std::string& text) {
         vc::ParticipantFollowUp follow_up;
         follow_up.viewing_id = text;
         return c.try_update_viewing_participant("c", follow_up);
       }},
      {"ParticipantFollowUp.contacted", "No",
       [](vc::Client& c, const std::string& text) {
         vc::ParticipantFollowUp follow_up;
         follow_up.contacted = vc::Contacted(text);
         return c.try_update_viewing_participant("c", follow_up);
       }},
      {"OrderUserInteractionRequest.id", "order-",
       [](vc::Client& c, const std::string& text) {
         vc::OrderUserInteractionRequest request;
         request.id = text;
         return c.try_request_order_user_interaction("c", request);
       }},
      {"OrderUserInteractionRequest.url", "https://example.com/",
       [](vc::Client& c, const std::string& text) {
         vc::OrderUserInteractionRequest request;
         request.url = text;
         return c.try_request_order_user_interaction("c", request);
       }},
      {"OrderUserInteractionRequest.comment", "a longer comment ",
       [](vc::Client& c, const std::string& text) {
         vc::OrderUserInteractionRequest request;
         request.comment = text;
         return c.try_request_order_user_interaction("c", request);
       }},
  };
  for (const auto format : formats) {
    for (const auto& [field, prefix, send] : fields) {
      for (const std::string bad : {"\xff", "\xc3", "\xe0\x80\xaf", "\xf4\x90\x80\x80"}) {
        fixture f;
        auto client = f.client(format);
        const auto result = send(client, prefix + bad + "tail");
        require_refused_unsent(f, result);
        const std::string message = result.error().what();
        CAPTURE(format, field, prefix.size(), message);
        REQUIRE(message.find(field) != std::string::npos);
        REQUIRE(names_byte(message, prefix.size()));
      }
    }
  }
  vc::OrderUserInteractionRequest request;
  request.comment = "ok\xc3";
  try {
    vc::serialize(request, vc::Format::xml);
    FAIL("serialize sent text that is not UTF-8");
  } catch (const vc::InvalidArgumentError& e) {
    const std::string message = e.what();
    REQUIRE(message.find("OrderUserInteractionRequest.comment") != std::string::npos);
    REQUIRE(names_byte(message, 2));
  }
}

TEST_CASE("characters XML 1.0 cannot carry are refused before sending XML", "[guarantees]") {
  fixture f;
  auto client = f.client(vc::Format::xml);
  for (const std::string& bad :
       {std::string("a\0b", 3), std::string("\x01"), std::string("\x1f"), std::string("\x0b"),
        std::string("\xef\xbf\xbe"), std::string("\xef\xbf\xbf")}) {
    require_refused_unsent(f,
                           client.try_update_viewing_participant("c", follow_up_with_contact(bad)));
  }
}

TEST_CASE("JSON carries every Unicode character unchanged, NUL and controls included",
          "[guarantees]") {
  const std::string text =
      std::string("nul") + '\0' + " bell\x07 tab\t \xef\xbf\xbf \xf0\x9f\x8f\xa0 \"\\";
  fixture f;
  f.fake->respond(200, "true");
  REQUIRE(f.client().update_viewing_participant("c", follow_up_with_contact(text)));
  const auto sent =
      vc::deserialize<vc::ParticipantFollowUp>(f.fake->requests().at(0).body, vc::Format::json);
  REQUIRE(sent.contact_id == text);
}

TEST_CASE("XML markup characters in text arrive unchanged", "[guarantees]") {
  const std::string text = " <a href=\"x\">&amp;</a> ]]> 'q' \r\n\r \t ";
  fixture f;
  f.fake->respond(200, "true");
  vc::OrderUserInteractionRequest request;
  request.comment = text;
  request.id = "";
  REQUIRE(f.client(vc::Format::xml).request_order_user_interaction("c", request));
  const auto sent = vc::deserialize<vc::OrderUserInteractionRequest>(f.fake->requests().at(0).body,
                                                                     vc::Format::xml);
  REQUIRE(sent == request);
}

TEST_CASE("an empty Contacted name is refused before sending", "[guarantees]") {
  for (const auto format : formats) {
    fixture f;
    vc::ParticipantFollowUp follow_up;
    follow_up.contacted = vc::Contacted("");
    require_refused_unsent(f, f.client(format).try_update_viewing_participant("c", follow_up));
  }
}

TEST_CASE("a relative OrderUserInteractionRequest url is refused before sending", "[guarantees]") {
  for (const std::string url : {"", "/relative/path", "example.com/x", "//example.com/x"}) {
    fixture f;
    vc::OrderUserInteractionRequest request;
    request.url = url;
    require_refused_unsent(f, f.client().try_request_order_user_interaction("c", request));
  }
  fixture f;
  f.fake->respond(200, "true");
  vc::OrderUserInteractionRequest request;
  request.url = "https://example.com/interact?order=1";
  REQUIRE(f.client().request_order_user_interaction("c", request));
}

TEST_CASE("a base_url that is not an absolute http(s) URL is refused by the constructor",
          "[guarantees]") {
  for (const std::string url :
       {"", "connect.maklare.vitec.net", "/relative", "ftp://connect.example.test",
        "https://user:pw@connect.example.test", "https://connect.example.test/?q=1",
        "https://connect.example.test/#f"}) {
    fixture f;
    auto options = f.options();
    options.base_url = url;
    REQUIRE_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
  }
}

TEST_CASE("plain http to a non-loopback host is refused unless allow_insecure_http",
          "[guarantees]") {
  fixture f;
  auto options = f.options();
  options.base_url = "http://connect.example.test";
  REQUIRE_THROWS_AS(vc::Client(options), vc::InvalidArgumentError);
  try {
    vc::Client{options};
  } catch (const vc::Error& e) {
    REQUIRE(std::string(e.what()).find(password) == std::string::npos);
  }
  options.allow_insecure_http = true;
  REQUIRE_NOTHROW(vc::Client(options));
  for (const std::string loopback : {"http://127.0.0.1:8080", "http://localhost", "http://[::1]"}) {
    options.allow_insecure_http = false;
    options.base_url = loopback;
    REQUIRE_NOTHROW(vc::Client(options));
  }
}
