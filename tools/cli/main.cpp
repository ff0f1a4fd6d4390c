// vitec-connect: Vitec Connect from the shell. See --help.
#include "commands.hpp"
#include "settings.hpp"

int main(int argc, char** argv) {
  const auto parsed = vitec::cli::parse_arguments(argc, argv);
  return parsed.settings ? vitec::cli::run(*parsed.settings) : parsed.exit_code;
}
