#include <algorithm>
#include <iomanip>
#include <sstream>

#include "stand_in.hpp"

namespace vitec::stand_in {

std::string summary(const std::vector<RecordedRequest>& requests) {
  struct group {
    std::string endpoint;
    int status;
    std::size_t count;
  };
  std::vector<group> groups;  // a handful: a linear search keeps first-arrival order simply
  for (const RecordedRequest& request : requests) {
    // Without an endpoint the path itself is the best name there is.
    std::string endpoint =
        request.endpoint.empty() ? request.method + " " + request.path : request.endpoint;
    const auto found = std::find_if(groups.begin(), groups.end(), [&](const group& g) {
      return g.endpoint == endpoint && g.status == request.status;
    });
    if (found != groups.end()) {
      ++found->count;
    } else {
      groups.push_back({std::move(endpoint), request.status, 1});
    }
  }
  std::ostringstream out;
  for (const group& g : groups) {
    out << std::setw(7) << g.count << " x "
        << (g.status ? std::to_string(g.status) : std::string("no answer")) << "  " << g.endpoint
        << "\n";
  }
  return out.str();
}

}  // namespace vitec::stand_in
