// Walks spec/vitec-connect.json: every documented operation is called through api::try_call over
// real loopback HTTP (libcurl to a cpp-httplib server), and the request that arrives must be the
// one the description says (method, path with each id percent-encoded in its place, query under
// its wire names, the sample body member for member); the page's sample answer must come back
// re-encoded from its typed form. Then each operation's bad input is refused with nothing sent.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "operation_plans.hpp"

namespace {

using namespace generated;

/// What arrived, and what to answer next.
struct Recorder {
  std::mutex mutex;
  std::string method, target, body, content_type;
  int requests = 0;
  int status = 200;
  std::string answer;
};

class Server {
 public:
  Server() {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(recorder.mutex);
      ++recorder.requests;
      recorder.method = req.method;
      recorder.target = req.target;
      recorder.body = req.body;
      recorder.content_type = req.get_header_value("Content-Type");
      res.status = recorder.status;
      res.set_content(recorder.answer, "application/json; charset=utf-8");
    };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    server_.Put(".*", handle);
    server_.Delete(".*", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Server() {
    server_.stop();
    thread_.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  vc::ClientOptions client_options() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 1;
    return options;
  }
  vc::Client client() const { return vc::Client(client_options()); }

  /// Requests received so far, read under the lock the server thread writes it under.
  int requests() {
    std::lock_guard<std::mutex> lock(recorder.mutex);
    return recorder.requests;
  }

  Recorder recorder;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

/// What the server answers (the page's sample, or one of the documented type), and what must
/// come back from try_call.
std::pair<std::string, json> answer_for(const json& op) {
  const auto& answer = op["answer"];
  if (answer.is_null()) return {"", nullptr};
  const std::string type = answer.value("type", std::string());
  if (type == "Collection of byte") return {"\"AQID/w==\"", "AQID/w=="};
  if (op.contains("sample_answer") && !op["sample_answer"].is_null()) {
    return {op["sample_answer"].dump(), pruned(op["sample_answer"])};
  }
  if (type == "string") return {"\"s\"", "s"};
  if (type == "boolean") return {"true", true};
  if (type.rfind("Collection of ", 0) == 0 || answer.value("collection", false)) {
    return {"[]", json::array()};
  }
  return {"{}", json::object()};
}

}  // namespace

TEST_CASE("every operation is sent as its page says and reads the page's sample answer",
          "[generated][operations]") {
  Server server;
  const auto client = server.client();
  std::size_t called = 0;
  for (const auto& op : spec()["operations"]) {
    const std::string id = op["id"];
    INFO(id);
    const auto plan = plan_for(op);
    const auto body = body_for(op);
    const auto [answer_text, expected] = answer_for(op);
    {
      std::lock_guard<std::mutex> lock(server.recorder.mutex);
      server.recorder.answer = answer_text;
      server.recorder.status = 200;
    }
    const auto before = server.requests();
    const auto result = vc::api::try_call(client, id, plan.arguments, body);
    if (!result.ok()) FAIL(result.error().what());
    std::lock_guard<std::mutex> lock(server.recorder.mutex);
    CHECK(server.recorder.requests == before + 1);
    CHECK(server.recorder.method == op["method"].get<std::string>());
    CHECK(server.recorder.target == plan.target);
    if (body) {
      CHECK(server.recorder.content_type == "application/json; charset=utf-8");
      CHECK(json::parse(server.recorder.body) == pruned(*body));
    } else {
      CHECK(server.recorder.body.empty());
    }
    CHECK(result.value() == expected);
    ++called;
  }
  CHECK(called == spec()["operations"].size());
  CHECK(vc::api::operations().size() == called);
}

TEST_CASE("bad arguments and bodies are refused naming what is wrong, with nothing sent",
          "[generated][operations]") {
  Server server;
  const auto client = server.client();
  const auto refused = [&](const std::string& id, const vc::api::Arguments& arguments,
                           const std::optional<json>& body, const std::string& naming) {
    INFO(id << " " << naming);
    const auto before = server.requests();
    const auto result = vc::api::try_call(client, id, arguments, body);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
    CHECK(result.error().attempts() == 0);
    CHECK_THAT(result.error().what(), Catch::Contains(naming));
    CHECK(server.requests() == before);
  };
  std::size_t bodies = 0;
  std::size_t limits = 0;
  std::size_t required_query = 0;
  for (const auto& op : spec()["operations"]) {
    const std::string id = op["id"];
    const auto plan = plan_for(op);
    for (const auto& param : op["path_params"]) {  // all but a last segment left out
      if (!param["required"].get<bool>()) continue;
      auto without = plan.arguments;
      without.path.erase(param["name"].get<std::string>());
      refused(id, without, body_for(op), param["name"]);
    }
    for (const auto& param : op["query_params"]) {  // a required one missing, or empty
      if (!param["required"].get<bool>()) continue;
      auto without = plan.arguments;
      without.query.erase(param["name"].get<std::string>());
      refused(id, without, body_for(op), param["name"]);
      without.query[param["name"].get<std::string>()] = "";
      refused(id, without, body_for(op), param["name"]);
      ++required_query;
    }
    auto unknown = plan.arguments;
    unknown.query["noSuchParameter"] = "1";
    refused(id, unknown, body_for(op), "noSuchParameter");
    for (const auto& param : op["query_params"]) {
      const std::string type = param["type"];
      auto bad = plan.arguments;
      if (type == "integer" || type == "decimal number" || type == "boolean" || type == "date") {
        bad.query[param["name"]] = "not-a-number";
        refused(id, bad, body_for(op), param["name"]);
      }
      if (param.contains("max_length")) {
        bad.query[param["name"]] = std::string(param["max_length"].get<std::size_t>() + 1, 'x');
        refused(id, bad, body_for(op), param["name"]);
        ++limits;
      }
    }
    if (!op["body"].is_null()) {
      auto misspelt = *body_for(op);
      misspelt["noSuchMember"] = 1;
      refused(id, plan.arguments, misspelt, "noSuchMember");
      const auto& body_model = spec()["models"][op["body"]["type"].get<std::string>()];
      if (!body_model["fields"].empty()) {  // one member twice, spelt in two cases
        auto twice = *body_for(op);
        std::string name = body_model["fields"][0]["json"];
        twice[name] = nullptr;
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        twice[name] = nullptr;
        refused(id, plan.arguments, twice, "given twice");
      }
      refused(id, plan.arguments, std::nullopt, "takes a body");
      ++bodies;
      // Every documented limit of the body's own members.
      const auto& model = spec()["models"][op["body"]["type"].get<std::string>()];
      for (const auto& field : model["fields"]) {
        auto bad = *body_for(op);
        if (field["type"] == "string" && !field["max_length"].is_null()) {
          bad[field["json"].get<std::string>()] =
              std::string(field["max_length"].get<std::size_t>() + 1, 'x');
          refused(id, plan.arguments, bad, field["json"]);
          ++limits;
        }
        if (field["type"] == "string") {
          bad[field["json"].get<std::string>()] = 12345;  // the wrong type
          refused(id, plan.arguments, bad, field["json"]);
        }
      }
    } else {
      refused(id, plan.arguments, json::object(), "takes no body");
    }
  }
  CHECK(bodies > 40);
  CHECK(limits > 10);
  CHECK(required_query > 20);
  refused("GET-No-Such-Operation", {}, std::nullopt, "GET-No-Such-Operation");
}

/// An XML answer of the documented type, as .NET writes one: a primitive, or an empty model or
/// list of the answer's model in its namespace.
std::string xml_answer_for(const std::string& type) {
  const std::string primitives = "http://schemas.microsoft.com/2003/10/Serialization/";
  if (type == "string") return "<string xmlns=\"" + primitives + "\">s</string>";
  if (type == "boolean") return "<boolean xmlns=\"" + primitives + "\">true</boolean>";
  const std::string prefix = "Collection of ";
  const bool list = type.rfind(prefix, 0) == 0;
  const std::string key = list ? type.substr(prefix.size()) : type;
  if (!spec()["models"].contains(key)) return "";
  const json& model = spec()["models"][key];
  if (model["xml_namespace"].is_null()) return "";
  return "<" + std::string(list ? "ArrayOf" : "") + model["name"].get<std::string>() + " xmlns=\"" +
         model["xml_namespace"].get<std::string>() + "\"/>";
}

TEST_CASE("an operation whose body has a documented XML namespace is sent in XML",
          "[generated][operations]") {
  Server server;
  auto options = server.client_options();
  options.format = vc::Format::xml;
  const vc::Client client(options);
  std::size_t sent = 0;
  std::size_t refused = 0;
  for (const auto& op : spec()["operations"]) {
    if (op["body"].is_null()) continue;
    const json& model = spec()["models"][op["body"]["type"].get<std::string>()];
    if (model["xml_namespace"].is_null()) continue;
    const std::string id = op["id"];
    INFO(id);
    const auto plan = plan_for(op);
    const std::string type = op["answer"].is_null() ? "" : op["answer"].value("type", "");
    {
      std::lock_guard<std::mutex> lock(server.recorder.mutex);
      server.recorder.status = 200;
      server.recorder.answer = xml_answer_for(type);
    }
    const auto before = server.requests();
    const auto result = vc::api::try_call(client, id, plan.arguments, body_for(op));
    if (!result.ok()) {
      // An answer without a documented namespace is refused before sending, naming XML.
      CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
      CHECK_THAT(result.error().what(), Catch::Contains("XML"));
      CHECK(server.requests() == before);
      ++refused;
      continue;
    }
    std::lock_guard<std::mutex> lock(server.recorder.mutex);
    CHECK(server.recorder.content_type == "application/xml; charset=utf-8");
    pugi::xml_document sent_doc;
    REQUIRE(sent_doc.load_string(server.recorder.body.c_str()));
    CHECK(std::string(sent_doc.document_element().name()) == model["name"].get<std::string>());
    CHECK(std::string(sent_doc.document_element().attribute("xmlns").value()) ==
          model["xml_namespace"].get<std::string>());
    if (type == "string") CHECK(result.value() == "s");
    ++sent;
  }
  CHECK(sent >= 5);  // 7 bodies have a documented namespace: 5 go in XML today
  CHECK(sent + refused >= 7);
}
