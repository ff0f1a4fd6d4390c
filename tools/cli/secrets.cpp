#include "secrets.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "exit_codes.hpp"

namespace vitec::cli {

namespace {

/// The first line of `in` without its line end; `option` names where it came from.
std::string first_line(std::istream& in, const std::string& what, const std::string& option) {
  std::string line;
  if (!in || !std::getline(in, line))
    throw usage_error("cannot read a " + what + " from " + option);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw usage_error(option + " starts with an empty line");
  return line;
}

}  // namespace

std::string read_password(const Settings& settings) {
  if (!settings.password_file.empty()) {
    std::ifstream in(settings.password_file);
    return first_line(in, "password", "--password-file");
  }
  if (const char* password = std::getenv("VITEC_CONNECT_PASSWORD")) {
    if (*password != '\0') return password;
    throw usage_error("VITEC_CONNECT_PASSWORD is empty");
  }
  throw usage_error("no password: set VITEC_CONNECT_PASSWORD or give --password-file");
}

std::string read_token(const Settings& settings) {
  if (settings.token) return *settings.token;
  if (settings.token_file == "-") return first_line(std::cin, "token", "standard input");
  std::ifstream in(settings.token_file);
  return first_line(in, "token", "--token-file");
}

}  // namespace vitec::cli
