// Asks a user to act on an order, using the non-throwing try_ form: the error is a value.
#include <iostream>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  example::arguments(argc, argv, "",
                     "Asks a user to act on an order, with the non-throwing try_ form.");
  vc::Client client(example::options_from_environment());

  vc::OrderUserInteractionRequest request;
  request.id = "ORDER-7";
  request.url = "https://example.com/orders/7/sign";  // must be absolute, with a scheme
  request.comment = "Please sign the purchase contract";

  const vc::Result<bool> result = client.try_request_order_user_interaction("M-42", request);
  if (!result) {
    std::cerr << "failed: " << result.error().what() << "\n";
    return 1;
  }
  std::cout << "PUT Service/Order/UserInteraction/M-42 (order ORDER-7): the server answered "
            << std::boolalpha << result.value() << "\n";
  return result.value() ? 0 : 1;
}
