include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS vitec_connect_models vitec_connect EXPORT vitec_connect_targets)

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

configure_file(${PROJECT_SOURCE_DIR}/cmake/vitec_connect.pc.in
               ${PROJECT_BINARY_DIR}/vitec_connect.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/vitec_connect.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)
