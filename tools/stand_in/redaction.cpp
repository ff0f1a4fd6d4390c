#include "redaction.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "catalogue.hpp"
#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

using json = nlohmann::json;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The lower-case names the description marks personal, as members and as parameters.
const std::set<std::string>& marked_personal() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (const auto& [key, model] : the_catalogue().models) {
      for (const auto& field : model.fields) {
        if (field.personal) out.insert(lower(field.json));
      }
    }
    for (const auto& op : the_catalogue().operations) {
      for (const auto& param : op.params) {
        if (param.personal) out.insert(lower(param.wire_name));
      }
    }
    return out;
  }();
  return names;
}

/// Masks personal members in place; true when it masked any.
bool mask(json& value) {
  bool masked = false;
  if (value.is_object()) {
    for (auto& [key, member] : value.items()) {
      if (personal_name(key) && !member.is_null()) {
        member = "<redacted>";
        masked = true;
      } else {
        masked = mask(member) || masked;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) masked = mask(item) || masked;
  }
  return masked;
}

}  // namespace

bool personal_name(std::string_view name) {
  const std::string wanted = lower(name);
  for (const char* like : {"socialnumber", "socialsecuritynumber", "personnummer"}) {
    if (wanted.find(like) != std::string::npos) return true;
  }
  return marked_personal().count(wanted) > 0;
}

std::string logged_body(const std::string& body, std::size_t limit) {
  auto document = json::parse(body, nullptr, false);
  if (document.is_discarded()) {  // XML, or anything else: judged by its element names
    for (std::size_t open = body.find('<'); open != std::string::npos;
         open = body.find('<', open + 1)) {
      const std::size_t end = body.find_first_of(" \t\r\n/>", open + 1);
      std::string_view element = std::string_view(body).substr(open + 1, end - open - 1);
      element.remove_prefix(element.find(':') + 1);  // npos + 1 is 0: no prefix to drop
      if (!element.empty() && personal_name(element)) return "<withheld: holds personal data>";
    }
    return log_excerpt(body, limit);
  }
  return log_excerpt(mask(document) ? document.dump() : body, limit);
}

std::string logged_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  for (std::size_t end = query.find('&');; end = query.find('&')) {
    const std::string_view pair = query.substr(0, end);
    const auto equals = pair.find('=');
    const std::string_view name = pair.substr(0, equals);
    out += equals != std::string_view::npos && personal_name(decoded_path(name))
               ? std::string(name) + "=<redacted>"
               : std::string(pair);
    if (end == std::string_view::npos) return out;
    out += '&';
    query.remove_prefix(end + 1);
  }
}

}  // namespace vitec::stand_in::detail
