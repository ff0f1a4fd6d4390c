#include "validation.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

using json = nlohmann::json;

constexpr std::string_view collection = "Collection of ";

bool names_a_value(const enum_spec& spec, std::string_view name) {
  return spec.values.empty() ||
         std::any_of(spec.values.begin(), spec.values.end(),
                     [&](const std::string& value) { return iequals(value, name); });
}

/// A name, or with flags several separated by ',' (Json.NET's "A, B").
bool enum_text_fits(const enum_spec& spec, std::string_view text) {
  if (!spec.flags) return names_a_value(spec, text);
  for (std::size_t end = text.find(',');; end = text.find(',')) {
    std::string_view name = text.substr(0, end);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (!names_a_value(spec, name)) return false;
    if (end == std::string_view::npos) return true;
    text.remove_prefix(end + 1);
  }
}

std::string length_reason(const std::string& member, std::optional<std::size_t> min,
                          std::optional<std::size_t> max) {
  if (min && max) {
    return "The field " + member + " must be a string with a minimum length of " +
           std::to_string(*min) + " and a maximum length of " + std::to_string(*max) + ".";
  }
  if (max) {
    return "The field " + member + " must be a string with a maximum length of " +
           std::to_string(*max) + ".";
  }
  return "The field " + member + " must be a string with a minimum length of " +
         std::to_string(min.value_or(0)) + ".";
}

bool length_fits(std::string_view text, std::optional<std::size_t> min,
                 std::optional<std::size_t> max) {
  const std::size_t length = utf16_length(text);
  return (!min || length >= *min) && (!max || length <= *max);
}

class body_checker {
 public:
  model_state state;

  void model(const std::string& key, const json& object, const std::string& where) {
    const auto found_model = the_catalogue().models.find(key);
    if (found_model == the_catalogue().models.end()) return;  // a type the pages do not describe
    const model_spec& spec = found_model->second;
    if (!object.is_object()) return wrong(where, spec.name);
    for (const field_spec& field : spec.fields) {
      const std::string member = where + "." + field.name;
      // Json.NET binds member names without regard to case.
      const auto found =
          std::find_if(object.items().begin(), object.items().end(),
                       [&](const auto& item) { return iequals(item.key(), field.json); });
      if (found == object.items().end() || found.value().is_null()) {
        if (field.required) state[member].push_back("The " + field.name + " field is required.");
        continue;
      }
      if (value(field.type, found.value(), member)) limits(field, found.value(), member);
    }
  }

 private:
  void wrong(const std::string& where, const std::string& type) {
    state[where].push_back("The value is not a valid " + type + ".");
  }

  /// Checks `v` against `type`; false when it is not of that type at all.
  bool value(const std::string& type, const json& v, const std::string& where) {
    if (v.is_null()) return true;
    if (type == "Collection of byte") {  // base64 text, or the bytes as numbers
      if (v.is_string() || v.is_array()) return true;
      wrong(where, "base64 text");
      return false;
    }
    if (type.rfind(collection, 0) == 0) {
      if (!v.is_array()) {
        wrong(where, "list");
        return false;
      }
      const std::string item = type.substr(collection.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        value(item, v[i], where + "[" + std::to_string(i) + "]");
      }
      return true;
    }
    bool fits = true;
    if (type == "string" || type == "date") {
      fits = v.is_string();
    } else if (type == "integer" || type == "byte") {
      fits = v.is_number_integer();
    } else if (type == "decimal number") {
      fits = v.is_number();
    } else if (type == "boolean") {
      fits = v.is_boolean();
    } else if (const auto e = the_catalogue().enums.find(type); e != the_catalogue().enums.end()) {
      fits = v.is_number_integer() ||
             (v.is_string() && enum_text_fits(e->second, v.get<std::string>()));
    } else {
      model(type, v, where);
      return v.is_object();
    }
    if (!fits) wrong(where, type);
    return fits;
  }

  void limits(const field_spec& field, const json& v, const std::string& where) {
    if (v.is_string() && (field.min_length || field.max_length) &&
        !length_fits(v.get<std::string>(), field.min_length, field.max_length)) {
      state[where].push_back(length_reason(field.name, field.min_length, field.max_length));
    }
    if (v.is_number() && ((field.minimum && v.get<double>() < *field.minimum) ||
                          (field.maximum && v.get<double>() > *field.maximum))) {
      state[where].push_back("The field " + field.name + " is out of its documented range.");
    }
    if (v.is_array() && field.min_items && v.size() < *field.min_items) {
      state[where].push_back("The field " + field.name +
                             " must be a string or array type with a minimum length of '" +
                             std::to_string(*field.min_items) + "'.");
    }
  }
};

bool kind_fits(const param_spec& param, const std::string& text) {
  const char* end = text.data() + text.size();
  if (param.kind == "integer") {
    std::int64_t number = 0;
    const auto [ptr, error] = std::from_chars(text.data(), end, number);
    return error == std::errc() && ptr == end;
  }
  if (param.kind == "decimal") {
    char* parsed = nullptr;
    std::strtod(text.c_str(), &parsed);
    return parsed == end;
  }
  if (param.kind == "boolean") return iequals(text, "true") || iequals(text, "false");
  if (param.kind == "date") {  // what DateTime.Parse needs at least: a year and a month
    return text.size() >= 7 &&
           std::all_of(text.begin(), text.begin() + 4,
                       [](char c) { return c >= '0' && c <= '9'; }) &&
           text[4] == '-';
  }
  if (param.kind == "name" || param.kind == "names") {
    const auto& e = the_catalogue().enums.at(param.enum_key);
    return enum_text_fits(e, text);
  }
  return true;
}

/// Adds a reason when `value`, a list of ids separated by ',', holds more than documented.
void too_many_ids(const param_spec& param, const std::string& value, model_state& state) {
  if (!param.list || !param.max_items) return;
  const auto ids = static_cast<std::size_t>(std::count(value.begin(), value.end(), ',')) + 1;
  if (ids > *param.max_items) {
    state[param.wire_name].push_back("At most " + std::to_string(*param.max_items) + " ids of " +
                                     param.name + " may be given at once.");
  }
}

}  // namespace

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (const char c : utf8) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++units;  // a lead byte starts a character
    if (byte >= 0xF0) ++units;           // beyond the BMP: a surrogate pair
  }
  return units;
}

model_state check_body(const std::string& model_key, const json& body) {
  body_checker checker;
  checker.model(model_key, body, the_catalogue().models.at(model_key).name);
  return std::move(checker.state);
}

model_state check_parameters(const operation_spec& op,
                             const std::map<std::string, std::string>& path,
                             const std::multimap<std::string, std::string>& query) {
  model_state state;
  for (const param_spec& param : op.params) {
    if (param.in_path) {
      const auto value = path.find(param.name);
      if (value != path.end()) too_many_ids(param, value->second, state);
      continue;
    }
    // Web API binds query names without regard to case.
    const auto found = std::find_if(query.begin(), query.end(), [&](const auto& item) {
      return iequals(item.first, param.wire_name);
    });
    if (found == query.end() || found->second.empty()) {
      if (param.required) {
        state[param.wire_name].push_back("The " + param.name + " field is required.");
      }
      continue;
    }
    too_many_ids(param, found->second, state);
    if (!kind_fits(param, found->second)) {
      state[param.wire_name].push_back("The value is not valid for " + param.name + ".");
    } else if (param.kind == "text" &&
               !length_fits(found->second, param.min_length, param.max_length)) {
      state[param.wire_name].push_back(
          length_reason(param.name, param.min_length, param.max_length));
    }
  }
  return state;
}

}  // namespace vitec::stand_in::detail
