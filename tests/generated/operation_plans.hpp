// What the table-driven tests of tests/generated share: the description, and valid arguments
// and bodies for any of its operations, with the request target they must make.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <vitec/connect.hpp>
#include <vitec/connect/api/all.hpp>

namespace generated {

namespace vc = vitec::connect;
using json = nlohmann::json;

inline const json& spec() {
  static const json s = [] {
    std::ifstream in(VITEC_CONNECT_SPEC_FILE);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
  }();
  return s;
}

/// The page's sample without what the SDK never writes: null members and empty lists.
inline json pruned(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_null() || (it->is_array() && it->empty())) continue;
      out[it.key()] = pruned(*it);
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& item : j) out.push_back(pruned(item));
    return out;
  }
  return j;
}

inline std::string encoded(const std::string& text) {
  return vc::detail::percent_encode_segment(text);
}

/// A value of the parameter's type, and how it must look on the wire.
struct sample_param {
  std::string text;
  std::string on_wire;
};

inline sample_param sample_of(const json& param, const json& enums) {
  const std::string type = param["type"];
  const std::string name = param["name"];
  if (param.value("list_param", false)) {
    return {name + " 1,id/2", encoded(name + " 1") + "," + encoded("id/2")};
  }
  if (type == "integer") return {"42", "42"};
  if (type == "decimal number") return {"59.3293", "59.3293"};
  if (type == "boolean") return {"true", "true"};
  if (type == "date") return {"2024-05-01T12:00:00", "2024-05-01T12:00:00"};
  if (enums.contains(type)) {
    const auto& values = enums[type]["values"];
    // An enum the pages name no values of still takes any name (an extensible enum).
    std::string text = values.empty() ? std::string("SomeName") : values[0].get<std::string>();
    if (enums[type]["flags"].get<bool>() && values.size() > 1) {
      text += "," + values[1].get<std::string>();
    }
    return {text, vc::detail::percent_encode_query_value(text)};
  }
  // Long enough for every documented minimum, short enough for every maximum.
  const std::string text = "ab\xC3\xA4 /&1234";
  return {text, param.value("in_path", false) ? encoded(text)
                                              : vc::detail::percent_encode_query_value(text)};
}

/// The arguments for an operation, and the request target they must make.
struct call_plan {
  vc::api::Arguments arguments;
  std::string target;
};

inline call_plan plan_for(const json& op) {
  const auto& enums = spec()["enums"];
  call_plan plan;
  std::string path = op["path"];
  for (auto param : op["path_params"]) {
    param["in_path"] = true;
    const auto sample = sample_of(param, enums);
    plan.arguments.path[param["name"]] = sample.text;
    const std::string braced = "{" + param["name"].get<std::string>() + "}";
    path.replace(path.find(braced), braced.size(), sample.on_wire);
  }
  std::string query;
  for (const auto& param : op["query_params"]) {
    const std::string type = param["type"];
    if (spec()["models"].contains(type)) {  // a model's members, each its own parameter
      const std::string prefix = param.value("wire_name", std::string("paging"));
      for (const auto& field : spec()["models"][type]["fields"]) {
        plan.arguments.query[field["name"]] = "7";
        query +=
            (query.empty() ? "" : "&") + prefix + "." + field["json"].get<std::string>() + "=7";
      }
      continue;
    }
    const auto sample = sample_of(param, enums);
    plan.arguments.query[param["name"]] = sample.text;
    query += (query.empty() ? "" : "&") +
             param.value("wire_name", param["name"].get<std::string>()) + "=" + sample.on_wire;
  }
  plan.target = "/" + path + (query.empty() ? "" : "?" + query);
  return plan;
}

/// The body to send: the page's sample, else an empty object. A sample's placeholder text
/// ("sample string 4") may be longer than the member's documented limit (a two-letter country
/// code): it is cut to the limit, as a real value would be.
inline std::optional<json> body_for(const json& op) {
  if (op["body"].is_null()) return std::nullopt;
  if (!op.contains("sample_body")) return json::object();
  json body = op["sample_body"];
  const auto& model = spec()["models"][op["body"]["type"].get<std::string>()];
  for (const auto& field : model["fields"]) {
    const std::string name = field["json"];
    if (field["max_length"].is_null() || !body.contains(name) || !body[name].is_string()) continue;
    const auto max = field["max_length"].get<std::size_t>();
    if (body[name].get<std::string>().size() > max)
      body[name] = body[name].get<std::string>().substr(0, max);
  }
  return body;
}

}  // namespace generated
