// The typed area clients over real loopback HTTP: named parameters, a list of ids in one path
// segment, an answer that is one of three models, the retry rule of an operation that creates
// something, limits refused before sending, and personal identity numbers kept out of errors
// and log events.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <vitec/connect.hpp>
#include <vitec/connect/api/contacts.hpp>
#include <vitec/connect/api/crm.hpp>

namespace {

namespace vc = vitec::connect;
namespace api = vitec::connect::api;

/// Answers every request with `answer` after `delay`, counting and recording them.
class TypedServer {
 public:
  TypedServer() {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      std::string answer;
      int status = 0;
      std::chrono::milliseconds delay{};
      {
        std::lock_guard<std::mutex> lock(mutex_);
        targets_.push_back(req.method + " " + req.target);
        answer = answer_;
        status = status_;
        delay = delay_;
      }
      std::this_thread::sleep_for(delay);
      res.status = status;
      res.set_content(answer, "application/json");
    };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TypedServer() {
    server_.stop();
    thread_.join();
  }
  TypedServer(const TypedServer&) = delete;
  TypedServer& operator=(const TypedServer&) = delete;

  void answer(std::string body, int status = 200,
              std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    std::lock_guard<std::mutex> lock(mutex_);
    answer_ = std::move(body);
    status_ = status;
    delay_ = delay;
  }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

  vc::ClientOptions options() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = std::chrono::milliseconds(1);
    options.retry.sleep = [](std::chrono::milliseconds) {};
    return options;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> targets_;
  std::string answer_;
  int status_ = 200;
  std::chrono::milliseconds delay_{};
};

std::string contact_of_type(const std::string& type) {
  return R"({"id":"C1","type":")" + type + R"(","customerId":"M1","unknownMember":[1,2]})";
}

}  // namespace

TEST_CASE("GET CRM/Contact/{customerId}/{contactId} answers a company, a person or an estate",
          "[generated][typed]") {
  TypedServer server;
  const api::CrmClient crm{vc::Client(server.options())};
  api::crm::GetContactByContactIdParams params;
  params.customer_id = "M1";
  params.contact_id = "kontakt 1/ä";

  server.answer(contact_of_type("Company"));
  const auto company = crm.get_contact_by_contact_id(params);
  REQUIRE(std::holds_alternative<api::CrmCompanyContact>(company));
  CHECK(std::get<api::CrmCompanyContact>(company).id == "C1");

  server.answer(contact_of_type("person"));  // names are matched without regard to case
  const auto person = crm.get_contact_by_contact_id(params);
  REQUIRE(std::holds_alternative<api::CrmPersonContact>(person));
  CHECK(std::get<api::CrmPersonContact>(person).customer_id == "M1");

  server.answer(contact_of_type("DeceasedEstate"));
  CHECK(
      std::holds_alternative<api::CrmDeceasedEstateContact>(crm.get_contact_by_contact_id(params)));

  server.answer(contact_of_type("Robot"));
  const auto unknown = crm.try_get_contact_by_contact_id(params);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind() == vc::ErrorKind::protocol);
  CHECK_THAT(unknown.error().what(), Catch::Contains("Robot"));

  for (const auto& target : server.targets()) {
    CHECK(target == "GET /CRM/Contact/M1/kontakt%201%2F%C3%A4");
  }
}

TEST_CASE("A list of ids goes in one path segment, each id encoded, and reads a list of contacts",
          "[generated][typed]") {
  TypedServer server;
  const api::CrmClient crm{vc::Client(server.options())};
  server.answer("[" + contact_of_type("Person") + ",null," + contact_of_type("Company") + "]");
  api::crm::GetContactByContactIdsParams params;
  params.customer_id = "M1";
  params.contact_ids = {"a 1", "b/2", "c"};
  const auto contacts = crm.get_contact_by_contact_ids(params);
  REQUIRE(contacts.size() == 2);
  CHECK(std::holds_alternative<api::CrmPersonContact>(contacts[0]));
  CHECK(std::holds_alternative<api::CrmCompanyContact>(contacts[1]));
  REQUIRE(server.targets().size() == 1);
  CHECK(server.targets()[0] == "GET /CRM/Contact/M1/a%201,b%2F2,c");

  params.contact_ids = {"a", "b,c"};  // an id with the separator in it would be two ids
  const auto refused = crm.try_get_contact_by_contact_ids(params);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind() == vc::ErrorKind::invalid_argument);
  params.contact_ids = {};
  CHECK_THROWS_AS(crm.get_contact_by_contact_ids(params), vc::InvalidArgumentError);
  CHECK(server.targets().size() == 1);
}

TEST_CASE("An optional last path segment is left out, with its '/', when empty",
          "[generated][typed]") {
  TypedServer server;
  const api::CrmClient crm{vc::Client(server.options())};
  server.answer(R"({"residentialProfiles":[{"id":"SP1"}],"farmProfiles":null})");
  api::crm::GetContactSearchProfileParams params;
  params.customer_id = "M1";
  params.contact_id = "C 1";
  const auto all = crm.get_contact_search_profile(params);
  REQUIRE(all.residential_profiles.size() == 1);
  CHECK(all.residential_profiles[0].id == "SP1");
  params.searchprofile_id = "SP/1";
  (void)crm.get_contact_search_profile(params);
  params.contact_id = "";  // a required segment is never left out
  CHECK_THROWS_AS(crm.get_contact_search_profile(params), vc::InvalidArgumentError);
  CHECK(server.targets() ==
        std::vector<std::string>{"GET /CRM/Contact/M1/SearchProfile/C%201",
                                 "GET /CRM/Contact/M1/SearchProfile/C%201/SP%2F1"});
}

TEST_CASE("A POST that creates a bid is not sent again once it may have reached the server",
          "[generated][typed]") {
  TypedServer server;
  auto options = server.options();
  options.request_timeout = std::chrono::milliseconds(300);
  const api::CrmClient crm{vc::Client(options)};
  api::crm::PostBidParams params;
  params.customer_id = "M1";
  params.estate_id = "E1";
  params.contact_id = "C1";
  api::BidData bid;
  bid.amount = "2500000";

  server.answer(R"("bid-1")", 200, std::chrono::milliseconds(1500));
  const auto timed_out = crm.try_post_bid(params, bid);
  REQUIRE_FALSE(timed_out.ok());
  CHECK(timed_out.error().kind() == vc::ErrorKind::timeout);
  CHECK(timed_out.error().attempts() == 1);
  CHECK(server.targets().size() == 1);

  // The server said it did not act: then it is sent again.
  server.answer("", 503);
  const auto unavailable = crm.try_post_bid(params, bid);
  CHECK(unavailable.error().attempts() == 3);
  // A 500 may have come after the bid was made: not sent again.
  server.answer("", 500);
  CHECK(crm.try_post_bid(params, bid).error().attempts() == 1);

  // A read that timed out is sent again, as often as the policy allows.
  api::crm::GetBidParams read;
  read.customer_id = "M1";
  read.id = "B1";
  server.answer("{}", 200, std::chrono::milliseconds(1500));
  const auto read_timed_out = crm.try_get_bid(read);
  CHECK(read_timed_out.error().attempts() == 3);

  server.answer(R"("bid-2")");
  CHECK(crm.post_bid(params, bid) == "bid-2");
}

TEST_CASE("Documented limits and the format are checked before anything is sent",
          "[generated][typed]") {
  TypedServer server;
  const api::CrmClient crm{vc::Client(server.options())};
  api::crm::GetContactSearchSocialNumberParams search;
  search.customer_id = "M1";
  search.social_number = "19121212";  // 8 characters: the page says 10 to 13
  const auto short_number = crm.try_get_contact_search_social_number(search);
  REQUIRE_FALSE(short_number.ok());
  CHECK(short_number.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK_THAT(short_number.error().what(),
             Catch::Contains("SocialNumber") && Catch::Contains("at least 10"));

  auto xml_options = server.options();
  xml_options.format = vc::Format::xml;
  const api::CrmClient in_xml{vc::Client(xml_options)};
  api::crm::GetBidParams read;
  read.customer_id = "M1";
  read.id = "B1";
  const auto refused = in_xml.try_get_bid(read);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK_THAT(refused.error().what(), Catch::Contains("XML"));
  CHECK(server.targets().empty());
}

TEST_CASE("A personal identity number never shows in an error or a log event",
          "[generated][typed]") {
  TypedServer server;
  const std::string number = "19121212-1212";
  std::vector<vc::LogEvent> events;
  std::mutex events_mutex;
  auto options = server.options();
  options.logger = [&](const vc::LogEvent& event) {
    std::lock_guard<std::mutex> lock(events_mutex);
    events.push_back(event);
  };
  const api::CrmClient crm{vc::Client(options)};
  server.answer(R"({"message":"No contact with social number )" + number + R"("})", 400);
  api::crm::GetContactSearchSocialNumberParams search;
  search.customer_id = "M1";
  search.social_number = number;
  const auto result = crm.try_get_contact_search_social_number(search);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind() == vc::ErrorKind::validation);
  // It was sent: the server needs it.
  REQUIRE(server.targets().size() == 1);
  CHECK_THAT(server.targets()[0], Catch::Contains("SocialNumber=19121212-1212"));
  const std::string what = result.error().what();
  CHECK(what.find(number) == std::string::npos);
  CHECK(result.error().body().find(number) == std::string::npos);
  CHECK(result.error().message().find(number) == std::string::npos);
  REQUIRE(events.size() == 1);
  CHECK(events[0].url.find(number) == std::string::npos);
  CHECK(events[0].error.find(number) == std::string::npos);
  CHECK_THAT(events[0].url, Catch::Contains("SocialNumber=<redacted>"));
}

TEST_CASE("A generated operation asks password_for for its customer and area",
          "[generated][typed]") {
  TypedServer server;
  auto options = server.options();
  options.password.clear();
  std::vector<std::string> asked;
  std::mutex asked_mutex;
  options.password_for = [&](std::string_view customer_id, std::string_view area) {
    std::lock_guard<std::mutex> lock(asked_mutex);
    asked.push_back(std::string(customer_id) + "/" + std::string(area));
    return std::string("password-of-") + std::string(customer_id);
  };
  const api::CrmClient crm{vc::Client(options)};
  server.answer(R"({"id":"B1"})");
  api::crm::GetBidParams read;
  read.customer_id = "M7";
  read.id = "B1";
  CHECK(crm.get_bid(read).id == "B1");
  CHECK(crm.get_bid(read).id == "B1");  // cached per customer and area
  REQUIRE(asked.size() == 1);
  CHECK(asked[0] == "M7/crm");
}

TEST_CASE("An operation with the customer id in its body asks password_for for that customer",
          "[generated][typed]") {
  TypedServer server;
  auto options = server.options();
  options.password.clear();
  std::vector<std::string> asked;
  std::mutex asked_mutex;
  options.password_for = [&](std::string_view customer_id, std::string_view area) {
    std::lock_guard<std::mutex> lock(asked_mutex);
    asked.push_back(std::string(customer_id) + "/" + std::string(area));
    return std::string("password-of-") + std::string(customer_id);
  };
  const api::ContactsClient contacts{vc::Client(options)};
  server.answer(R"("C1")");
  api::UpdatePerson person;
  person.customer_id = "M9";
  person.cell_phone = "070-1234567";
  CHECK(contacts.post_update_person(person) == "C1");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0] == "M9/contacts");

  person.cell_phone.reset();  // the page wants one of the phone numbers
  const auto refused = contacts.try_post_update_person(person);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().what(), Catch::Contains("at least one of"));
  CHECK(server.targets().size() == 1);
}
