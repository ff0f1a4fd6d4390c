#include "output.hpp"

namespace vitec::cli {

void print_request(std::ostream& out, const connect::HttpRequest& request,
                   const std::string& authorization) {
  out << request.method << ' ' << request.url << '\n';
  for (const auto& [name, value] : request.headers)
    out << name << ": " << (name == "Authorization" ? authorization : value) << '\n';
  out << '\n' << request.body << '\n';
}

const char* kind_name(connect::ErrorKind kind) {
  switch (kind) {
    case connect::ErrorKind::invalid_argument:
      return "invalid argument";
    case connect::ErrorKind::validation:
      return "validation";
    case connect::ErrorKind::unauthorized:
      return "unauthorized";
    case connect::ErrorKind::forbidden:
      return "forbidden";
    case connect::ErrorKind::server:
      return "server";
    case connect::ErrorKind::http:
      return "http";
    case connect::ErrorKind::not_found:
      return "not found";
    case connect::ErrorKind::transport:
      return "transport";
    case connect::ErrorKind::timeout:
      return "timeout";
    case connect::ErrorKind::protocol:
      return "protocol";
  }
  return "error";
}

std::string describe(const connect::Error& error) {
  std::string text = kind_name(error.kind());
  if (error.status() != 0) text += " (HTTP " + std::to_string(error.status()) + ")";
  text += ": ";
  text += error.what();
  for (const auto& [field, messages] : error.model_state()) {
    for (const auto& message : messages) text += "; " + field + ": " + message;
  }
  return text;
}

void Progress::update(std::size_t done, std::size_t total) {
  if (total == 0) return;
  if (terminal_) {
    constexpr std::size_t width = 40;
    const std::size_t filled = done * width / total;
    out_ << "\r[" << std::string(filled, '#') << std::string(width - filled, '-') << "] " << done
         << '/' << total;
    if (done == total) out_ << '\n';
    out_.flush();
    return;
  }
  const std::size_t tenth = done * 10 / total;
  if (tenth > last_tenth_ || done == total) {
    last_tenth_ = tenth;
    out_ << "progress: " << done << '/' << total << ' ' << unit_ << " done\n";
    out_.flush();
  }
}

}  // namespace vitec::cli
