# Warnings are errors for the project's own programs; consumers of the
# INTERFACE targets keep their own flags.
function(vitec_connect_strict target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  endif()
endfunction()
