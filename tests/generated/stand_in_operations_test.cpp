// Every documented operation against the stand-in (tools/stand_in/), which answers them from a
// table generated from the same description: each is called through api::try_call with valid
// arguments and the page's sample body, is routed to its own operation, and its answer decodes
// into the documented type; where the answer carries an id of the request, it is that id.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "operation_plans.hpp"
#include "stand_in.hpp"

namespace {

using namespace generated;
namespace si = vitec::stand_in;

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// The 0.2 endpoints answer their demo data, so they get a body that data knows: a demo order
/// token, and a URL that is http(s).
json body_for_stand_in(const json& op, json body) {
  if (op["id"] == "POST-Service-Order-Token-customerId") body["data"] = "demo-token-ORD-1001";
  if (op["id"] == "PUT-Service-Order-UserInteraction-customerId") {
    body["url"] = "https://example.com/order/1";
  }
  return body;
}

/// The ids an answer gives back: a member named like a single-id path parameter, and `id` for
/// the parameter the path ends with when none is named `id`.
std::map<std::string, std::string> ids_of(const json& op, const vc::api::Arguments& arguments) {
  std::map<std::string, std::string> ids;
  for (const auto& param : op["path_params"]) {
    if (!param.value("list_param", false)) {
      ids[param["name"]] = arguments.path.at(param["name"].get<std::string>());
    }
  }
  const std::string path = op["path"];
  if (!ids.count("id") && path.back() == '}') {
    const std::string last = path.substr(path.rfind('{') + 1, path.size() - path.rfind('{') - 2);
    if (ids.count(last)) ids["id"] = ids[last];
  }
  return ids;
}

/// How many members of `answer` (or of each of its items) give back an id of the request;
/// fails a check for one that holds another value.
std::size_t ids_given_back(const json& op, const vc::api::Arguments& arguments,
                           const json& answer) {
  const auto ids = ids_of(op, arguments);
  std::size_t found = 0;
  const auto check = [&](const json& object) {
    if (!object.is_object()) return;
    for (auto it = object.begin(); it != object.end(); ++it) {
      for (const auto& [name, id] : ids) {
        if (!same_name(it.key(), name) || !it->is_string()) continue;
        INFO(it.key());
        CHECK(it->get<std::string>() == id);
        ++found;
      }
    }
  };
  if (answer.is_array()) {
    for (const auto& item : answer) check(item);
  } else {
    check(answer);
  }
  return found;
}

}  // namespace

TEST_CASE("the stand-in answers every documented operation with its documented type",
          "[generated][stand-in]") {
  si::Server server;
  vc::ClientOptions options;
  options.base_url = server.base_url();
  options.username = "demo";
  options.password = "demo-password";
  options.retry.max_attempts = 1;
  const vc::Client client(options);
  std::size_t called = 0;
  std::size_t ids = 0;
  for (const auto& op : spec()["operations"]) {
    const std::string id = op["id"];
    INFO(id);
    const auto plan = plan_for(op);
    auto body = body_for(op);
    if (body) body = body_for_stand_in(op, *body);
    const auto result = vc::api::try_call(client, id, plan.arguments, body);
    if (!result.ok()) FAIL(result.error().what());
    const auto requests = server.requests();
    REQUIRE(requests.size() == called + 1);
    CHECK(requests.back().endpoint ==
          op["method"].get<std::string>() + " " + op["path"].get<std::string>());
    CHECK(requests.back().status == (op["answer"].is_null() ? 204 : 200));
    ids += ids_given_back(op, plan.arguments, result.value());
    ++called;
  }
  CHECK(called == spec()["operations"].size());
  CHECK(ids >= 50);  // 63 today: a stand-in that put no id in would give none back
}
