// What the description says of each operation, model and enum, as the CLI's `operations`,
// `describe` and `api` need it: tools/codegen/cli_catalogue.py writes it into the build tree
// from spec/vitec-connect.json, so that it is never a second, hand-kept copy.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vitec::cli {

using ordered_json = nlohmann::ordered_json;

/// {"operations": [...], "models": {key: ...}, "enums": {key: ...}}, parsed on first use.
const ordered_json& catalogue();

/// The operation of that id (exactly as listed, else without regard to ASCII case); nullptr if
/// none has it.
const ordered_json* find_operation(const std::string& id);

/// What `describe NAME` names: an operation, or a model or enum by its description key
/// (Crm_CrmPersonContact), its C++ name or its page name, without regard to ASCII case.
struct Described {
  enum class kind { none, operation, model, enumeration, ambiguous };
  kind what = kind::none;
  std::string key;  ///< a model's or enum's description key
  const ordered_json* entry = nullptr;
  std::vector<std::string>
      candidates;  ///< ambiguous: the keys that share the name; none: near names
};
Described find_described(const std::string& name);

/// Whether two texts are equal without regard to ASCII case.
bool same_name(const std::string& a, const std::string& b);

}  // namespace vitec::cli
