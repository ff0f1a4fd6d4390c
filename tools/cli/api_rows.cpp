#include "api_rows.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <regex>
#include <tuple>
#include <utility>

#include "exit_codes.hpp"
#include "rows.hpp"

namespace vitec::cli {

namespace {

/// The parameter of `op` named `name` (without regard to ASCII case), or nullptr.
const ordered_json* parameter_named(const ordered_json& op, const std::string& name) {
  for (const auto& p : op["parameters"]) {
    if (same_name(p["name"].get<std::string>(), name)) return &p;
  }
  return nullptr;
}

/// The members a dotted column names, from the body model `model` down, as the description
/// spells them, and the last one's type; throws usage_error naming what is not there.
std::pair<std::vector<std::string>, std::string> members_of(const std::string& model,
                                                            const std::string& column) {
  const auto& models = catalogue()["models"];
  std::vector<std::string> members;
  std::string type = model;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = column.find('.', start);
    const std::string part = column.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!models.contains(type)) {
      throw usage_error("CSV column \"" + column + "\": " + members.back() + " is a " + type +
                        ", which has no members (give it whole, as JSON, in a column " +
                        members.back() + ")");
    }
    const auto& fields = models[type]["fields"];
    const auto field = std::find_if(fields.begin(), fields.end(), [&part](const auto& f) {
      return same_name(f["json"].template get<std::string>(), part);
    });
    if (field == fields.end()) {
      throw usage_error("CSV column \"" + column + "\": " + part + " is not a member of " + type +
                        " (see vitec-connect describe " + type + ")");
    }
    members.push_back((*field)["json"].get<std::string>());
    type = (*field)["type"].get<std::string>();
    if (dot == std::string::npos) return {members, type};
    start = dot + 1;
  }
}

/// A decimal number's significant digits: a double carries 15 of them exactly.
std::size_t significant_digits(const std::string& text) {
  const std::string mantissa = text.substr(0, text.find_first_of("eE"));
  std::string digits;
  for (const char c : mantissa) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  const bool fraction = mantissa.find('.') != std::string::npos;
  // Trailing zeros of a fraction add no precision; those of an integer part do.
  const auto last = fraction ? digits.find_last_not_of('0') : digits.size() - 1;
  return last - first + 1;
}

/// A cell as the JSON value of a member of `type` (the description's words), or why it is not
/// one. The SDK's model then checks what a cell of text cannot show: a date, an enum's name,
/// a length.
std::optional<nlohmann::json> json_cell(const std::string& text, const std::string& type,
                                        std::string& why) {
  static const std::regex integer(R"([+-]?[0-9]+)");
  static const std::regex decimal(R"([+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)");
  if (type == "integer") {
    errno = 0;
    const long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (std::regex_match(text, integer) && errno == 0) return value;
    why = "is not an integer within int64";
  } else if (type == "decimal number") {
    if (std::regex_match(text, decimal) && significant_digits(text) <= 15) {
      return std::strtod(text.c_str(), nullptr);
    }
    why = "is not a decimal number of at most 15 significant digits";
  } else if (type == "boolean") {
    if (const auto value = parse_bool(text)) return *value;
    why = "is not true or false (or 1/0, yes/no)";
  } else if (catalogue()["models"].contains(type) || type.rfind("list of ", 0) == 0) {
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
      why = "is not JSON (a " + type + " is given whole, as JSON)";
    }
  } else {
    return text;  // a string, a date, an enum's name, base64 bytes
  }
  return std::nullopt;
}

bool starts_with(const std::vector<std::string>& members, const std::vector<std::string>& head) {
  return head.size() <= members.size() && std::equal(head.begin(), head.end(), members.begin());
}

}  // namespace

ApiRowReader::ApiRowReader(const ordered_json& op, const std::vector<std::string>& header,
                           ApiRow fixed)
    : fixed_(std::move(fixed)) {
  const std::string id = op["id"].get<std::string>();
  const bool has_body = !op["body"].is_null();
  if (has_body) fixed_.body = nlohmann::json::object();
  for (const auto& name : header) {
    column c{column::place::ignored, name, {}, {}};
    if (const ordered_json* p = parameter_named(op, name)) {
      c.where = (*p)["in"] == "path" ? column::place::path : column::place::query;
      c.name = (*p)["name"].get<std::string>();
      const auto& given = c.where == column::place::path ? fixed_.path : fixed_.query;
      for (const auto& [assigned, value] : given) {
        if (same_name(assigned, name))
          throw usage_error("CSV column \"" + name + "\" is also given as " + assigned + "=");
      }
    } else if (has_body && name != "error") {
      c.where = column::place::body;
      std::tie(c.members, c.type) = members_of(op["body"].get<std::string>(), name);
    } else if (name != "error") {
      throw usage_error("CSV column \"" + name + "\" is not a parameter of " + id +
                        " (see vitec-connect describe " + id + "), which takes no body");
    }
    for (const auto& other : columns_) {
      const bool clash =
          c.where == column::place::body
              ? other.where == column::place::body &&
                    (starts_with(c.members, other.members) || starts_with(other.members, c.members))
              : other.where == c.where && other.name == c.name;
      if (clash && c.where != column::place::ignored)
        throw usage_error("CSV columns \"" + other.name + "\" and \"" + name +
                          "\" give the same value");
    }
    columns_.push_back(std::move(c));
  }
}

ApiRowCall ApiRowReader::operator()(const std::vector<std::string>& fields) const {
  ApiRow row = fixed_;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const column& c = columns_[i];
    // An empty cell leaves its parameter or member out.
    if (fields[i].empty() || c.where == column::place::ignored) continue;
    if (c.where != column::place::body) {
      (c.where == column::place::path ? row.path : row.query)[c.name] = fields[i];
      continue;
    }
    std::string why;
    auto value = json_cell(fields[i], c.type, why);
    std::string dotted;
    for (const auto& member : c.members) dotted += (dotted.empty() ? "" : ".") + member;
    if (!value) return {std::nullopt, dotted + " " + why};
    nlohmann::json* place = &*row.body;
    // No column names a member inside another's (the constructor refuses it): each parent is
    // an object.
    for (const auto& member : c.members) place = &(*place)[member];
    *place = std::move(*value);
  }
  return {std::move(row), {}};
}

}  // namespace vitec::cli
