#include "catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace vitec::cli {

namespace {

// Pieces of one JSON text, joined before parsing (one literal would be too long for some
// compilers).
constexpr const char* catalogue_pieces[] = {
#include "cli_catalogue.inc"
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// Models and enums whose key or names contain `name`: a hint for a misspelt name.
std::vector<std::string> near_names(const std::string& name) {
  constexpr std::size_t most = 10;
  const std::string wanted = lower(name);
  std::vector<std::string> found;
  for (const char* table : {"models", "enums"}) {
    for (const auto& [key, item] : catalogue()[table].items()) {
      if (found.size() < most && lower(key).find(wanted) != std::string::npos) found.push_back(key);
    }
  }
  for (const auto& op : catalogue()["operations"]) {
    const auto id = op["id"].get<std::string>();
    if (found.size() < most && lower(id).find(wanted) != std::string::npos) found.push_back(id);
  }
  return found;
}

}  // namespace

bool same_name(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

const ordered_json& catalogue() {
  static const ordered_json document = [] {
    std::string text;
    for (const char* piece : catalogue_pieces) text += piece;
    return ordered_json::parse(text);
  }();
  return document;
}

const ordered_json* find_operation(const std::string& id) {
  const ordered_json* loose = nullptr;
  for (const auto& op : catalogue()["operations"]) {
    if (op["id"] == id) return &op;
    if (!loose && same_name(op["id"].get<std::string>(), id)) loose = &op;
  }
  return loose;
}

Described find_described(const std::string& name) {
  Described out;
  if (const ordered_json* op = find_operation(name)) {
    out.what = Described::kind::operation;
    out.entry = op;
    return out;
  }
  // A key names one item; a C++ name too (generate_cpp.py makes them unique); a page name may
  // be shared by several, which are then listed.
  for (const char* member : {"key", "cpp", "name"}) {
    std::vector<std::pair<std::string, const ordered_json*>> hits;
    for (const char* table : {"models", "enums"}) {
      for (const auto& [key, item] : catalogue()[table].items()) {
        const std::string text =
            std::string(member) == "key" ? key : item[member].get<std::string>();
        if (same_name(text, name)) hits.emplace_back(key, &item);
      }
    }
    if (hits.size() == 1) {
      out.key = hits.front().first;
      out.entry = hits.front().second;
      out.what = catalogue()["models"].contains(out.key) ? Described::kind::model
                                                         : Described::kind::enumeration;
      return out;
    }
    if (hits.size() > 1) {
      out.what = Described::kind::ambiguous;
      std::transform(hits.begin(), hits.end(), std::back_inserter(out.candidates),
                     [](const auto& hit) { return hit.first; });
      return out;
    }
  }
  out.candidates = near_names(name);
  return out;
}

}  // namespace vitec::cli
