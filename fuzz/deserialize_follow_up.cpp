// deserialize<ParticipantFollowUp>: see deserialize_model.hpp for what is checked.
#include "deserialize_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::deserialize_both_formats<fuzz::vc::ParticipantFollowUp>(data, size);
  return 0;
}
