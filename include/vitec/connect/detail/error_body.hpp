#pragma once

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// What a 400 body says: Web API's {"message", "modelState"} in camelCase or PascalCase JSON,
/// or <Error><Message/><ModelState><key>msg</key></ModelState></Error> in XML. Anything else
/// (an HTML page from a proxy) leaves both empty.
struct error_body {
  std::string message;
  std::map<std::string, std::vector<std::string>> model_state;
};

// The JSON type is a parameter so that nlohmann's overloads are resolved only where used.
template <class Json>
void add_json_messages(std::vector<std::string>& out, const Json& value) {
  if (value.is_string()) {
    out.push_back(value.template get<std::string>());
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) out.push_back(item.template get<std::string>());
    }
  }
}

template <class Json = nlohmann::json>
error_body parse_json_error_body(std::string_view body) {
  error_body out;
  const auto j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (iequals(it.key(), "message") && it->is_string()) {
      out.message = it->template get<std::string>();
    } else if (iequals(it.key(), "modelState") && it->is_object()) {
      for (auto field = it->begin(); field != it->end(); ++field) {
        add_json_messages(out.model_state[field.key()], *field);
      }
    }
  }
  return out;
}

template <class = void>
error_body parse_xml_error_body(std::string_view body) {
  error_body out;
  pugi::xml_document doc;
  if (body.find('\0') != std::string_view::npos ||
      !doc.load_buffer(body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                       pugi::encoding_utf8)) {
    return out;
  }
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "Error") return out;
  out.message = root.child("Message").child_value();
  for (pugi::xml_node entry : root.child("ModelState").children()) {
    if (entry.type() == pugi::node_element)
      out.model_state[entry.name()].push_back(entry.child_value());
  }
  return out;
}

template <class = void>
error_body parse_error_body(std::string_view body) {
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.remove_prefix(3);  // a UTF-8 byte order mark
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return body[first] == '<' ? parse_xml_error_body(body) : parse_json_error_body(body);
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
