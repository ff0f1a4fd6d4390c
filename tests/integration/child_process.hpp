#pragma once

// Starting a program from a test and reading what it prints.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace integration {

/// A program started with `argv` (argv[0] looked up in PATH), its stdout and stderr read through
/// pipes; killed and reaped when still running at the end.
class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv_text) {
    std::vector<char*> argv;
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);

    std::array<int, 2> out{}, err{};
    REQUIRE(::pipe2(out.data(), O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err.data(), O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    const int spawned =
        ::posix_spawnp(&pid_, argv.front(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
    REQUIRE(spawned == 0);
  }

  ~ChildProcess() {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Reads stdout until a line holds `text`; false after 10 s (a sanitizer build starts slowly)
  /// or when stdout closed without one.
  bool wait_for(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (out_text_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !read_some(out_, out_text_, static_cast<int>(left.count()))) {
        return false;
      }
    }
    return true;
  }

  /// Sends SIGTERM when `terminate`, waits for the exit (10 s at most, then SIGKILL) and returns
  /// the exit code; -1 for a signal.
  int finish(bool terminate = true) {
    if (exit_code_) return *exit_code_;
    if (terminate) ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    pid_t ended = 0;
    while ((ended = ::waitpid(pid_, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      // Keep reading, so that a chatty program never blocks on a full pipe.
      read_some(out_, out_text_, 5);
      read_some(err_, err_text_, 5);
    }
    if (ended == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    while (read_some(out_, out_text_, 1000)) {
    }
    while (read_some(err_, err_text_, 1000)) {
    }
    return *exit_code_;
  }

  const std::string& out() const { return out_text_; }
  const std::string& err() const { return err_text_; }

 private:
  /// Appends what `fd` has within `timeout_ms`; false at end of file or timeout.
  static bool read_some(int fd, std::string& into, int timeout_ms) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, timeout_ms) <= 0) return false;
    char buffer[4096];
    const auto got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) return false;
    into.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  pid_t pid_ = 0;
  int out_ = -1, err_ = -1;
  std::string out_text_, err_text_;
  std::optional<int> exit_code_;
};

}  // namespace integration
