#===- KilnInstall.cmake - `cmake --install` and the Kiln CMake package ----===#
#
# <prefix>/bin           kiln, kiln-opt
# <prefix>/include       kiln_runtime.h, kiln_custom_op.h, kiln_threads.h,
#                        kiln-c/Kiln.h (C API), kiln/Plugin.h, kiln/Version.h
#                        and dialects/Graph/IR/*.h{,.inc} (pass plugins)
# <prefix>/lib           libkiln_rt.a, libkiln_rt_threads.a, libkiln_capi.so
# <prefix>/lib/cmake/Kiln  KilnConfig.cmake, KilnConfigVersion.cmake,
#                        KilnModel.cmake (find_package(Kiln), docs/cmake.md)
# <prefix>/lib/python3/dist-packages/kiln   (python/CMakeLists.txt)

include(CMakePackageConfigHelpers)

set(KILN_INSTALL_CMAKEDIR lib/cmake/Kiln)

# Installed binaries keep finding Debian's libMLIR/libLLVM in
# ${KILN_LLVM_ROOT}/lib, which is not on the loader's default path.
set_target_properties(kiln kiln-opt kiln_capi PROPERTIES
  INSTALL_RPATH_USE_LINK_PATH ON)

install(TARGETS kiln kiln-opt RUNTIME DESTINATION bin)
install(TARGETS kiln_capi LIBRARY DESTINATION lib)
install(TARGETS kiln_rt ARCHIVE DESTINATION lib)
if(TARGET kiln_rt_threads)
  install(TARGETS kiln_rt_threads ARCHIVE DESTINATION lib)
endif()

# Runtime and ABI headers, C API.
foreach(header kiln_runtime.h kiln_custom_op.h kiln_threads.h)
  if(EXISTS ${KILN_SOURCE_DIR}/runtime/include/${header})
    install(FILES ${KILN_SOURCE_DIR}/runtime/include/${header}
            DESTINATION include)
  endif()
endforeach()
install(FILES ${KILN_SOURCE_DIR}/include/kiln-c/Kiln.h
        DESTINATION include/kiln-c)

# What a pass plugin includes: the plugin entry point and the graph dialect
# (its classes are defined in kiln and kiln-opt, which export them).
install(FILES ${KILN_SOURCE_DIR}/include/kiln/Plugin.h
              ${KILN_BINARY_DIR}/include/kiln/Version.h
        DESTINATION include/kiln)
install(FILES ${KILN_SOURCE_DIR}/dialects/Graph/IR/GraphDialect.h
              ${KILN_SOURCE_DIR}/dialects/Graph/IR/GraphOps.h
              ${KILN_BINARY_DIR}/dialects/Graph/IR/GraphDialect.h.inc
              ${KILN_BINARY_DIR}/dialects/Graph/IR/GraphOps.h.inc
              ${KILN_BINARY_DIR}/dialects/Graph/IR/GraphEnums.h.inc
        DESTINATION include/dialects/Graph/IR)

# The CMake package.
configure_package_config_file(
  ${KILN_SOURCE_DIR}/cmake/KilnConfig.cmake.in
  ${KILN_BINARY_DIR}/cmake/KilnConfig.cmake
  INSTALL_DESTINATION ${KILN_INSTALL_CMAKEDIR}
  PATH_VARS KILN_INSTALL_PYTHONDIR)
# 0.x releases break compatibility with every minor version.
write_basic_package_version_file(
  ${KILN_BINARY_DIR}/cmake/KilnConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${KILN_BINARY_DIR}/cmake/KilnConfig.cmake
              ${KILN_BINARY_DIR}/cmake/KilnConfigVersion.cmake
              ${KILN_SOURCE_DIR}/cmake/KilnModel.cmake
        DESTINATION ${KILN_INSTALL_CMAKEDIR})
