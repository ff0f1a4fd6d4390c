// deserialize<std::vector<OrderEntry>>, GET Service/Order's answer: see deserialize_model.hpp for
// what is checked.
#include "deserialize_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::read_answer_both_formats<std::vector<fuzz::vc::OrderEntry>>(data, size);
  return 0;
}
