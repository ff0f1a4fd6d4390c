#pragma once

#include <string>
#include <utility>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// A problem with the outbox's file, thrown by Outbox and never returned in a Result. kind() is
/// ErrorKind::invalid_argument (nothing was sent because of it); reason() says what to do:
/// wait and try again (locked), free space (full), or look at the file (the others). When an
/// enqueue throws it, nothing of that item was stored.
class OutboxError : public Error {
 public:
  enum class Reason {
    not_an_outbox,  ///< not an SQLite database, or one that some other program made
    newer_schema,   ///< written by a newer version of this SDK: upgrade before using it
    read_only,      ///< the file or its directory cannot be written
    locked,         ///< another connection held the file longer than the busy timeout
    corrupt,        ///< SQLite found the file damaged
    full,           ///< the disk (or the database's page limit) is full
    io              ///< any other failure to open, read or write the file
  };

  OutboxError(Reason reason, const std::string& what)
      : Error(ErrorKind::invalid_argument, what), reason_(reason) {}

  Reason reason() const noexcept { return reason_; }

 private:
  Reason reason_;
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
