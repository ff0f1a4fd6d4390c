// Reads by any number of ids over real loopback HTTP: split as the pages say (at most 20 ids a
// call; more than 5 go as a query parameter, not in the path), sent together over curl multi,
// merged in the order of the ids; a failed call reported with its ids; bad input refused with
// nothing sent, and a single call over the page's limit refused too.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <vitec/connect.hpp>
#include <vitec/connect/api/crm.hpp>

namespace {

namespace vc = vitec::connect;
namespace api = vitec::connect::api;
using json = nlohmann::json;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string id; std::getline(in, id, ',');) out.push_back(id);
  return out;
}

/// Answers GET CRM/Contact/{customerId}/Person/{contactIds} and .../Person?contactIds=... with a
/// person per id asked, recording each request's target; a call that asks for "broken" is 500.
class PersonServer {
 public:
  PersonServer() {
    const auto answer = [this](const httplib::Request& req, httplib::Response& res,
                               const std::string& ids) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        targets_.push_back(req.target);
      }
      json people = json::array();
      for (const auto& id : split(ids)) {
        if (id == "broken") {
          res.status = 500;
          return;
        }
        people.push_back({{"id", id}, {"type", "Person"}, {"firstName", "Anna " + id}});
      }
      res.set_content(people.dump(), "application/json");
    };
    server_.Get(R"(/CRM/Contact/M1/Person/([^/]+))",
                [answer](const httplib::Request& req, httplib::Response& res) {
                  answer(req, res, req.matches[1].str());
                });
    server_.Get("/CRM/Contact/M1/Person",
                [answer](const httplib::Request& req, httplib::Response& res) {
                  answer(req, res, req.get_param_value("contactIds"));
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~PersonServer() {
    server_.stop();
    thread_.join();
  }
  PersonServer(const PersonServer&) = delete;
  PersonServer& operator=(const PersonServer&) = delete;

  api::CrmClient crm() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 1;
    return api::CrmClient{vc::Client(options)};
  }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> targets_;
};

std::vector<std::string> ids_from(int first, int count) {
  std::vector<std::string> ids;
  for (int i = first; i < first + count; ++i) ids.push_back("C " + std::to_string(i));
  return ids;
}

api::crm::GetContactPersonByContactIdsParams people(std::vector<std::string> ids) {
  api::crm::GetContactPersonByContactIdsParams params;
  params.customer_id = "M1";
  params.contact_ids = std::move(ids);
  return params;
}

std::vector<std::string> ids_of(const std::vector<api::CrmPersonContact>& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(*row.id);
  return ids;
}

}  // namespace

TEST_CASE("Any number of ids is split into calls of 20, more than 5 as a query parameter",
          "[generated][id_batches]") {
  PersonServer server;
  const auto crm = server.crm();
  const auto ids = ids_from(0, 43);
  const auto rows = crm.get_contact_person_by_contact_ids_batched(people(ids));
  CHECK(ids_of(rows) == ids);  // every id, in order, whatever order the calls ended in

  auto targets = server.targets();
  REQUIRE(targets.size() == 3);
  std::sort(targets.begin(), targets.end());
  // 20 and 20 ids as a query parameter (the page says more than 5 must), the last 3 in the path.
  CHECK(targets[0].rfind("/CRM/Contact/M1/Person/C%2040,C%2041,C%2042", 0) == 0);
  CHECK(targets[1].rfind("/CRM/Contact/M1/Person?contactIds=C%200,C%201,", 0) == 0);
  CHECK(targets[2].rfind("/CRM/Contact/M1/Person?contactIds=C%2020,C%2021,", 0) == 0);
  CHECK(split(targets[1].substr(targets[1].find('=') + 1)).size() == 20);
}

TEST_CASE("One call's failure is reported with its ids, the other calls' rows kept",
          "[generated][id_batches]") {
  PersonServer server;
  const auto crm = server.crm();
  auto ids = ids_from(0, 45);
  ids[25] = "broken";
  const auto batched = crm.try_get_contact_person_batched([&] {
    api::crm::GetContactPersonParams params;
    params.customer_id = "M1";
    params.contact_ids = ids;
    return params;
  }());
  REQUIRE(batched.ok());
  REQUIRE(batched.value().failed.size() == 1);
  const auto& failed = batched.value().failed[0];
  CHECK(failed.ids == std::vector<std::string>(ids.begin() + 20, ids.begin() + 40));
  CHECK(failed.error.kind() == vc::ErrorKind::server);
  CHECK(batched.value().rows.size() == 25);
  CHECK(server.targets().size() == 3);

  CHECK_THROWS_AS(crm.get_contact_person_by_contact_ids_batched(people(ids)), vc::ServerError);
}

TEST_CASE(
    "A batched read refuses bad ids before sending anything, and one call its page's "
    "limit",
    "[generated][id_batches]") {
  PersonServer server;
  const auto crm = server.crm();
  auto ids = ids_from(0, 30);
  ids[27] = "a,b";  // would read as two ids
  const auto refused = crm.try_get_contact_person_by_contact_ids_batched(people(ids));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK_THROWS_AS(crm.get_contact_person_by_contact_ids_batched(people({})),
                  vc::InvalidArgumentError);

  // One call: the page allows 5 ids in the path, 20 as a query parameter.
  const auto six = crm.try_get_contact_person_by_contact_ids(people(ids_from(0, 6)));
  REQUIRE_FALSE(six.ok());
  CHECK_THAT(six.error().what(), Catch::Contains("more than the 5 a call"));
  api::crm::GetContactPersonParams query;
  query.customer_id = "M1";
  query.contact_ids = ids_from(0, 21);
  CHECK_THROWS_WITH(crm.get_contact_person(query), Catch::Contains("more than the 20 a call"));
  CHECK(server.targets().empty());

  query.contact_ids = ids_from(0, 20);
  CHECK(crm.get_contact_person(query).size() == 20);
  CHECK(crm.get_contact_person_by_contact_ids(people(ids_from(0, 5))).size() == 5);
}
