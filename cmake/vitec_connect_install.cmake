include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS vitec_connect_models vitec_connect EXPORT vitec_connect_targets)
if(TARGET vitec_connect_outbox)
  install(TARGETS vitec_connect_outbox EXPORT vitec_connect_targets)
endif()

set(config_dir ${CMAKE_INSTALL_DATADIR}/cmake/vitec_connect)  # header-only: arch-independent
install(EXPORT vitec_connect_targets NAMESPACE vitec:: DESTINATION ${config_dir}
        FILE vitec_connectTargets.cmake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connectConfig.cmake.in
  ${PROJECT_BINARY_DIR}/vitec_connectConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/vitec_connectConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/vitec_connectConfig.cmake
              ${PROJECT_BINARY_DIR}/vitec_connectConfigVersion.cmake
        DESTINATION ${config_dir})

# The .pc file names the prefix relative to itself, so an installed tree can be moved (or
# installed with --prefix at install time) and still be found through PKG_CONFIG_PATH.
set(pkgconfig_dir ${CMAKE_INSTALL_DATADIR}/pkgconfig)
file(RELATIVE_PATH pkgconfig_to_prefix /prefix/${pkgconfig_dir} /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connect.pc.in
               ${PROJECT_BINARY_DIR}/vitec_connect.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/vitec_connect.pc DESTINATION ${pkgconfig_dir})
