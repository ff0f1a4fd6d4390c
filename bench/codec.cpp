// serialize + deserialize of each model in each format, and the response boolean, per second.
//   vitec_connect_bench_codec [--seconds 0.5]

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "bench_support.hpp"

namespace bench {
namespace {

vc::OrderUserInteractionRequest sample_order() {
  vc::OrderUserInteractionRequest item;
  item.id = "ORD5F4E3D2C1B0A";
  item.url = "https://broker.example.com/objects/123?view=interest&lang=sv";
  item.comment = "Spekulanten vill boka visning på lördag, gärna före 12.";
  return item;
}

// What each round trip must bring back intact (the optimiser may not drop the work either).
const std::optional<std::string>& key(const vc::ParticipantFollowUp& item) {
  return item.viewing_id;
}
const std::optional<std::string>& key(const vc::OrderUserInteractionRequest& item) {
  return item.comment;
}

/// Runs `round` in batches until `budget` seconds have passed; rounds per second.
template <class Round>
double rate(double budget, Round&& round) {
  const auto start = std::chrono::steady_clock::now();
  long rounds = 0;
  do {
    for (int i = 0; i < 1000; ++i) round();
    rounds += 1000;
  } while (seconds_since(start) < budget);
  return static_cast<double>(rounds) / seconds_since(start);
}

template <class Model>
void round_trips(const char* name, const Model& model, double budget) {
  for (const auto format : {vc::Format::json, vc::Format::xml}) {
    const char* format_name = format == vc::Format::json ? "json" : "xml";
    const auto ops = rate(budget, [&] {
      const auto back = vc::deserialize<Model>(vc::serialize(model, format), format);
      if (key(back) != key(model)) fail("round trip lost data");
    });
    std::printf("codec model=%s format=%s round_trips_per_s=%.0f\n", name, format_name, ops);
  }
}

int run(int argc, char** argv) {
  const double budget = std::stod(arg(argc, argv, "--seconds", "0.5"));
  round_trips("ParticipantFollowUp", sample_follow_up(), budget);
  round_trips("OrderUserInteractionRequest", sample_order(), budget);
  const std::string xml_true =
      R"(<boolean xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</boolean>)";
  for (const auto& answer :
       {std::pair{vc::Format::json, std::string("true")}, std::pair{vc::Format::xml, xml_true}}) {
    const auto format = answer.first;
    const auto& text = answer.second;
    const auto ops = rate(budget, [&] {
      if (!vc::deserialize<bool>(text, format)) fail("true read as false");
    });
    std::printf("codec model=boolean format=%s parses_per_s=%.0f\n",
                format == vc::Format::json ? "json" : "xml", ops);
  }
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
