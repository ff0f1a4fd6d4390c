#include "catalogue.hpp"

#include <algorithm>

#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

// Pieces of one JSON text, joined before parsing (one literal would be too long for some
// compilers).
constexpr const char* catalogue_pieces[] = {
#include "stand_in_catalogue.inc"
};

using json = nlohmann::json;

template <typename T>
std::optional<T> optional_of(const json& object, const char* key) {
  if (!object.contains(key)) return std::nullopt;
  return object.at(key).get<T>();
}

std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> out;
  for (std::size_t end = path.find('/');; end = path.find('/')) {
    out.emplace_back(path.substr(0, end));
    if (end == std::string_view::npos) return out;
    path.remove_prefix(end + 1);
  }
}

param_spec param_of(const json& p) {
  param_spec out;
  out.name = p.at("name");
  out.wire_name = p.at("wire_name");
  out.in_path = p.at("in") == "path";
  out.required = p.at("required");
  out.list = p.at("list");
  out.personal = p.value("personal", false);
  out.kind = p.at("kind");
  out.enum_key = p.value("enum", "");
  out.min_length = optional_of<std::size_t>(p, "min_length");
  out.max_length = optional_of<std::size_t>(p, "max_length");
  out.max_items = optional_of<std::size_t>(p, "max_items");
  return out;
}

operation_spec operation_of(const json& op) {
  operation_spec out;
  out.id = op.at("id");
  out.method = op.at("method");
  out.path = op.at("path");
  out.segments = segments_of(out.path);
  for (const auto& p : op.at("params")) out.params.push_back(param_of(p));
  if (!op.at("body").is_null()) out.body = op.at("body");
  out.answer = op.at("answer");
  out.no_content = op.value("no_content", false);
  out.reads_back = op.value("reads_back", "");
  out.answer_model = op.value("answer_model", "");
  return out;
}

field_spec field_of(const json& f) {
  field_spec out;
  out.name = f.at("name");
  out.json = f.at("json");
  out.type = f.at("type");
  out.required = f.at("required");
  out.personal = f.value("personal", false);
  out.min_length = optional_of<std::size_t>(f, "min_length");
  out.max_length = optional_of<std::size_t>(f, "max_length");
  out.min_items = optional_of<std::size_t>(f, "min_items");
  out.minimum = optional_of<double>(f, "minimum");
  out.maximum = optional_of<double>(f, "maximum");
  return out;
}

catalogue read_catalogue() {
  std::string text;
  for (const char* piece : catalogue_pieces) text += piece;
  const json document = json::parse(text);
  catalogue out;
  for (const auto& op : document.at("operations")) out.operations.push_back(operation_of(op));
  for (const auto& [key, model] : document.at("models").items()) {
    model_spec& spec = out.models[key];
    spec.name = model.at("name");
    for (const auto& f : model.at("fields")) spec.fields.push_back(field_of(f));
  }
  for (const auto& [key, item] : document.at("enums").items()) {
    out.enums[key] = {item.at("flags"), item.at("values").get<std::vector<std::string>>()};
  }
  return out;
}

bool is_parameter(const std::string& segment) { return segment.front() == '{'; }

std::size_t literal_count(const operation_spec& op) {
  return static_cast<std::size_t>(
      std::count_if(op.segments.begin(), op.segments.end(),
                    [](const std::string& s) { return !is_parameter(s); }));
}

/// Whether a path of `count` segments can be `op`'s: all of them, or all but an optional last
/// parameter (left out with its '/', as the SDK sends it).
bool length_fits(const operation_spec& op, std::size_t count) {
  if (count == op.segments.size()) return true;
  return count + 1 == op.segments.size() && is_parameter(op.segments.back()) &&
         !op.params.at(op.segments.size() - 1 - literal_count(op)).required;
}

/// Where `a` and `b` first differ in having a literal, the one with the literal wins; true when
/// `a` does.
bool more_literal(const operation_spec& a, const operation_spec& b) {
  for (std::size_t i = 0; i < std::min(a.segments.size(), b.segments.size()); ++i) {
    const bool literal_a = !is_parameter(a.segments[i]);
    if (literal_a != !is_parameter(b.segments[i])) return literal_a;
  }
  return false;
}

/// Whether `op`'s list parameters are where `raw` holds a ',' (a single id never does: the SDK
/// encodes one as %2C).
bool lists_fit(const operation_spec& op, const std::vector<std::string>& raw) {
  std::size_t position = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!is_parameter(op.segments[i])) continue;
    const bool list = op.params.at(position++).list;
    if (list != (raw[i].find(',') != std::string::npos)) return false;
  }
  return true;
}

}  // namespace

const operation_spec* catalogue::operation(std::string_view id) const {
  const auto found = std::find_if(operations.begin(), operations.end(),
                                  [&](const operation_spec& op) { return op.id == id; });
  return found == operations.end() ? nullptr : &*found;
}

const catalogue& the_catalogue() {
  static const catalogue document = read_catalogue();
  return document;
}

std::optional<route_match> route(std::string_view method, std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path.empty() || path.front() != '/') return std::nullopt;
  const auto raw = segments_of(path.substr(1));
  if (std::any_of(raw.begin(), raw.end(), std::mem_fn(&std::string::empty))) return std::nullopt;
  const operation_spec* best = nullptr;
  for (const operation_spec& op : the_catalogue().operations) {
    if (op.method != method || !length_fits(op, raw.size())) continue;
    bool fits = true;
    for (std::size_t i = 0; i < raw.size() && fits; ++i) {
      fits = is_parameter(op.segments[i]) || iequals(op.segments[i], decoded_path(raw[i]));
    }
    if (!fits) continue;
    if (!best || more_literal(op, *best) ||
        (!more_literal(*best, op) && lists_fit(op, raw) && !lists_fit(*best, raw))) {
      best = &op;
    }
  }
  if (!best) return std::nullopt;
  route_match out{best, {}};
  std::size_t position = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {  // an optional last one left out is not there
    if (is_parameter(best->segments[i])) {
      out.path[best->params.at(position++).name] = decoded_path(raw[i]);
    }
  }
  return out;
}

}  // namespace vitec::stand_in::detail
