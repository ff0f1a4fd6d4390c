// What `vitec-connect outbox` was asked to do.
#pragma once

#include <string>
#include <vector>

namespace vitec::cli {

struct OutboxSettings {
  enum class action { add, drain, status, dead_letters };
  action what = action::status;
  std::string db;
  std::vector<std::string> add_args;  ///< add: a viewing-participant/order-interaction command line
  double watch_seconds = 0;           ///< drain: 0 = once; else drain again after this long
  std::string csv;                    ///< dead-letters: export to this file
  bool requeue = false;               ///< dead-letters: put them back in the queue
};

}  // namespace vitec::cli
