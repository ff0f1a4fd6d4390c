# The packages each part of the SDK needs, as find_package arguments ("Name [version]"). The
# build finds them with vitec_connect_find_packages; the installed package config asks for the
# same ones component by component (vitec_connect_install.cmake), so that a consumer of the
# models alone never looks for libcurl. A new dependency of a target goes into its list here.
set(vitec_connect_models_packages "nlohmann_json 3.9" "pugixml 1.11")
set(vitec_connect_connect_packages "CURL 7.68" "Threads")  # 7.66: curl_multi_poll; 7.62: URL API
# Optional: vitec::connect_outbox only when both are found.
set(vitec_connect_outbox_packages "SQLite3" "OpenSSL COMPONENTS Crypto")

# vitec_connect_find_packages(list_variable): find_package(... REQUIRED) for each entry. A macro,
# so that the variables the packages set stay visible to the caller.
macro(vitec_connect_find_packages vitec_connect_list)
  foreach(vitec_connect_package IN LISTS ${vitec_connect_list})
    separate_arguments(vitec_connect_package UNIX_COMMAND "${vitec_connect_package}")
    find_package(${vitec_connect_package} REQUIRED)
  endforeach()
endmacro()
