include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(config_dir ${CMAKE_INSTALL_DATADIR}/cmake/vitec_connect)  # header-only: arch-independent

# vitec_connect_component(NAME TARGET target PACKAGES list_variable [BUILDS_ON component...]):
# installs `target` as the package's component NAME, with a targets file of its own, and writes
# into the package config what the component needs, so that find_package(vitec_connect
# COMPONENTS NAME) looks for those packages only. Declare a component after those it builds on.
set(vitec_connect_component_table "")
function(vitec_connect_component name)
  cmake_parse_arguments(arg "" "TARGET;PACKAGES" "BUILDS_ON" ${ARGN})
  install(TARGETS ${arg_TARGET} EXPORT vitec_connect_${name})
  install(EXPORT vitec_connect_${name} NAMESPACE vitec:: DESTINATION ${config_dir}
          FILE vitec_connect_${name}Targets.cmake)
  set(packages "")
  foreach(package IN LISTS ${arg_PACKAGES})
    string(APPEND packages " \"${package}\"")
  endforeach()
  string(APPEND vitec_connect_component_table
         "list(APPEND _vitec_connect_components ${name})\n"
         "set(_vitec_connect_${name}_builds_on ${arg_BUILDS_ON})\n"
         "set(_vitec_connect_${name}_packages${packages})\n")
  set(vitec_connect_component_table "${vitec_connect_component_table}" PARENT_SCOPE)
endfunction()

vitec_connect_component(models TARGET vitec_connect_models PACKAGES vitec_connect_models_packages)
vitec_connect_component(connect TARGET vitec_connect PACKAGES vitec_connect_connect_packages
                        BUILDS_ON models)
if(TARGET vitec_connect_outbox)  # the durable outbox, built when SQLite 3 is found
  vitec_connect_component(outbox TARGET vitec_connect_outbox PACKAGES vitec_connect_outbox_packages
                          BUILDS_ON connect)
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connectConfig.cmake.in
  ${PROJECT_BINARY_DIR}/vitec_connectConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/vitec_connectConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/vitec_connectConfig.cmake
              ${PROJECT_BINARY_DIR}/vitec_connectConfigVersion.cmake
        DESTINATION ${config_dir})

# The .pc file names the prefix relative to itself, so an installed tree can be moved (or
# installed with --prefix at install time) and still be found through PKG_CONFIG_PATH. It holds
# no -std=: the consumer picks its standard (C++17 or newer).
set(pkgconfig_dir ${CMAKE_INSTALL_DATADIR}/pkgconfig)
file(RELATIVE_PATH pkgconfig_to_prefix /prefix/${pkgconfig_dir} /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connect.pc.in
               ${PROJECT_BINARY_DIR}/vitec_connect.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/vitec_connect.pc DESTINATION ${pkgconfig_dir})
# The outbox has a file of its own, as it has a CMake component of its own: vitec_connect stays
# free of SQLite, and a program that uses the outbox asks for vitec_connect_outbox, which brings
# vitec_connect and sqlite3.
if(TARGET vitec_connect_outbox)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connect_outbox.pc.in
                 ${PROJECT_BINARY_DIR}/vitec_connect_outbox.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/vitec_connect_outbox.pc DESTINATION ${pkgconfig_dir})
endif()
