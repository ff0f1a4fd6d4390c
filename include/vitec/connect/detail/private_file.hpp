#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// Creates a missing file as 0600 before SQLite opens it (SQLite gives its -wal and -shm files
/// the database file's mode), or checks that an existing one is writable (SQLite would silently
/// open it read-only). Returns 0, or the errno of the failure; -1 when the new file could not be
/// made private.
inline int prepare_private_file(const char* path) noexcept {
  const int fd = ::open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const bool private_mode = ::fchmod(fd, 0600) == 0;  // whatever the umask took away
    ::close(fd);
    return private_mode ? 0 : -1;
  }
  if (errno == EEXIST) {
    const int existing = ::open(path, O_RDWR | O_CLOEXEC);
    if (existing >= 0) {
      ::close(existing);
      return 0;
    }
  }
  return errno;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
