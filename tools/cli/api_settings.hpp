// What `vitec-connect operations`, `api`, `describe` and `completion` were asked to do.
#pragma once

#include <string>
#include <vector>

#include "completion.hpp"

namespace vitec::cli {

struct ApiSettings {
  std::string area;                      ///< operations: only this area ("" = every area)
  std::string operation_id;              ///< api: the operation
  std::vector<std::string> assignments;  ///< api: NAME=VALUE, each a path or query parameter
  std::string body_file;                 ///< api: the body's JSON file, "-" = standard input
  bool all_pages = false;                ///< api: every row of a paged list, one JSON line each
  std::string name;                      ///< describe: a model, an enum or an operation id
  CommandWords words;                    ///< completion: the command line's own words
};

}  // namespace vitec::cli
