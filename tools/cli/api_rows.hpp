// `api OPERATION_ID --csv FILE`: the columns of the file mapped onto the operation's parameters
// and its body model's members, and each row read into one call.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalogue.hpp"

namespace vitec::cli {

/// One call, as api::call takes it.
struct ApiRow {
  std::map<std::string, std::string> path, query;
  std::optional<nlohmann::json> body;
};

/// The call for one row, or why the row cannot become one.
struct ApiRowCall {
  std::optional<ApiRow> call;
  std::string error;  ///< set when `call` is empty
};

/// Reads the rows of one operation's CSV file.
class ApiRowReader {
 public:
  /// `op` is the catalogue's entry; `fixed` holds the NAME=VALUE parameters of the command
  /// line, the same for every row. Throws usage_error naming a column that is neither a
  /// parameter nor a body member (a typo would otherwise drop that value from every request),
  /// one named twice or also given as NAME=VALUE. A column `error` (the failed-rows file's) is
  /// ignored.
  ApiRowReader(const ordered_json& op, const std::vector<std::string>& header, ApiRow fixed);

  ApiRowCall operator()(const std::vector<std::string>& fields) const;

 private:
  struct column {
    enum class place { path, query, body, ignored } where;
    std::string name;                  ///< a parameter's name, or the column as written
    std::vector<std::string> members;  ///< body: the JSON names from the body's root
    std::string type;                  ///< body: the member's type in the description
  };

  std::vector<column> columns_;
  ApiRow fixed_;
};

}  // namespace vitec::cli
