# Warnings for the project's own programs, errors with VITEC_CONNECT_WERROR (ON in the presets
# and CI). PRIVATE: consumers of the INTERFACE targets keep their own flags.
function(vitec_connect_strict target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                                             $<$<BOOL:${VITEC_CONNECT_WERROR}>:-Werror>)
  endif()
endfunction()
